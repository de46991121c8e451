"""A tip must never reach anyone but the police: not a page, a partial, an export, a search,
an error page, the application log or the audit log.

One tip is planted with a unique marker in its summary, its outcome and its informant; every
kind of non-police demo account (each organization's, the leader's, the IT clerk's, and two
village accounts: the one that relayed the tip and another, whose rights the other 34 share)
then requests every GET route of the app, as a full page and as an htmx partial, with the
usual filters and a search that matches the marker: typed as written in the full pages,
folded (no accents, đ as d, lowercase) in the partials, since search ignores accents (issue
15). The marker must appear nowhere. Exports (.xlsx, .docx) are unzipped and read.
"""

import io
import logging
import zipfile

import pytest
from flask import Flask
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text

from intranet import search
from intranet.demo import DEMO_PASSWORD
from intranet.models import ActivityLog
from intranet.models import Attachment
from intranet.models import AuditEvent
from intranet.models import db
from intranet.models import Organization
from intranet.models import OrgKind
from intranet.models import Tip
from intranet.models import User
from tests.helpers import pdf
from tests.helpers import photo
from tests.helpers import relay_form

MARKER = "ZQX-SECRET-4711-ZQX"
# Accented words beside the marker in the summary: a folded search finds the tip by them.
ACCENTED = "Đường Khuất Zqxươn"
# What a curious user types: it matches the marker (and the accented words, as written or
# folded), and is echoed back.
SEARCH = "SECRET-4711 Đường Khuất"
FOLDED = "secret 4711 duong KHUAT zqxuon"
FILTERS = {
    "q": SEARCH,
    "status": "verifying",  # the planted tip's status, so that its filters match it
    "category": "drugs",
    "village": "lang07",
    "from": "2020-01-01",
    "to": "2030-12-31",
}
FOLDED_FILTERS = FILTERS | {"q": FOLDED}


def _readable(data: bytes) -> str:
    """The response as text, with every part of a zipped export (xlsx, docx) unpacked, and
    without search highlights (which would cut the marker into pieces)."""
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return data.decode("utf-8", "replace").replace("<mark>", "").replace("</mark>", "")


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
    """Every GET route once; a file's routes once for each file the tip ever had (the one sent
    with it, and those the police added later, kept or removed)."""
    urls = []
    with app.app_context():
        files = list(range(1, (db.session.scalar(select(func.max(Attachment.id))) or 1) + 1))
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint == "static":
                continue
            args = _url_args(rule.endpoint, set(rule.arguments), tip_id)
            if rule.endpoint.startswith("attachments."):
                urls.extend(url_for(rule.endpoint, **args | {"attachment_id": n}) for n in files)
            else:
                urls.append(url_for(rule.endpoint, **args))
    return sorted(urls)


