"""Headers on every response, CSRF on every form, no inline script (DESIGN section 6)."""

import json
import re
from pathlib import Path

import pytest

from intranet.config import Config
from tests.factories import make_user
from tests.factories import PASSWORD

pytestmark = pytest.mark.sqlite_only  # headers and templates, not SQL

TEMPLATES = Path(__file__).parent.parent / "templates"


@pytest.mark.parametrize("path", ["/login", "/healthz", "/does-not-exist"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)

    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_are_not_stored_but_static_files_may_be(client):
    assert client.get("/login").headers["Cache-Control"] == "no-store"
    static = client.get("/static/css/app.css")
    assert static.status_code == 200
    assert static.headers.get("Cache-Control") != "no-store"
    static.close()


def test_session_cookie_is_httponly_and_samesite_lax(client, app):
    make_user("mttq")

    response = client.post("/login", data={"username": "mttq", "password": PASSWORD})

    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


@pytest.fixture
def csrf_client(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        make_user("mttq")
    return app.test_client()


def test_forged_form_without_csrf_token_gets_400(csrf_client):
    response = csrf_client.post("/login", data={"username": "mttq", "password": PASSWORD})

    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn" in response.get_data(as_text=True)


def test_form_with_its_csrf_token_is_accepted(csrf_client):
    page = csrf_client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    response = csrf_client.post(
        "/login", data={"username": "mttq", "password": PASSWORD, "csrf_token": token}
    )

    assert response.status_code == 303


def test_htmx_requests_carry_the_csrf_header_from_the_page(csrf_client):
    page = csrf_client.get("/login").get_data(as_text=True)
    header = re.search(r"<div class=\"page\" hx-headers:inherited='([^']+)'>", page)
    token = json.loads(header.group(1))["X-CSRFToken"]

    response = csrf_client.post(
        "/login",
        data={"username": "mttq", "password": PASSWORD},
        headers={"X-CSRFToken": token, "HX-Request": "true"},
    )

    assert response.status_code == 303


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: p.name)
def test_templates_have_no_inline_script_or_style(template):
    text = template.read_text()

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
    assert not re.search(r"\son[a-z]+=", text)
    assert "style=" not in text
    assert "hx-on" not in text
    assert "|safe" not in text.replace(" ", "")


def test_production_hashes_passwords_with_scrypt(make_app):
    app = make_app(PASSWORD_HASH_METHOD=Config.PASSWORD_HASH_METHOD)
    with app.app_context():
        user = make_user("mttq")
        user.set_password("mat-khau-rat-dai")

    assert Config.PASSWORD_HASH_METHOD == "scrypt"
    assert user.password_hash.startswith("scrypt:")
