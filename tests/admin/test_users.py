"""The administrator manages accounts: create, edit in place, disable, reset the password."""

import pytest
from sqlalchemy import select

from intranet.models import AuditEvent
from intranet.models import db
from intranet.models import Organization
from intranet.models import Role
from intranet.models import User
from intranet.models import Village


def _org(code: str) -> Organization:
    return db.session.scalar(select(Organization).where(Organization.code == code))


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def _new_user_form(**overrides) -> dict:
    return {
        "username": "canbo.moi",
        "full_name": "Nguyễn Thị Lan",
        "password": "mat-khau-moi",
        "organization": str(_org("phunu").id),
        "role": "member",
        "village": "",
        "locale": "vi",
        "is_active": "y",
    } | overrides


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


def test_admin_sees_every_account(client, demo, login):
    login("admin")

    response = client.get("/admin/users?q=lang0")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "lang01" in page and "lang09" in page
    assert "congan.truong" not in page


def test_admin_creates_an_account_that_can_sign_in(client, demo, login):
    login("admin")

    response = client.post("/admin/users", data=_new_user_form())

    assert response.status_code == 303
    created = _user("canbo.moi")
    assert created.full_name == "Nguyễn Thị Lan"
    assert created.organization.code == "phunu"
    assert created.role == Role.member
    assert created.check_password("mat-khau-moi")
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user_created"))
    client.post("/logout")
    signed_in = client.post("/login", data={"username": "canbo.moi", "password": "mat-khau-moi"})
    assert signed_in.status_code == 303


def test_new_account_with_bad_input_keeps_what_was_typed(client, demo, login):
    login("admin")

    response = client.post(
        "/admin/users",
        data=_new_user_form(username="mttq", password="short", organization="99999"),
    )

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Tên đăng nhập này đã có người dùng." in page
    assert "Mật khẩu có từ 10 đến 200 ký tự." in page
    assert "Hãy chọn tổ chức trong danh sách." in page
    assert "Nguyễn Thị Lan" in page
    assert _user("canbo.moi") is None


def test_username_with_accents_or_spaces_is_refused(client, demo, login):
    login("admin")

    response = client.post("/admin/users", data=_new_user_form(username="cán bộ"))

    assert response.status_code == 422
    assert "chữ thường không dấu" in response.get_data(as_text=True)


def test_edit_in_place_answers_the_editor_row_then_the_saved_row(client, demo, login, hx):
    login("admin")
    user = _user("mttq")

    editor = client.get(f"/admin/users/{user.id}/edit", headers=hx.partial)
    saved = client.post(
        f"/admin/users/{user.id}",
        data=_edit_form(user, full_name="Trần Thị Mai Anh", role="leader"),
        headers=hx.partial,
    )

    assert editor.status_code == 200
    assert editor.get_data(as_text=True).startswith(f'<tr id="user-{user.id}"')
    assert saved.status_code == 200
    row = saved.get_data(as_text=True)
    assert row.startswith(f'<tr id="user-{user.id}"')
    assert "Trần Thị Mai Anh" in row and "Lãnh đạo" in row
    assert "Vary" in saved.headers and "HX-Request-Type" in saved.headers["Vary"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user_updated"))
    assert event.details["changes"]["role"] == ["member", "leader"]


def test_edit_without_javascript_redirects_to_the_list(client, demo, login):
    login("admin")
    user = _user("mttq")

    page = client.get(f"/admin/users/{user.id}/edit")
    saved = client.post(f"/admin/users/{user.id}", data=_edit_form(user, full_name="Mai"))

    assert page.status_code == 200
    assert "<html" in page.get_data(as_text=True)
    assert saved.status_code == 303
    assert saved.headers["Location"] == "/admin/users"
    assert "Đã lưu tài khoản mttq." in client.get("/admin/users").get_data(as_text=True)


def test_invalid_edit_in_place_answers_422_with_the_input(client, demo, login, hx):
    login("admin")
    user = _user("mttq")

    response = client.post(
        f"/admin/users/{user.id}",
        data=_edit_form(user, full_name="", village="424242"),
        headers=hx.partial,
    )

    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert body.startswith(f'<tr id="user-{user.id}"')
    assert "Nhập họ và tên." in body
    assert "Hãy chọn thôn, làng trong danh sách." in body
    assert _user("mttq").full_name == "Trần Thị Mai"


def test_stale_edit_gets_409_with_both_versions(client, demo, login, hx):
    login("admin")
    user = _user("mttq")
    stale = _edit_form(user, full_name="Bản của tôi")
    first = client.post(f"/admin/users/{user.id}", data=_edit_form(user, full_name="Bản trước"))
    assert first.status_code == 303

    response = client.post(f"/admin/users/{user.id}", data=stale, headers=hx.partial)

    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Người khác đã lưu bản ghi này" in body
    assert 'value="Bản của tôi"' in body
    assert "Bản trước" in body
    assert _user("mttq").full_name == "Bản trước"
    again = client.post(
        f"/admin/users/{user.id}", data=_edit_form(_user("mttq"), full_name="Bản của tôi")
    )
    assert again.status_code == 303
    assert _user("mttq").full_name == "Bản của tôi"


def test_disabling_an_account_stops_its_sign_in(client, demo, login):
    login("admin")
    user = _user("phunu")

    response = client.post(f"/admin/users/{user.id}", data=_edit_form(user, is_active=""))

    assert response.status_code == 303
    assert _user("phunu").is_active is False
    client.post("/logout")
    refused = client.post("/login", data={"username": "phunu", "password": "iakrai2025"})
    assert refused.status_code == 403


def test_admin_cannot_lock_themselves_out(client, demo, login):
    login("admin")
    admin = _user("admin")

    demoted = client.post(f"/admin/users/{admin.id}", data=_edit_form(admin, role="member"))
    disabled = client.post(f"/admin/users/{admin.id}", data=_edit_form(admin, is_active=""))

    assert demoted.status_code == 422
    assert "Bạn không thể tự bỏ vai trò quản trị của mình." in demoted.get_data(as_text=True)
    assert disabled.status_code == 422
    assert "Bạn không thể tự khóa tài khoản của mình." in disabled.get_data(as_text=True)
    assert _user("admin").role == Role.admin and _user("admin").is_active


def test_password_reset_works_and_ends_open_sessions(app, client, demo, login, hx):
    other = app.test_client()
    other.post("/login", data={"username": "tuphap", "password": "iakrai2025"})
    assert other.get("/").status_code == 200
    login("admin")
    user = _user("tuphap")

    response = client.post(
        f"/admin/users/{user.id}/password",
        data={"password": "mat-khau-2026", "version": str(user.version)},
        headers=hx.partial,
    )

    assert response.status_code == 200
    assert "Đã đặt mật khẩu mới." in response.get_data(as_text=True)
    assert _user("tuphap").check_password("mat-khau-2026")
    assert other.get("/").status_code == 302
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "password_reset"))
    events = db.session.scalars(select(AuditEvent)).all()
    assert all("mat-khau-2026" not in str(event.details) for event in events)


