"""The villages: the register, one village's page and its security team's roster (Law 30/2023)."""

import pytest
from sqlalchemy import func
from sqlalchemy import select

from intranet.models import AuditEvent
from intranet.models import db
from intranet.models import Position
from intranet.models import SecurityTeam
from intranet.models import TeamMember
from intranet.models import Village


@pytest.fixture
def commune(app):
    """The demo's villages, teams and accounts (without log entries)."""
    from intranet import demo

    demo.load(with_entries=False)


def _village(code: str) -> Village:
    return db.session.scalar(select(Village).where(Village.code == code))


def _members(code: str, active: bool = True) -> list[TeamMember]:
    return list(
        db.session.scalars(
            select(TeamMember)
            .join(SecurityTeam)
            .join(Village)
            .where(Village.code == code, TeamMember.is_active.is_(active))
            .order_by(TeamMember.id)
        )
    )


def _member_form(**overrides) -> dict:
    return {
        "full_name": "Rơ Mah Hyun",
        "position": "member",
        "phone": "0912 345 678",
        "since": "2025-03-01",
        "origin": "Nguyên dân quân",
    } | overrides


def test_register_lists_36_villages_with_totals_equal_to_the_database(commune, client, login):
    login("mttq")

    page = client.get("/villages").get_data(as_text=True)

    active = db.session.scalar(select(func.count()).where(TeamMember.is_active.is_(True)))
    assert active == 120
    assert page.count('href="/villages/lang') == 36
    assert "Tổng (36 thôn, làng)" in page
    assert '<td class="number">120</td>' in page
    assert "29.596" in page


def test_register_sorts_and_filters(commune, client, login):
    login("mttq")

    by_members = client.get("/villages?sort=members&dir=desc").get_data(as_text=True)
    plei_only = client.get("/villages?kind=plei").get_data(as_text=True)

    first_row = by_members.split("<tbody>")[1].split("</tr>")[0]
    assert '<td class="number">4</td>' in first_row
    assert plei_only.count('href="/villages/lang') == 6
    assert "Thôn Tân Lập" not in plei_only


def test_board_shows_the_commune_team_totals(commune, client, login):
    login("mttq")

    page = client.get("/").get_data(as_text=True)

    assert '<dd id="board-teams">36</dd>' in page
    assert '<dd id="board-team-members">120</dd>' in page


def test_village_page_shows_its_team_and_the_chairs_decision(commune, client, login):
    login("mttq")

    page = client.get("/villages/lang07").get_data(as_text=True)

    assert "Làng Dơ Nâu" in page
    assert "Puih Khiêm" in page and "Tổ trưởng" in page
    assert "147/QĐ-UBND" in page and "16/09/2024" in page
    assert "Thêm thành viên" not in page  # mttq reads, does not manage


@pytest.mark.parametrize("username", ["lang07", "congan.canbo", "congan.truong", "admin"])
def test_team_managers_add_a_member_in_place(commune, client, login, hx, username):
    login(username)

    response = client.post("/villages/lang07/members", data=_member_form(), headers=hx.partial)

    assert response.status_code == 200
    assert response.get_data(as_text=True).startswith('<section id="villages-team"')
    assert [m.full_name for m in _members("lang07")][-1] == "Rơ Mah Hyun"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "team_member_added"))


@pytest.mark.parametrize("username", ["mttq", "lanhdao", "lang08"])
def test_others_cannot_touch_the_roster(commune, client, login, username):
    login(username)
    member = _members("lang07")[0]

    assert client.post("/villages/lang07/members", data=_member_form()).status_code == 403
    edit = f"/villages/lang07/members/{member.id}"
    assert client.post(edit, data=_member_form(version="1")).status_code == 403
    assert client.post(f"{edit}/leave").status_code == 403
    assert len(_members("lang07")) == 4


def test_a_member_is_reached_only_through_their_own_village(commune, client, login):
    login("lang07")
    other = _members("lang08")[0]

    assert client.get(f"/villages/lang07/members/{other.id}/edit").status_code == 404
    assert client.post(f"/villages/lang07/members/{other.id}/leave").status_code == 404
    assert other.is_active


def test_bad_member_input_gets_422_and_keeps_it(commune, client, login, hx):
    login("lang07")

    response = client.post(
        "/villages/lang07/members",
        data=_member_form(full_name="", phone="gọi anh Hyun", since="2099-01-01", position="boss"),
        headers=hx.partial,
    )

    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Nhập họ và tên." in body
    assert "Nhập số điện thoại từ 8 đến 20 chữ số." in body
    assert "Ngày không được sau ngày hôm nay." in body
    assert 'value="gọi anh Hyun"' in body
    assert len(_members("lang07")) == 4


