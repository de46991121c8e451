"""The commands of DESIGN section 4 under `flask --app wsgi`."""

import sqlite3
import stat

import pytest
from sqlalchemy import func
from sqlalchemy import select

from intranet.models import db
from intranet.models import Organization
from intranet.models import OrgKind
from intranet.models import Role
from intranet.models import TeamMember
from intranet.models import User
from intranet.models import Village


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_load_builds_ia_krai_and_is_idempotent(runner):
    first = runner.invoke(args=["demo", "load"])
    second = runner.invoke(args=["demo", "load"])

    assert first.exit_code == 0, first.output
    assert "36 villages" in first.output
    nothing = "0 accounts, 0 log entries, 0 mediation cases, 0 tips, 0 attachments added"
    assert nothing in second.output
    assert "55 attachments added" in first.output
    assert _count(Village) == 36
    assert _count(User) == 8 + 36
    enterprises = select(func.count()).where(Organization.kind == OrgKind.enterprise)
    assert db.session.scalar(enterprises) == 5


def test_demo_villages_add_up_to_the_commune(runner, demo):

    villages = db.session.scalars(select(Village)).all()
    population = sum(v.population for v in villages)
    minorities = sum(v.population * v.minority_percent for v in villages) / population

    assert 29_000 <= population <= 30_000
    assert 45 <= minorities <= 49
    assert {v.code for v in villages} == {f"lang{n:02d}" for n in range(1, 37)}


def test_demo_accounts_have_their_roles_and_villages(runner, demo):

    users = {u.username: u for u in db.session.scalars(select(User))}

    assert users["admin"].role == Role.admin
    assert users["congan.truong"].role == Role.approver
    assert users["congan.truong"].organization.kind == OrgKind.police
    assert users["congan.canbo"].role == Role.member
    assert users["lanhdao"].role == Role.leader
    assert users["lang07"].village.code == "lang07"
    assert users["phunu"].organization.parent.code == "mttq"
    assert all(u.check_password("iakrai2025") for u in (users["admin"], users["lang36"]))


def test_users_create_adds_an_account(runner, demo):

    result = runner.invoke(
        args=[
            "users",
            "create",
            "--username",
            "CongAn.Moi",
            "--full-name",
            "Y Bih",
            "--org",
            "congan",
            "--role",
            "approver",
            "--password",
            "mat-khau-dai",
        ]
    )

    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "congan.moi"))
    assert user.role == Role.approver
    assert user.check_password("mat-khau-dai")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "khong-co"], "no organization with the code khong-co"),
        (["--org", "congan", "--username", "mttq"], "Tên đăng nhập này đã có người dùng."),
        (["--org", "congan", "--username", " MTTQ "], "Tên đăng nhập này đã có người dùng."),
        (["--org", "congan", "--username", "cán bộ"], "chữ thường không dấu"),
        (["--org", "congan", "--username", "ab"], "Tên đăng nhập có từ 3 đến 64 ký tự."),
        (["--org", "congan", "--village", "lang99"], "no village with the code lang99"),
        (["--org", "congan", "--password", "mat-khau"], "Mật khẩu có từ 10 đến 200 ký tự."),
        (["--org", "congan", "--password", "1234567890"], "mật khẩu phổ biến nhất"),
        (["--org", "congan", "--password", "Password2026"], "quá dễ đoán"),
    ],
    ids=[
        "no-org",
        "taken",
        "taken-other-case",
        "accents",
        "too-short-name",
        "no-village",
        "short-password",
        "common-password",
        "guessable-password",
    ],
)
def test_users_create_refuses_bad_input(runner, demo, args, message):
    base = {"--username": "moi", "--full-name": "Người mới", "--password": "mat-khau-dai"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value

    result = runner.invoke(args=["users", "create", *[x for kv in base.items() for x in kv]])

    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(select(User).where(User.username == "moi")) is None


@pytest.mark.sqlite_only
def test_backup_writes_a_consistent_sqlite_copy(runner, tmp_path):
    runner.invoke(args=["demo", "load"])
    target = tmp_path / "backups" / "intranet-2026-11-29.db"

    result = runner.invoke(args=["backup", str(target)])

    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT count(*) FROM village").fetchone() == (36,)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()
    again = runner.invoke(args=["backup", str(target)])
    assert again.exit_code != 0
    assert "exists already" in again.output


def test_demo_load_without_accounts_gives_a_real_installation_its_places(runner):
    result = runner.invoke(args=["demo", "load", "--without-accounts"])

    assert result.exit_code == 0, result.output
    assert _count(Village) == 36
    assert _count(Organization) == 16
    assert _count(User) == 0
    assert _count(TeamMember) == 0  # the demo's made-up people stay in the demo


def test_reference_load_gives_the_communes_places_once(runner):
    first = runner.invoke(args=["reference", "load"])
    again = runner.invoke(args=["reference", "load"])

    assert first.exit_code == 0, first.output
    assert "16 organizations, 36 villages added" in first.output
    assert "0 organizations, 0 villages added" in again.output
    assert _count(Village) == 36 and _count(Organization) == 16
    assert _count(User) == 0 and _count(TeamMember) == 0


def test_the_demo_loads_on_top_of_the_reference_data(runner):
    runner.invoke(args=["reference", "load"])

    result = runner.invoke(args=["demo", "load"])

    assert result.exit_code == 0, result.output
    assert "0 organizations, 0 villages, 120 team members, 44 accounts" in result.output
    assert _count(Village) == 36 and _count(Organization) == 16


@pytest.mark.sqlite_only
def test_backups_are_readable_by_their_owner_only(runner, tmp_path):
    runner.invoke(args=["demo", "load", "--without-accounts"])
    target = tmp_path / "new-folder" / "intranet.db"

    result = runner.invoke(args=["backup", str(target)])

    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert not [p for p in target.parent.iterdir() if p != target]  # no journal left behind
