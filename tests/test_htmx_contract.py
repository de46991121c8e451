"""One URL, full page or fragment (STYLE section 8.3): what htmx 4 gets for each request kind."""

import gzip
import re

import pytest
from sqlalchemy import select

from intranet.models import db
from intranet.models import User
from intranet.permissions import public

pytestmark = pytest.mark.sqlite_only  # which template answers, not SQL

DUAL_URLS = [
    ("/admin/users/{user}/edit", '<tr id="user-{user}" class="editor-row">'),
    ("/admin/users/{user}", '<tr id="user-{user}"'),
]


def _ids() -> dict:
    return {"user": db.session.scalar(select(User.id).where(User.username == "mttq"))}


@pytest.mark.parametrize(("path", "fragment_start"), DUAL_URLS)
def test_targeted_htmx_request_gets_the_fragment(client, demo, login, hx, path, fragment_start):
    login("admin")
    ids = _ids()

    response = client.get(path.format(**ids), headers=hx.partial)

    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.startswith(fragment_start.format(**ids))
    assert "<html" not in body
    assert {"HX-Request", "HX-Request-Type"} <= set(response.vary)


@pytest.mark.parametrize("kind", ["boosted", "restore"])
def test_boosted_and_restored_requests_get_the_whole_page(client, demo, login, hx, kind):
    login("admin")
    path = f"/admin/users/{_ids()['user']}/edit"

    response = client.get(path, headers=getattr(hx, kind))

    assert response.status_code == 200
    assert "<html" in response.get_data(as_text=True)


def test_fragment_error_answers_are_retargeted_to_the_alerts(client, demo, login, hx):
    login("admin")

    response = client.get("/admin/users/999999/edit", headers=hx.partial)

    assert response.status_code == 404
    assert response.headers["HX-Retarget"] == "#alerts"
    assert "Không tìm thấy" in response.get_data(as_text=True)


def test_full_page_error_is_a_whole_page_in_vietnamese(client, demo, login):
    login("mttq")

    response = client.get("/admin/users")

    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "<html" in page and "Không được phép" in page
    assert "Traceback" not in page


def test_unexpected_error_shows_a_calm_page_and_rolls_back(make_app, caplog):
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @app.route("/boom")
    @public
    def boom():
        raise RuntimeError("secret internal detail")

    response = app.test_client().get("/boom")

    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Đã xảy ra lỗi" in page
    assert "secret internal detail" not in page
    assert "Exception on /boom" in caplog.text


def test_first_load_of_the_home_page_is_under_60_kb_compressed(client, demo, login):
    login("mttq")
    page = client.get("/")
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.get_data(as_text=True))

    sizes = {"page": len(gzip.compress(page.get_data()))}
    for asset in assets:
        response = client.get(asset)
        sizes[asset] = len(gzip.compress(response.get_data()))
        response.close()

    assert len(assets) == 6  # pico, app.css, htmx, app.js, attachments.js and the favicon
    assert sum(sizes.values()) < 60_000, sizes


def test_an_in_place_edit_answer_is_under_8_kb_compressed(client, demo, login, hx):
    login("admin")

    response = client.get(f"/admin/users/{_ids()['user']}/edit", headers=hx.partial)

    assert len(gzip.compress(response.get_data())) < 8_000
