"""Vietnamese first, English beside it, remembered per user."""

import pytest

from intranet.models import db
from intranet.models import User
from tests.factories import make_user

pytestmark = pytest.mark.sqlite_only  # the language of pages, not SQL


def test_pages_are_vietnamese_by_default(client, app, login):
    make_user("mttq")
    login("mttq")

    page = client.get("/").get_data(as_text=True)

    assert '<html lang="vi">' in page
    assert "Bảng tin" in page
    assert "Đăng xuất" in page


def test_english_switch_is_remembered_on_the_account(client, app, login):
    user = make_user("mttq")
    login("mttq")

    response = client.post("/locale", data={"locale": "en", "next": "/"})

    assert response.status_code == 303
    assert db.session.get(User, user.id).locale == "en"
    client.post("/logout")
    login("mttq")
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Sign out" in page


def test_signed_out_visitor_can_switch_the_sign_in_page(client, app):
    client.post("/locale", data={"locale": "en", "next": "/login"})

    page = client.get("/login").get_data(as_text=True)

    assert "Username" in page


def test_unknown_language_is_ignored(client, app, login):
    user = make_user("mttq")
    login("mttq")

    response = client.post("/locale", data={"locale": "fr", "next": "https://evil.example/"})

    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert db.session.get(User, user.id).locale == "vi"
