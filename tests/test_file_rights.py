"""Every route that serves a file, for every kind of record and every role (issue 16).

One file of each kind of owner is put on record through the forms a user would use: an
award's certificate (a PDF) and a gift's receipt (a photo) on the register, the chair's decision
on lang07's security team, a paper added later to a lang07 mediation case and a photo added
later to a tip. Then every role asks for each file, its thumbnail and its list icon: the
register's and the team's files are everyone's (the register and the village pages are), a
case's follow the parties' rule (the justice office, the police, lang07), a tip's are the
police's alone.
"""

import io

import pytest
from sqlalchemy import select

from intranet import demo
from intranet.models import Attachment
from intranet.models import db
from intranet.models import MediationCase
from intranet.models import Organization
from intranet.models import SecurityTeam
from intranet.models import Tip
from tests.helpers import pdf
from tests.helpers import photo
from tests.helpers import relay_form
from tests.helpers import village

ROLES = (
    "admin",
    "congan.truong",
    "congan.canbo",
    "mttq",
    "phunu",
    "doanthanhnien",
    "tuphap",
    "lanhdao",
    "lang07",
    "lang08",
)
POLICE = {"congan.truong", "congan.canbo"}
CASE_READERS = POLICE | {"tuphap", "lang07"}


def _sent(client, url: str, data: dict) -> None:
    response = client.post(url, data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]


@pytest.fixture
def files(app, client, login) -> dict[str, Attachment]:
    """One file per kind of owner, sent through the forms."""
    demo.load(with_entries=False)
    login("congan.canbo")
    _sent(
        client,
        "/awards",
        {
            "year": "2026",
            "recipient_kind": "individual",
            "recipient": "Ông Rơ Mah Blơi",
            "giver": "commune_chair",
            "kind": "certificate",
            "reason": "Tích cực tham gia tuần tra.",
            "client_token": "6b2f0c1e-0000-4000-8000-00000000a001",
            "attachments": [(io.BytesIO(pdf()), "giay-khen.pdf")],
        },
    )
    _sent(
        client,
        "/awards/gifts",
        {
            "year": "2026",
            "household": "Hộ ông Ksor Yuh",
            "village": str(village("lang07").id),
            "household_kind": "poor",
            "giver": str(db.session.scalars(select(Organization.id)).first()),
            "value": "500000",
            "client_token": "6b2f0c1e-0000-4000-8000-00000000a002",
            "attachments": [(io.BytesIO(photo(600, 400)), "bien-nhan.jpg")],
        },
    )
    _sent(client, "/tips", relay_form(category="drugs", summary="Có người lạ ở rẫy."))
    tip = db.session.scalar(select(Tip))
    _sent(
        client,
        f"/tips/{tip.id}/files",
        {"attachments": [(io.BytesIO(photo(500, 400)), "anh-them.jpg")]},
    )
    client.post("/logout")
    login("lang07")
    lang07 = village("lang07").id
    team = db.session.scalar(select(SecurityTeam).where(SecurityTeam.village_id == lang07))
    _sent(
        client,
        "/villages/lang07/team",
        {
            "decision_number": "12/QĐ-UBND",
            "decision_date": "01/03/2025",
            "version": str(team.version) if team else "",
            "attachments": [(io.BytesIO(photo(800, 1100)), "quyet-dinh.jpg")],
        },
    )
    case = db.session.scalar(
        select(MediationCase).where(MediationCase.village_id == village("lang07").id).limit(1)
    )
    _sent(
        client,
        f"/villages/lang07/cases/{case.id}/files",
        {"attachments": [(io.BytesIO(photo(700, 500)), "bien-ban.jpg")]},
    )
    client.post("/logout")
    found = {}
    for owner in ("award_id", "gift_id", "team_id", "case_id", "tip_id"):
        found[owner] = db.session.scalar(
            select(Attachment).where(getattr(Attachment, owner).is_not(None))
        )
        assert found[owner] is not None, owner
    return found


def _may_see(owner: str, username: str) -> bool:
    if owner == "tip_id":
        return username in POLICE
    if owner == "case_id":
        return username in CASE_READERS
    return True


@pytest.mark.parametrize("username", ROLES)
def test_every_file_route_follows_its_records_rule_for_every_role(files, client, login, username):
    login(username)
    seen = {}
    for owner, attachment in files.items():
        full = client.get(f"/attachments/{attachment.id}")
        small = client.get(f"/attachments/{attachment.id}/thumbnail")
        icon = client.get(f"/attachments/{attachment.id}/icon")
        seen[owner] = (full.status_code, small.status_code, icon.status_code)
        for answer in (full, small, icon):
            if answer.status_code == 200:
                assert answer.headers["X-Content-Type-Options"] == "nosniff"
                assert "sandbox" in answer.headers["Content-Security-Policy"]
                if owner in ("tip_id", "case_id"):
                    assert answer.headers["Cache-Control"] == "no-store"
    expected = {}
    for owner, attachment in files.items():
        if not _may_see(owner, username):
            expected[owner] = (404, 404, 404)
        else:
            image = attachment.kind.value == "image"
            expected[owner] = (200, 200 if image else 404, 200 if image else 404)
    assert seen == expected


def test_signed_out_visitors_get_no_file(files, client):
    for attachment in files.values():
        assert client.get(f"/attachments/{attachment.id}").status_code == 302
        assert client.get(f"/attachments/{attachment.id}/thumbnail").status_code == 302
        assert client.get(f"/attachments/{attachment.id}/icon").status_code == 302
