"""The chair's decision on a security team, and papers added to a mediation case later
(issue 16): sent without JavaScript or through htmx, refused with the typed input kept,
seen by those who see the record, taken off with an audit entry."""

import io

import pytest
from sqlalchemy import func
from sqlalchemy import select

from intranet import demo
from intranet.models import Attachment
from intranet.models import AttachmentContent
from intranet.models import AuditEvent
from intranet.models import db
from intranet.models import MediationCase
from intranet.models import SecurityTeam
from tests.helpers import pdf
from tests.helpers import photo
from tests.helpers import village


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _team_form(files: list[tuple[str, bytes]], **changes: str) -> dict:
    team = db.session.scalar(
        select(SecurityTeam).where(SecurityTeam.village_id == village("lang07").id)
    )
    return {
        "decision_number": "27/QĐ-UBND",
        "decision_date": "15/03/2025",
        "version": str(team.version) if team else "",
        "attachments": [(io.BytesIO(data), name) for name, data in files],
    } | changes


@pytest.fixture
def lang07(app, login):
    demo.load(with_entries=False)
    return login("lang07")


def test_the_chairs_decision_is_kept_and_everyone_sees_it_on_the_village_page(
    lang07, client, login
):
    response = lang07.post("/villages/lang07/team", data=_team_form([("Quyết định.pdf", pdf())]))

    assert response.status_code == 303
    attachment = db.session.scalar(select(Attachment))
    assert attachment.team_id is not None and attachment.name == "Quyết định.pdf"
    client.post("/logout")
    login("mttq")
    page = client.get("/villages/lang07").get_data(as_text=True)
    assert f'href="/attachments/{attachment.id}"' in page
    assert client.get(f"/attachments/{attachment.id}").status_code == 200


def test_through_htmx_the_section_answers_with_the_file(lang07, hx):
    response = lang07.post(
        "/villages/lang07/team",
        data=_team_form([("quyet-dinh.jpg", photo(800, 1100))]),
        headers=hx.partial,
    )

    assert response.status_code == 200
    attachment = db.session.scalar(select(Attachment))
    assert f"/attachments/{attachment.id}/icon" in response.get_data(as_text=True)


def test_a_bad_file_keeps_the_typed_decision_and_saves_nothing(lang07, hx):
    response = lang07.post(
        "/villages/lang07/team",
        data=_team_form([("quyet-dinh.jpg", b"<html><script>x</script></html>")]),
        headers=hx.partial,
    )

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "quyet-dinh.jpg" in page and "trang web" in page
    assert 'value="27/QĐ-UBND"' in page
    assert _count(Attachment) == 0


def test_a_file_ticked_off_the_team_is_removed_and_audited(lang07):
    lang07.post("/villages/lang07/team", data=_team_form([("cu.jpg", photo(400, 300))]))
    old = db.session.scalar(select(Attachment))

    response = lang07.post(
        "/villages/lang07/team", data=_team_form([], remove_attachments=str(old.id))
    )

    assert response.status_code == 303
    assert _count(Attachment) == 0 and _count(AttachmentContent) == 0
    removed = db.session.scalar(
        select(AuditEvent.details).where(AuditEvent.action == "attachments_removed")
    )
    assert removed["names"] == ["cu.jpg"]


def test_another_village_cannot_add_to_this_team(lang07, client, login):
    client.post("/logout")
    login("lang08")

    response = client.post("/villages/lang07/team", data=_team_form([("x.jpg", photo(300, 200))]))

    assert response.status_code == 403
    assert _count(Attachment) == 0


def _case() -> MediationCase:
    return db.session.scalar(
        select(MediationCase)
        .where(MediationCase.village_id == village("lang07").id)
        .order_by(MediationCase.id)
        .limit(1)
    )


def test_papers_are_added_to_a_case_later_and_taken_off_with_an_audit(lang07):
    case = _case()
    url = f"/villages/lang07/cases/{case.id}/files"

    added = lang07.post(url, data={"attachments": [(io.BytesIO(pdf()), "bien-ban.pdf")]})
    assert added.status_code == 303
    attachment = db.session.scalar(select(Attachment))
    assert attachment.case_id == case.id
    page = lang07.get(f"/villages/lang07/cases/{case.id}").get_data(as_text=True)
    assert f'href="/attachments/{attachment.id}"' in page

    removed = lang07.post(url, data={"remove_attachments": str(attachment.id)})
    assert removed.status_code == 303
    assert _count(Attachment) == 0
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.target_type == "mediation_case")
    ).all()
    assert {"attachments_added", "attachments_removed"} <= set(actions)


def test_a_refused_paper_answers_on_the_case_page_and_saves_nothing(lang07):
    case = _case()

    response = lang07.post(
        f"/villages/lang07/cases/{case.id}/files",
        data={"attachments": [(io.BytesIO(b"%PDF-1.4\n" + b"x" * 100), "hong.pdf")]},
    )

    assert response.status_code == 422
    assert "hong.pdf" in response.get_data(as_text=True)
    assert _count(Attachment) == 0


@pytest.mark.parametrize(("username", "status"), [("congan.canbo", 403), ("mttq", 404)])
def test_only_who_records_cases_there_adds_papers(lang07, client, login, username, status):
    case = _case()
    client.post("/logout")
    login(username)

    response = client.post(
        f"/villages/lang07/cases/{case.id}/files",
        data={"attachments": [(io.BytesIO(pdf()), "x.pdf")]},
    )

    assert response.status_code == status
    assert _count(Attachment) == 0
