"""A mediation case's papers (issue 16): sent with the case or when it is closed, seen by
exactly those who see the parties' names (the justice office, the police, the village)."""

import io

import pytest
from sqlalchemy import select

from intranet import demo
from intranet.models import Attachment
from intranet.models import db
from intranet.models import MediationCase
from tests.helpers import pdf
from tests.helpers import photo


@pytest.fixture
def recorded(app, client, login) -> Attachment:
    """The village account records a case with a photo of the disputed boundary."""
    demo.load(with_entries=False)
    login("lang07")
    response = client.post(
        "/villages/lang07/cases",
        data={
            "received_on": "2026-11-20",
            "kind": "land",
            "parties": "Ông Rơ Mah A và ông Ksor B",
            "summary": "Tranh chấp ranh giới rẫy cà phê.",
            "client_token": "8d0c6f20-0000-4000-8000-0000000000d1",
            "attachments": [(io.BytesIO(photo(900, 600)), "ranh-gioi.jpg")],
        },
    )
    assert response.status_code == 303
    client.post("/logout")
    return db.session.scalar(select(Attachment))


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("lang07", 200),
        ("tuphap", 200),
        ("congan.canbo", 200),
        ("congan.truong", 200),
        ("lang08", 404),
        ("mttq", 404),
        ("lanhdao", 404),
        ("admin", 404),
    ],
)
def test_a_cases_papers_follow_the_parties_rule(recorded, client, login, username, status):
    login(username)

    full = client.get(f"/attachments/{recorded.id}")
    small = client.get(f"/attachments/{recorded.id}/thumbnail")

    assert (full.status_code, small.status_code) == (status, status)
    if status == 200:
        assert full.headers["Cache-Control"] == "no-store"


def test_the_case_page_shows_its_papers_and_closing_adds_the_signed_record(recorded, client, login):
    login("tuphap")
    case = db.session.get(MediationCase, recorded.case_id)
    page = client.get(f"/villages/lang07/cases/{case.id}").get_data(as_text=True)
    assert f"/attachments/{recorded.id}/thumbnail" in page

    response = client.post(
        f"/villages/lang07/cases/{case.id}/close",
        data={
            "result": "settled",
            "outcome": "Hai bên thống nhất cắm lại mốc ranh giới.",
            "version": str(case.version),
            "attachments": [(io.BytesIO(pdf()), "bien-ban-hoa-giai-thanh.pdf")],
        },
    )

    assert response.status_code == 303
    names = db.session.scalars(
        select(Attachment.name).where(Attachment.case_id == case.id).order_by(Attachment.id)
    ).all()
    assert names == ["ranh-gioi.jpg", "bien-ban-hoa-giai-thanh.pdf"]


def test_a_bad_paper_keeps_the_case_form_as_typed(app, client, login):
    demo.load(with_entries=False)
    login("lang07")

    response = client.post(
        "/villages/lang07/cases",
        data={
            "received_on": "2026-11-20",
            "kind": "land",
            "parties": "Bà Siu H và bà Nay K",
            "summary": "",
            "client_token": "8d0c6f20-0000-4000-8000-0000000000d2",
            "attachments": [(io.BytesIO(b"<svg/>"), "so-do.svg")],
        },
    )

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Bà Siu H và bà Nay K" in page and "so-do.svg" in page
    parties = MediationCase.parties == "Bà Siu H và bà Nay K"
    assert db.session.scalar(select(MediationCase).where(parties)) is None
