"""A tip must never reach anyone but the police: not a page, a partial, an export, a search,
an error page, the application log or the audit log.

One tip is planted with a unique marker in its summary, its outcome and its informant; every
non-police demo account then requests every GET route of the app, as a full page and as an
htmx partial, with the usual filters and a search that matches the marker. The marker must
appear nowhere. Exports (.xlsx, .docx) are unzipped and read.
"""

import io
import logging
import zipfile

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy import text

from intranet.demo import DEMO_PASSWORD
from intranet.models import AuditEvent
from intranet.models import db
from intranet.models import Organization
from intranet.models import OrgKind
from intranet.models import Tip
from intranet.models import User
from tests.logs.test_attachments import photo
from tests.tips.conftest import form

MARKER = "ZQX-SECRET-4711-ZQX"
SEARCH = "SECRET-4711"  # what a curious user types: it matches the marker, and is echoed back
FILTERS = {
    "q": SEARCH,
    "status": "verifying",  # the planted tip's status, so that its filters match it
    "category": "drugs",
    "village": "lang07",
    "from": "2020-01-01",
    "to": "2030-12-31",
}


def _readable(data: bytes) -> str:
    """The response as text, with every part of a zipped export (xlsx, docx) unpacked."""
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return data.decode("utf-8", "replace")


def _url_args(endpoint: str, arguments: set[str], tip_id: int) -> dict[str, object]:
    known = {"tip_id": tip_id, "year": 2026}
    values: dict[str, object] = {}
    for name in arguments:
        if name in known:
            values[name] = known[name]
        elif name == "code":
            values[name] = "congan" if endpoint.startswith("orgs.") else "lang07"
        elif name.endswith("_id"):
            values[name] = 1
        else:
            values[name] = "x"
    return values


def _get_urls(app: Flask, tip_id: int) -> list[str]:
    urls = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint == "static":
                continue
            args = _url_args(rule.endpoint, set(rule.arguments), tip_id)
            urls.append(url_for(rule.endpoint, **args))
    return sorted(urls)


@pytest.fixture
def planted(client, demo, login) -> Tip:
    """Relayed by a village account through the form, handled by the police, opened once."""
    login("lang07")
    client.post(
        "/tips",
        data=form(
            category="drugs",
            summary=f"Có người bán ma túy {MARKER} ở rẫy",
            informant_name=f"Người báo {MARKER}",
            informant_contact=f"0905 {MARKER}",
            # Its photo (issue 16): the walk's /attachments/1 and its thumbnail.
            attachments=[(io.BytesIO(photo(640, 480)), f"anh-{MARKER}.jpg")],
        ),
    )
    client.post("/logout")
    tip = db.session.scalar(select(Tip))
    login("congan.truong")
    client.post(
        f"/tips/{tip.id}",
        data={"status": "verifying", "outcome": f"Đang xác minh {MARKER}", "version": "1"},
    )
    opened = client.post(f"/tips/{tip.id}/informant", data={"reason": "Cần xác minh địa điểm"})
    assert MARKER in opened.get_data(as_text=True)  # the police do see it
    assert client.get("/attachments/1").status_code == 200  # the photo the walk asks for
    client.post("/logout")
    return tip


def _non_police_accounts() -> list[str]:
    return list(
        db.session.scalars(
            select(User.username)
            .join(Organization, User.organization_id == Organization.id)
            .where(Organization.kind != OrgKind.police)
            .order_by(User.username)
        )
    )


# The walk is some 13,000 requests: the accounts are taken in four parts, which pytest-xdist
# runs side by side.
PARTS = 4


@pytest.mark.parametrize("part", range(PARTS))
def test_no_non_police_account_sees_the_tip_anywhere(app, client, planted, hx, caplog, part):
    caplog.set_level(logging.DEBUG)
    urls = _get_urls(app, planted.id)
    accounts = _non_police_accounts()
    assert len(accounts) >= 42  # admin, five organizations, the leader, 36 village accounts
    leaks = []
    for username in accounts[part::PARTS]:
        visitor = app.test_client()
        signed_in = visitor.post("/login", data={"username": username, "password": DEMO_PASSWORD})
        assert signed_in.status_code == 303
        for url in urls:
            for query, headers in ((FILTERS, {}), (FILTERS, hx.partial), ({}, {})):
                response = visitor.get(url, query_string=query, headers=headers)
                named = MARKER in response.headers.get("Content-Disposition", "")
                served = url.startswith("/attachments/") and response.status_code != 404
                if MARKER in _readable(response.data) or named or served:
                    leaks.append((username, url, query, response.status_code))
    assert leaks == []
    assert MARKER not in caplog.text


def test_the_tip_is_in_no_audit_detail_and_not_in_the_clear_anywhere_in_the_database(planted):
    details = db.session.scalars(select(AuditEvent.details)).all()
    assert MARKER not in repr(details)
    sealed = db.session.execute(text("SELECT sealed FROM informant")).scalar_one()
    assert MARKER not in sealed and "Người báo" not in sealed
    photo_bytes = db.session.execute(text("SELECT data FROM attachment_content")).scalar_one()
    assert not bytes(photo_bytes).startswith(b"\xff\xd8")  # sealed, not a JPEG at rest


def test_error_pages_do_not_echo_a_tip(make_app, demo):
    app = make_app(WTF_CSRF_ENABLED=True)
    visitor = app.test_client()
    visitor.post("/login", data={"username": "mttq", "password": DEMO_PASSWORD})

    forged = visitor.post("/tips", data=form(summary=MARKER, csrf_token="forged"))
    too_large = visitor.post("/tips", data={"summary": MARKER + "x" * 3_000_000})

    assert forged.status_code == 400 and MARKER not in forged.get_data(as_text=True)
    assert too_large.status_code == 413 and MARKER not in too_large.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Tip.id)) is None


def test_the_walk_does_find_the_tip_where_the_police_look(app, planted, hx):
    """The same walk as a police member finds the marker: the walk reaches the tip's pages."""
    visitor = app.test_client()
    visitor.post("/login", data={"username": "congan.canbo", "password": DEMO_PASSWORD})

    found = {
        url
        for url in _get_urls(app, planted.id)
        if MARKER in _readable(visitor.get(url, query_string=FILTERS, headers=hx.partial).data)
    }

    assert {"/tips", f"/tips/{planted.id}"} <= found