@pytest.fixture
def planted(client, demo, login) -> Tip:
    """Relayed by a village account through the form, handled by the police, opened once."""
    login("lang07")
    client.post(
        "/tips",
        data=relay_form(
            category="drugs",
            summary=f"Có người bán ma túy {MARKER} ở rẫy {ACCENTED}",
            informant_name=f"Người báo {MARKER}",
            informant_contact=f"0905 {MARKER}",
            # Its photo (issue 16): the walk's /attachments/1, its thumbnail and its icon.
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
    # Later the police add two more (one a PDF), then take one off: /attachments/2 and 3.
    added = client.post(
        f"/tips/{tip.id}/files",
        data={
            "attachments": [
                (io.BytesIO(photo(500, 400)), f"them-{MARKER}.jpg"),
                (io.BytesIO(pdf()), f"bien-ban-{MARKER}.pdf"),
            ]
        },
    )
    assert added.status_code == 303
    assert client.post(f"/tips/{tip.id}/files", data={"remove_attachments": "2"}).status_code == 303
    assert client.get("/attachments/3").status_code == 200
    assert MARKER in client.get("/attachments/3").headers["Content-Disposition"]
    assert client.get("/attachments/2").status_code == 404
    client.post("/logout")
    return tip


def _non_police_accounts() -> list[str]:
    """Every non-police account but the village accounts beyond lang07 (the relayer) and lang08."""
    accounts = db.session.scalars(
        select(User.username)
        .join(Organization, User.organization_id == Organization.id)
        .where(Organization.kind != OrgKind.police)
        .order_by(User.username)
    )
    return [a for a in accounts if not a.startswith("lang") or a in ("lang07", "lang08")]


# The walk is some 3,000 requests: the accounts are taken in four parts, which pytest-xdist
# runs side by side.
PARTS = 4


@pytest.mark.parametrize("part", range(PARTS))
def test_no_non_police_account_sees_the_tip_anywhere(app, client, planted, hx, caplog, part):
    caplog.set_level(logging.DEBUG)
    urls = _get_urls(app, planted.id)
    accounts = _non_police_accounts()
    assert len(accounts) >= 8  # the IT clerk, five organizations, the leader, two villages
    leaks = []
    for username in accounts[part::PARTS]:
        visitor = app.test_client()
        signed_in = visitor.post("/login", data={"username": username, "password": DEMO_PASSWORD})
        assert signed_in.status_code == 303
        for url in urls:
            for query, headers in ((FILTERS, {}), (FOLDED_FILTERS, hx.partial), ({}, {})):
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
    stored = db.session.execute(text("SELECT data FROM attachment_content")).scalars().all()
    assert len(stored) == 2  # the photo sent with the tip, the PDF added later
    for data in stored:  # sealed, neither a JPEG nor a PDF at rest
        assert not bytes(data).startswith((b"\xff\xd8", b"%PDF"))
    smaller = text("SELECT thumbnail, icon FROM attachment_content WHERE thumbnail IS NOT NULL")
    for thumbnail, icon in db.session.execute(smaller):  # the photo's smaller copies too
        assert not bytes(thumbnail).startswith(b"\xff\xd8")
        assert not bytes(icon).startswith(b"\xff\xd8")


def test_error_pages_do_not_echo_a_tip(make_app, demo):
    app = make_app(WTF_CSRF_ENABLED=True)
    visitor = app.test_client()
    visitor.post("/login", data={"username": "mttq", "password": DEMO_PASSWORD})

    forged = visitor.post("/tips", data=relay_form(summary=MARKER, csrf_token="forged"))
    too_large = visitor.post("/tips", data={"summary": MARKER + "x" * 3_000_000})

    # The sign-in above sent no CSRF token either, so the visitor is signed out: a forged post
    # is sent to sign in (the session ended), never answered with what it carried.
    assert forged.status_code == 302 and forged.headers["Location"].startswith("/login")
    assert MARKER not in forged.get_data(as_text=True)
    assert too_large.status_code == 413 and MARKER not in too_large.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Tip.id)) is None


@pytest.mark.parametrize("filters", [FILTERS, FOLDED_FILTERS], ids=["as written", "folded"])
def test_the_walk_does_find_the_tip_where_the_police_look(app, planted, hx, filters):
    """The same walk as a police member finds the marker: the walk reaches the tip's pages,
    and both searches find the tip in the register."""
    visitor = app.test_client()
    visitor.post("/login", data={"username": "congan.canbo", "password": DEMO_PASSWORD})

    found = {
        url
        for url in _get_urls(app, planted.id)
        if MARKER in _readable(visitor.get(url, query_string=filters, headers=hx.partial).data)
    }

    assert {"/tips", f"/tips/{planted.id}"} <= found


def test_no_search_text_reaches_the_entries(planted):
    """The tip's folded words live in the tip's own row: no entry matches them."""
    assert planted.search_text == search.search_text(planted.summary, planted.outcome)
    for q in (SEARCH, FOLDED, search.fold(MARKER)):
        assert (
            db.session.scalar(select(ActivityLog.id).where(search.matches(ActivityLog, q))) is None
        )
