"""How long a sign-in lasts (issue 14 item 3): a village tablet 30 days, others 12 hours; an
IT clerk signs a tablet out; a form sent after the session ended leads to sign-in and back."""

import time

import pytest
from flask.testing import FlaskClient

from intranet.models import Role
from tests.factories import make_user
from tests.factories import PASSWORD

HOUR = 3600


def _signed_in_hours_ago(client: FlaskClient, hours: float) -> None:
    with client.session_transaction() as session:
        session["signed_in_at"] = int(time.time() - hours * HOUR)


def test_tablet_stays_signed_in_for_thirty_days(client, people, login):
    login("lang07")
    _signed_in_hours_ago(client, 29 * 24)
    assert client.get("/villages/lang07").status_code == 200

    _signed_in_hours_ago(client, 30 * 24 + 1)
    response = client.get("/villages/lang07")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_other_accounts_are_signed_out_after_twelve_hours(client, people, login):
    login("phunu")
    _signed_in_hours_ago(client, 11.5)
    assert client.get("/logs").status_code == 200

    _signed_in_hours_ago(client, 12.5)
    assert client.get("/logs").status_code == 302


def test_the_session_cookie_outlives_closing_the_browser(client, people):
    response = client.post("/login", data={"username": "lang07", "password": PASSWORD})

    cookie = response.headers["Set-Cookie"]
    assert "Expires=" in cookie


def test_it_clerk_signs_a_tablet_out(make_app, people):
    app = make_app()
    tablet, clerk = app.test_client(), app.test_client()
    make_user("itclerk", role=Role.admin)
    tablet.post("/login", data={"username": "lang07", "password": PASSWORD})
    clerk.post("/login", data={"username": "itclerk", "password": PASSWORD})
    assert tablet.get("/villages/lang07").status_code == 200
    users = clerk.get("/admin/users?q=lang07").get_data(as_text=True)
    assert "Đăng xuất máy tính bảng này" in users

    response = clerk.post(f"/admin/users/{people['lang07'].id}/sign-out")

    assert response.status_code == 303
    assert tablet.get("/villages/lang07").status_code == 302


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


def test_a_form_sent_after_the_session_ended_leads_to_sign_in_and_back(csrf_app, people):
    client = csrf_app.test_client()
    client.post("/login", data={"username": "lang07", "password": PASSWORD})
    client.get("/logout")  # nothing: sign-out is a POST
    with client.session_transaction() as session:
        session.clear()  # the session ended: its CSRF token went with it

    response = client.post(
        "/logs",
        data={"title": "Họp dân", "csrf_token": "stale"},
        headers={"Referer": "http://localhost/logs/new"},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/logs/new"