def test_short_password_reset_is_refused(client, demo, login):
    login("admin")
    user = _user("tuphap")

    response = client.post(
        f"/admin/users/{user.id}/password", data={"password": "123", "version": str(user.version)}
    )

    assert response.status_code == 422
    assert "Mật khẩu có từ 10 đến 200 ký tự." in response.get_data(as_text=True)
    assert _user("tuphap").check_password("iakrai2025")


def test_unknown_account_is_404(client, demo, login):
    login("admin")

    assert client.get("/admin/users/999999/edit").status_code == 404
    assert client.post("/admin/users/999999", data={}).status_code == 404


def test_village_account_can_be_moved_to_another_village(client, demo, login):
    login("admin")
    user = _user("lang07")
    village = db.session.scalar(select(Village).where(Village.code == "lang08"))

    response = client.post(f"/admin/users/{user.id}", data=_edit_form(user, village=village.id))

    assert response.status_code == 303
    assert _user("lang07").village.code == "lang08"


def test_role_choices_are_in_vietnamese(client, demo, login):
    login("admin")

    page = client.get("/admin/users/new").get_data(as_text=True)

    assert '<option value="approver">Người duyệt</option>' in page


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("mat-khau", "Mật khẩu có từ 10 đến 200 ký tự."),
        ("1234567890", "Mật khẩu này là một trong những mật khẩu phổ biến nhất."),
        ("Password2026", "Mật khẩu này quá dễ đoán."),
    ],
    ids=["nine-characters", "common", "guessable"],
)
def test_weak_passwords_are_refused_on_the_form(client, demo, login, password, message):
    login("admin")

    created = client.post("/admin/users", data=_new_user_form(password=password))
    reset = client.post(
        f"/admin/users/{_user('tuphap').id}/password",
        data={"password": password, "version": str(_user("tuphap").version)},
    )

    assert created.status_code == 422
    assert message in created.get_data(as_text=True)
    assert _user("canbo.moi") is None
    assert reset.status_code == 422
    assert message in reset.get_data(as_text=True)
    assert _user("tuphap").check_password("iakrai2025")


def test_a_password_made_of_the_username_is_refused(client, demo, login):
    login("admin")

    response = client.post("/admin/users", data=_new_user_form(password="canbo.moi2026"))

    assert response.status_code == 422
    assert "Mật khẩu này quá dễ đoán." in response.get_data(as_text=True)


def test_usernames_are_unique_whatever_their_case(client, demo, login):
    login("admin")

    response = client.post("/admin/users", data=_new_user_form(username="  MTTQ "))

    assert response.status_code == 422
    assert "Tên đăng nhập này đã có người dùng." in response.get_data(as_text=True)


def test_a_username_is_stored_in_lowercase(client, demo, login):
    login("admin")

    response = client.post("/admin/users", data=_new_user_form(username="CanBo.Moi"))

    assert response.status_code == 303
    assert _user("canbo.moi") is not None
