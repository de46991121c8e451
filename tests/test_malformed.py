"""Malformed input never gets a 5xx: every route, fuzzed the way the outside testers did.

NUL bytes, numbers past 2**63, year 1, CR/LF in `next=`, over-long tokens: each is answered
400, 404 or 422 with a message in the user's language (DESIGN section 3, intranet/inputs.py).
"""

import pytest
from sqlalchemy import func
from sqlalchemy import select

from intranet.models import ActivityLog
from intranet.models import db
from tests.helpers import every_route
from tests.helpers import ON_POSTGRES
from tests.helpers import route_url

HUGE = str(2**63)
PAYLOADS = ["a\x00b", "9" * 30, HUGE, "-" + HUGE, "²", "0001-01-01", "1-01-01", "/\r\nX: y"]
ARGS = [
    "q", "org", "village", "kind", "status", "category", "channel", "from", "to", "page",
    "year", "after", "sort", "dir", "measure", "month", "next", "ids",
]  # fmt: skip
FIELDS = ARGS + [
    "title", "description", "date", "participants", "comment", "summary", "received_on",
    "informant_name", "informant_contact", "client_token", "version", "reason", "value",
    "username", "password", "full_name", "role", "organization", "name", "code", "parties",
    "then", "recipient", "household", "giver", "members", "cases", "deaths", "injuries",
]  # fmt: skip
MALFORMED_MESSAGE = "có ký tự hoặc con số không lưu được"


def _status(client, method: str, url: str, **kwargs) -> int:
    """The status a user would get: the test client re-raises what would be a 500."""
    try:
        return client.open(url, method=method, **kwargs).status_code
    except Exception:
        db.session.rollback()
        return 500


def _with_huge_ids(url: str, huge: str) -> str:
    return "/".join(huge if part.isdigit() and len(part) < 10 else part for part in url.split("/"))


# Every route is reached by one of these three accounts; on PostgreSQL, where NUL bytes and
# 64-bit overflows are the database's own refusals, the approver's walk alone keeps it quick.
WALKERS = ["congan.truong"] if ON_POSTGRES else ["congan.truong", "lang07", "admin"]


@pytest.mark.parametrize("username", WALKERS)
def test_no_route_answers_malformed_input_with_a_server_error(client, approved_entry, username):
    client.post("/login", data={"username": username, "password": "iakrai2025"})
    failures = []
    for endpoint, method in every_route(client.application):
        if endpoint == "auth.logout":
            continue
        url = route_url(client.application, endpoint)
        for payload in PAYLOADS:
            if method == "GET":
                status = _status(client, "GET", url, query_string=dict.fromkeys(ARGS, payload))
            else:
                status = _status(client, "POST", url, data=dict.fromkeys(FIELDS, payload))
            if status >= 500:
                failures.append((endpoint, method, payload, status))
        for huge in (HUGE, str(2**64), "9" * 40):
            if (swapped := _with_huge_ids(url, huge)) != url:
                if (status := _status(client, method, swapped)) >= 500:
                    failures.append((endpoint, method, swapped, status))

    assert failures == []


def test_an_id_past_64_bits_is_not_found(client, demo, login):
    login("congan.truong")

    response = client.get(f"/logs/{2**63}")

    assert response.status_code == 404


@pytest.mark.parametrize(
    "query",
    [{"page": "9" * 30}, {"q": "tuần\x00tra"}, {"village": HUGE}, {"org": "²"}],
)
def test_a_malformed_filter_is_refused_with_a_message(client, demo, login, query):
    login("phunu")

    response = client.get("/logs", query_string=query)

    assert response.status_code == 400
    assert MALFORMED_MESSAGE in response.get_data(as_text=True)


def test_a_nul_byte_in_an_entry_is_refused_and_nothing_is_saved(client, demo, login, hx):
    login("phunu")

    response = client.post(
        "/logs",
        data={"title": "Họp\x00 dân", "kind": "propaganda", "date": "2026-05-10"},
        headers=hx.partial,
    )

    assert response.status_code == 400
    assert response.headers["HX-Retarget"] == "#alerts"  # the form and its text stay in place
    assert MALFORMED_MESSAGE in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ActivityLog.id))) == 0


def test_a_line_break_in_next_is_refused(client, demo):
    response = client.post("/locale", data={"locale": "en", "next": "/\r\nSet-Cookie: x=1"})

    assert response.status_code == 400


def test_a_date_in_year_one_is_a_field_message(client, demo, login):
    login("phunu")

    response = client.post(
        "/logs", data={"title": "Họp dân", "kind": "propaganda", "date": "0001-01-01"}
    )

    assert response.status_code == 422
    assert "Hãy nhập ngày từ 01/01/2000 đến" in response.get_data(as_text=True)
