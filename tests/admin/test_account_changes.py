"""Police and approver accounts change only when a police approver accepts (issue 12)."""

import pytest
from sqlalchemy import select

from intranet.models import AuditEvent
from intranet.models import ChangeStatus
from intranet.models import db
from intranet.models import Organization
from intranet.models import OrgKind
from intranet.models import PendingChange
from intranet.models import Role
from intranet.models import User
from tests.factories import make_user
from tests.factories import PASSWORD

NEW_PASSWORD = "ba-con-voi-xanh"


def _org(code: str) -> Organization:
    return db.session.scalar(select(Organization).where(Organization.code == code))


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def _edit_form(user: User, **overrides) -> dict:
    return {
        "full_name": user.full_name,
        "organization": str(user.organization_id),
        "role": user.role.value,
        "village": str(user.village_id or ""),
        "locale": user.locale,
        "is_active": "y" if user.is_active else "",
        "version": str(user.version),
    } | overrides


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.fixture
def deputy(demo):
    """A second police approver, who may decide about the chief's account."""
    return make_user("congan.pho", role=Role.approver, org=_org("congan"))


def test_making_someone_an_approver_waits_for_the_police(app, client, demo, login):
    login("admin")
    mttq = _user("mttq")

    response = client.post(f"/admin/users/{mttq.id}", data=_edit_form(mttq, role="approver"))

    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/changes"
    assert _user("mttq").role == Role.member
    listing = client.get("/admin/changes").get_data(as_text=True)
    assert "mttq" in listing and "Đang chờ xác nhận" in listing
    assert "Chấp nhận" not in listing  # the clerk sees the request, never the button
    assert "account_change_requested" in _actions()

    police = app.test_client()
    police.post("/login", data={"username": "congan.truong", "password": "iakrai2025"})
    change = db.session.scalar(select(PendingChange))
    page = police.get("/admin/changes")
    accepted = police.post(f"/admin/changes/{change.id}/accept")

    assert page.status_code == 200
    assert "Người duyệt" in page.get_data(as_text=True)
    assert accepted.status_code == 303
    assert _user("mttq").role == Role.approver
    assert db.session.get(PendingChange, change.id).status == ChangeStatus.accepted
    assert "account_change_accepted" in _actions()


def test_the_clerk_cannot_accept_his_own_request(client, demo, login):
    login("admin")
    mttq = _user("mttq")
    client.post(f"/admin/users/{mttq.id}", data=_edit_form(mttq, role="approver"))
    change = db.session.scalar(select(PendingChange))

    response = client.post(f"/admin/changes/{change.id}/accept")

    assert response.status_code == 403
    assert _user("mttq").role == Role.member


def test_resetting_the_police_chiefs_password_waits_and_he_cannot_accept_it(
    app, client, demo, deputy, login
):
    chief_session = app.test_client()
    chief_session.post("/login", data={"username": "congan.truong", "password": "iakrai2025"})
    login("admin")
    chief = _user("congan.truong")

    response = client.post(
        f"/admin/users/{chief.id}/password",
        data={"password": NEW_PASSWORD, "version": str(chief.version)},
    )

    assert response.status_code == 303
    assert _user("congan.truong").check_password("iakrai2025")
    change = db.session.scalar(select(PendingChange))
    assert NEW_PASSWORD not in str(change.values) and change.password_hash
    own = chief_session.post(f"/admin/changes/{change.id}/accept")
    assert own.status_code == 403
    assert "tài khoản của chính bạn" in chief_session.get("/admin/changes").get_data(as_text=True)
    assert _user("congan.truong").check_password("iakrai2025")

    other = app.test_client()
    other.post("/login", data={"username": "congan.pho", "password": PASSWORD})
    accepted = other.post(f"/admin/changes/{change.id}/accept")

    assert accepted.status_code == 303
    assert _user("congan.truong").check_password(NEW_PASSWORD)
    assert chief_session.get("/").status_code == 302  # his open session ended
    assert db.session.get(PendingChange, change.id).password_hash is None