def test_a_member_who_leaves_stays_on_record_with_the_date(commune, client, login):
    login("lang07")
    member = _members("lang07")[-1]

    response = client.post(f"/villages/lang07/members/{member.id}/leave")

    assert response.status_code == 303
    db.session.refresh(member)
    assert member.is_active is False and member.left_on is not None
    page = client.get("/villages/lang07").get_data(as_text=True)
    assert member.full_name in page and "Đã rời tổ ngày" in page


@pytest.mark.parametrize(
    ("leave", "warnings"),
    [
        ([], []),
        (["member"], []),
        (["member", "member"], ["Tổ có ít hơn 3 thành viên đang hoạt động."]),
        (["leader"], ["Tổ chưa có tổ trưởng."]),
    ],
)
def test_the_page_warns_at_the_laws_boundaries(commune, client, login, leave, warnings):
    login("lang07")
    for position in leave:
        member = [m for m in _members("lang07") if m.position == Position(position)][-1]
        client.post(f"/villages/lang07/members/{member.id}/leave")

    page = client.get("/villages/lang07").get_data(as_text=True)

    shown = [
        w
        for w in ("Tổ chưa có tổ trưởng.", "Tổ có ít hơn 3 thành viên đang hoạt động.")
        if w in page
    ]
    assert shown == warnings


def test_stale_member_edit_gets_409(commune, client, login, hx):
    login("lang07")
    member = _members("lang07")[1]
    shown = str(member.version)
    first = client.post(
        f"/villages/lang07/members/{member.id}", data=_member_form(full_name="A", version=shown)
    )
    assert first.status_code == 303

    second = client.post(
        f"/villages/lang07/members/{member.id}",
        data=_member_form(full_name="B", version=shown),
        headers=hx.partial,
    )

    assert second.status_code == 409
    assert 'value="B"' in second.get_data(as_text=True)
    db.session.refresh(member)
    assert member.full_name == "A"


def _team(code: str) -> SecurityTeam:
    return db.session.scalar(select(SecurityTeam).join(Village).where(Village.code == code))


def _decision(**overrides) -> dict:
    return {"decision_number": "201/QĐ-UBND", "decision_date": "2026-11-02"} | overrides


def test_the_chairs_decision_is_saved_over_the_version_shown(commune, client, login, hx):
    login("lang07")
    team = _team("lang07")

    first = client.post(
        "/villages/lang07/team", data=_decision(version=str(team.version)), headers=hx.partial
    )
    # The section answered carries the saved version: saving again is no conflict.
    db.session.refresh(team)
    assert f'name="version" type="hidden" value="{team.version}"' in first.get_data(as_text=True)
    again = client.post(
        "/villages/lang07/team",
        data=_decision(decision_number="202/QĐ-UBND", version=str(team.version)),
    )

    assert first.status_code == 200 and again.status_code == 303
    db.session.refresh(team)
    assert team.decision_number == "202/QĐ-UBND"


@pytest.mark.parametrize("shown", ["", "999"])
def test_a_decision_not_over_the_saved_version_gets_409(commune, client, login, shown):
    login("lang07")
    team = _team("lang07")

    response = client.post("/villages/lang07/team", data=_decision(version=shown))

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Người khác đã lưu bản ghi này trong lúc bạn đang sửa." in page
    assert 'value="201/QĐ-UBND"' in page  # what was typed is kept
    db.session.refresh(team)
    assert team.decision_number == "147/QĐ-UBND"


def test_edit_in_place_answers_an_editor_row(commune, client, login, hx):
    login("lang07")
    member = _members("lang07")[0]

    response = client.get(f"/villages/lang07/members/{member.id}/edit", headers=hx.partial)

    assert response.status_code == 200
    assert response.get_data(as_text=True).startswith(
        f'<tr id="member-{member.id}" class="editor-row"'
    )


@pytest.mark.parametrize("path", ["/villages", "/villages/lang07"])
def test_village_pages_run_a_constant_number_of_queries(
    commune, client, login, hx, count_queries, path
):
    login("lang07")

    def queries() -> int:
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        return len(statements)

    before = queries()
    for n in range(20):
        client.post("/villages/lang07/members", data=_member_form(full_name=f"Thành viên {n}"))

    assert queries() == before
