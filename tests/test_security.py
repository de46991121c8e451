"""Headers on every response, CSRF on every form, no inline script (DESIGN section 6)."""

import json
import os
import re
import runpy
import stat
from pathlib import Path

import pytest

from intranet.config import Config
from intranet.models import db
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


def test_pages_are_revalidated_and_static_files_may_be_kept(client):
    # private, no-cache: never reused without asking, but Back may use the bfcache.
    assert client.get("/login").headers["Cache-Control"] == "private, no-cache"
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
    assert "Phiên làm việc đã kết thúc" in response.get_data(as_text=True)


def test_form_with_its_csrf_token_is_accepted(csrf_client):
    page = csrf_client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    response = csrf_client.post(
        "/login", data={"username": "mttq", "password": PASSWORD, "csrf_token": token}
    )

    assert response.status_code == 303


def test_htmx_requests_carry_the_csrf_header_from_the_page(csrf_client):
    page = csrf_client.get("/login").get_data(as_text=True)
    header = re.search(r"<div class=\"page\" hx-headers:inherited='([^']+)'", page)
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


@pytest.mark.sqlite_only
def test_the_database_and_its_journal_files_are_private(make_app, tmp_path):
    database = tmp_path / "data" / "intranet.db"
    database.parent.mkdir()
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
    with app.app_context():
        db.create_all()
        make_user("mttq")
        files = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
        modes = {f.name: stat.S_IMODE(f.stat().st_mode) for f in files}

    assert modes == {"intranet.db": 0o600, "intranet.db-wal": 0o600, "intranet.db-shm": 0o600}


@pytest.mark.sqlite_only
def test_an_existing_readable_database_is_made_private(make_app, tmp_path):
    database = tmp_path / "intranet.db"
    database.touch(mode=0o644)
    os.chmod(database, 0o644)

    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
    with app.app_context():
        db.create_all()

    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def test_the_instance_folder_is_private(app):
    assert stat.S_IMODE(Path(app.instance_path).stat().st_mode) == 0o700


def test_a_real_installation_without_secure_cookies_warns_at_start(make_app, caplog):
    make_app(DEMO_MODE=False, SESSION_COOKIE_SECURE=False)
    make_app(DEMO_MODE=False, SESSION_COOKIE_SECURE=True)
    make_app(DEMO_MODE=True, SESSION_COOKIE_SECURE=False)

    warnings = [r for r in caplog.records if "SESSION_COOKIE_SECURE" in r.getMessage()]
    assert len(warnings) == 1
    assert warnings[0].levelname == "WARNING"


DEPLOY = Path(__file__).parent.parent / "deploy"


def test_nginx_sends_hsts_everywhere_and_limits_sign_in_attempts():
    conf = (DEPLOY / "nginx-intranet.conf").read_text()

    hsts = 'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;'
    # add_header in a location replaces the server's: every location that adds headers repeats it.
    assert conf.count(hsts) == conf.count("location /static/") + 1
    assert re.search(r"limit_req_zone \$intranet_login_key zone=intranet_login:\d+m rate=", conf)
    login = re.search(r"location = /login \{(.*?)\n    \}", conf, re.S).group(1)
    assert "limit_req zone=intranet_login" in login
    assert "limit_req_status 429;" in login


def test_systemd_keeps_new_files_private_and_waits_for_graceful_stop():
    unit = (DEPLOY / "intranet.service").read_text()
    gunicorn = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))

    assert "UMask=0077" in unit
    stop = int(re.search(r"TimeoutStopSec=(\d+)", unit).group(1))
    assert stop > gunicorn["graceful_timeout"]


def test_gunicorn_listens_only_where_nginx_reaches_it(monkeypatch):
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    default = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    monkeypatch.setenv("GUNICORN_BIND", "unix:/run/intranet/gunicorn.sock")
    overridden = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))

    assert default["bind"] == ["127.0.0.1:8000"]
    assert overridden["bind"] == ["unix:/run/intranet/gunicorn.sock"]


def test_tip_and_police_pages_are_never_stored(client, people):
    client.post("/login", data={"username": "lang07", "password": PASSWORD})
    assert client.get("/tips/new").headers["Cache-Control"] == "no-store"
    assert client.get("/villages/lang07").headers["Cache-Control"] == "private, no-cache"
    client.post("/logout")
    client.post("/login", data={"username": "congan.truong", "password": PASSWORD})
    assert client.get("/logs").headers["Cache-Control"] == "no-store"


def test_favicon_and_description(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    icon.close()
    page = client.get("/login").get_data(as_text=True)
    assert '<meta name="description" content="' in page
    assert 'rel="icon"' in page