def test_a_rejected_change_changes_nothing_and_is_audited(app, client, demo, login):
    login("admin")
    canbo = _user("congan.canbo")
    client.post(
        f"/admin/users/{canbo.id}", data=_edit_form(canbo, organization=str(_org("mttq").id))
    )
    change = db.session.scalar(select(PendingChange))
    police = app.test_client()
    police.post("/login", data={"username": "congan.truong", "password": "iakrai2025"})

    response = police.post(f"/admin/changes/{change.id}/reject")

    assert response.status_code == 303
    assert _user("congan.canbo").organization.code == "congan"
    assert db.session.get(PendingChange, change.id).status == ChangeStatus.rejected
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "account_change_rejected")
    )
    assert event.actor.username == "congan.truong"
    assert police.post(f"/admin/changes/{change.id}/accept").status_code == 403


def test_a_new_police_account_exists_only_once_accepted(app, client, demo, login):
    login("admin")
    form = {
        "username": "congan.moi",
        "full_name": "Rơ Châm H'Lim",
        "password": NEW_PASSWORD,
        "organization": str(_org("congan").id),
        "role": "member",
        "village": "",
        "locale": "vi",
        "is_active": "y",
    }

    response = client.post("/admin/users", data=form)

    assert response.status_code == 303
    assert _user("congan.moi") is None
    police = app.test_client()
    police.post("/login", data={"username": "congan.truong", "password": "iakrai2025"})
    change = db.session.scalar(select(PendingChange))
    assert police.post(f"/admin/changes/{change.id}/accept").status_code == 303
    created = _user("congan.moi")
    assert created.organization.code == "congan" and created.role == Role.member
    signed_in = app.test_client().post(
        "/login", data={"username": "congan.moi", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 303


@pytest.mark.parametrize(
    ("username", "change"),
    [
        ("mttq", {"organization": "congan"}),  # into the police
        ("congan.canbo", {"organization": "mttq"}),  # out of the police
        ("congan.canbo", {"role": "leader"}),  # a police role removed
        ("congan.canbo", {"is_active": ""}),  # a police account disabled
    ],
    ids=["into-police", "out-of-police", "role-removed", "disabled"],
)
def test_every_change_of_a_police_role_waits(client, demo, login, hx, username, change):
    login("admin")
    user = _user(username)
    before = (user.organization_id, user.role, user.is_active)
    if "organization" in change:
        change = {"organization": str(_org(change["organization"]).id)}

    response = client.post(
        f"/admin/users/{user.id}", data=_edit_form(user, **change), headers=hx.partial
    )

    assert response.status_code == 200
    assert "Đang chờ người duyệt của công an xác nhận" in response.get_data(as_text=True)
    after = _user(username)
    assert (after.organization_id, after.role, after.is_active) == before
    assert db.session.scalar(select(PendingChange)).username == username


def test_a_police_officers_name_is_edited_at_once(client, demo, login):
    login("admin")
    canbo = _user("congan.canbo")

    response = client.post(
        f"/admin/users/{canbo.id}", data=_edit_form(canbo, full_name="Ksor Y Tin")
    )

    assert response.status_code == 303
    assert _user("congan.canbo").full_name == "Ksor Y Tin"
    assert db.session.scalar(select(PendingChange)) is None


def test_an_organization_with_accounts_cannot_become_the_police(client, demo, login):
    login("admin")
    front = _org("mttq")

    response = client.post(
        f"/admin/orgs/{front.id}",
        data={
            "name": front.name,
            "kind": OrgKind.police.value,
            "parent": "",
            "is_active": "y",
            "version": str(front.version),
        },
    )

    assert response.status_code == 422
    assert "không thể chuyển thành hoặc thôi là công an" in response.get_data(as_text=True)
    assert _org("mttq").kind == OrgKind.front


def test_the_police_cannot_be_marked_inactive_while_it_has_accounts(client, demo, login):
    login("admin")
    police = _org("congan")

    response = client.post(
        f"/admin/orgs/{police.id}",
        data={
            "name": police.name,
            "kind": OrgKind.police.value,
            "parent": str(police.parent_id or ""),
            "is_active": "",
            "version": str(police.version),
        },
    )

    assert response.status_code == 422
    assert _org("congan").is_active


def test_others_cannot_see_the_waiting_changes(client, demo, login):
    login("congan.canbo")

    assert client.get("/admin/changes").status_code == 403
