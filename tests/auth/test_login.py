"""Signing in and out (DESIGN section 3; issue 2)."""

import pytest
from sqlalchemy import select

from intranet.models import AuditEvent
from intranet.models import db
from intranet.models import LoginFailure
from intranet.models import Role
from tests.factories import make_user
from tests.factories import PASSWORD


def test_signed_out_visitor_is_sent_to_sign_in_with_next(client):
    response = client.get("/admin/users?q=lang")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/admin/users%3Fq%3Dlang"


def test_signed_out_htmx_request_gets_401_and_hx_redirect(client, hx):
    response = client.get("/admin/users", headers=hx.partial)

    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login?next=/admin/users"


def test_sign_in_page_is_vietnamese(client):
    response = client.get("/login")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Đăng nhập" in page
    assert "Tên đăng nhập" in page
    assert "Dữ liệu minh họa" in page or "minh họa" in page


def test_member_signs_in_and_reaches_home(client, app):
    user = make_user("phunu", full_name="Siu H'Nhi")

    response = client.post("/login", data={"username": "phunu", "password": PASSWORD})

    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert "Siu H&#39;Nhi" in home.get_data(as_text=True)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login")).all()
    assert [e.actor_id for e in events] == [user.id]


def test_username_is_case_and_space_insensitive(client, app):
    make_user("mttq")

    response = client.post("/login", data={"username": "  MTTQ ", "password": PASSWORD})

    assert response.status_code == 303


def test_wrong_password_keeps_username_and_says_so(client, app):
    make_user("mttq")

    response = client.post("/login", data={"username": "mttq", "password": "nope"})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Sai tên đăng nhập hoặc mật khẩu." in page
    assert 'value="mttq"' in page
    assert "nope" not in page
    failed = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login_failed"))
    assert [e.details["username"] for e in failed] == ["mttq"]


def test_unknown_username_gets_the_same_message(client, app):
    response = client.post("/login", data={"username": "ghost", "password": "nope"})

    assert response.status_code == 422
    assert "Sai tên đăng nhập hoặc mật khẩu." in response.get_data(as_text=True)


def test_empty_fields_get_messages(client, app):
    response = client.post("/login", data={"username": "", "password": ""})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nhập tên đăng nhập." in page
    assert "Nhập mật khẩu." in page


def test_five_failures_pause_the_account_on_this_address(client, app):
    make_user("mttq")
    for _ in range(4):
        response = client.post("/login", data={"username": "mttq", "password": "nope"})
        assert response.status_code == 422

    fifth = client.post("/login", data={"username": "mttq", "password": "nope"})
    with_right_password = client.post("/login", data={"username": "mttq", "password": PASSWORD})

    assert fifth.status_code == 429
    assert with_right_password.status_code == 429
    page = with_right_password.get_data(as_text=True)
    assert "Đăng nhập sai quá nhiều lần" in page
    assert "15 phút" in page


def test_pause_is_per_address(client, app):
    make_user("mttq")
    for _ in range(5):
        client.post("/login", data={"username": "mttq", "password": "nope"})

    other_device = client.post(
        "/login",
        data={"username": "mttq", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
    )

    assert other_device.status_code == 303


def test_pause_ends_when_the_window_has_passed(client, app):
    make_user("mttq")
    for _ in range(5):
        client.post("/login", data={"username": "mttq", "password": "nope"})
    for failure in db.session.scalars(select(LoginFailure)):
        failure.at = failure.at.replace(year=failure.at.year - 1)
    db.session.commit()

    response = client.post("/login", data={"username": "mttq", "password": PASSWORD})

    assert response.status_code == 303
    assert db.session.scalars(select(LoginFailure)).all() == []


def test_disabled_account_cannot_sign_in(client, app):
    make_user("mttq", is_active=False)

    response = client.post("/login", data={"username": "mttq", "password": PASSWORD})

    assert response.status_code == 403
    assert "Tài khoản này đã bị khóa" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    ("next_path", "expected"),
    [
        ("/admin/users?q=a", "/admin/users?q=a"),
        ("https://evil.example/", "/"),
        ("//evil.example/x", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
    ],
)
def test_next_only_leads_to_a_path_on_this_site(client, app, next_path, expected):
    make_user("admin", role=Role.admin)

    response = client.post(
        "/login", data={"username": "admin", "password": PASSWORD, "next": next_path}
    )

    assert response.status_code == 303
    assert response.headers["Location"] == expected


def test_sign_out_ends_the_session(client, app, login):
    make_user("mttq")
    login("mttq")

    response = client.post("/logout")

    assert response.status_code == 303
    assert response.headers["Location"] == "/login"
    assert client.get("/").status_code == 302


def test_sign_out_is_post_only(client, app):
    assert client.get("/logout").status_code == 405


def test_signed_in_user_visiting_login_goes_home(client, app, login):
    make_user("mttq")
    login("mttq")

    response = client.get("/login")

    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_disabling_an_account_ends_its_open_session(client, app, login):
    user = make_user("mttq")
    login("mttq")
    user.is_active = False
    db.session.commit()

    assert client.get("/").status_code == 302


def test_behind_a_proxy_the_forwarded_address_is_throttled(make_app):
    app = make_app(PROXY_FIX_X_FOR=1)
    with app.app_context():
        make_user("mttq")
    client = app.test_client()
    for _ in range(5):
        client.post(
            "/login",
            data={"username": "mttq", "password": "nope"},
            headers={"X-Forwarded-For": "192.0.2.7"},
        )

    same_device = client.post(
        "/login",
        data={"username": "mttq", "password": PASSWORD},
        headers={"X-Forwarded-For": "192.0.2.7"},
    )
    other_device = client.post(
        "/login",
        data={"username": "mttq", "password": PASSWORD},
        headers={"X-Forwarded-For": "192.0.2.8"},
    )

    assert same_device.status_code == 429
    assert other_device.status_code == 303


def test_a_copied_session_cookie_stops_working_after_sign_out(client, app, login):
    make_user("lang07")
    login("lang07")
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    assert copy.get("/").status_code == 200

    client.post("/logout")

    replayed = copy.get("/")
    assert replayed.status_code == 302
    assert replayed.headers["Location"].startswith("/login")


def test_members_of_an_inactive_organization_cannot_sign_in(client, app):
    user = make_user("mttq")
    user.organization.is_active = False
    db.session.commit()

    response = client.post("/login", data={"username": "mttq", "password": PASSWORD})

    assert response.status_code == 403
    assert "Tổ chức của bạn không còn làm việc trên mạng nội bộ" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    refused = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "login_refused"))
    assert refused.details == {"reason": "organization_inactive"}


def test_marking_an_organization_inactive_ends_its_open_sessions(client, app, login):
    user = make_user("mttq")
    login("mttq")
    assert client.get("/logs/new").status_code == 200
    user.organization.is_active = False
    db.session.commit()

    assert client.get("/logs/new").status_code == 302
    assert client.post("/logs", data={"title": "Họp dân"}).status_code == 302
