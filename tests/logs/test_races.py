"""Two requests at the same moment: a double tap, a retry, two approvers (issue 11).

The loser of a race never sees an error page: a repeated form gets the entry that was saved,
an approver who was second gets 409 saying who decided and when, bulk approval reports what it
skipped. The races are staged deterministically: the other request's write is committed on
its own connection at the moment this request would have read the row.
"""

from datetime import datetime
from datetime import UTC

import pytest
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import update

from intranet import saving
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import LogStatus
from intranet.models import ReviewEvent
from intranet.review import workflow
from tests.factories import make_entry
from tests.helpers import entry_form

TOKEN = "5f0e4a52-0000-4000-8000-000000000001"


def _count() -> int:
    return db.session.scalar(select(func.count(ActivityLog.id)))


def test_a_double_post_that_loses_the_race_gets_the_entry_that_was_saved(
    people, login, monkeypatch
):
    client = login("phunu")
    first = client.post("/logs", data=entry_form(client_token=TOKEN))
    # The copy read "no entry with this token" before the first one committed.
    real = saving.find_by_token
    blind = iter([True])
    monkeypatch.setattr(
        saving, "find_by_token", lambda *args: None if next(blind, False) else real(*args)
    )

    second = client.post("/logs", data=entry_form(client_token=TOKEN))

    assert first.status_code == second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert _count() == 1


def test_a_token_sent_by_another_account_is_refused_and_reveals_nothing(people, login):
    login("phunu").post("/logs", data=entry_form(client_token=TOKEN, title="Của Hội Phụ nữ"))

    response = login("mttq").post("/logs", data=entry_form(client_token=TOKEN, title="Khác"))

    assert response.status_code == 400
    assert "Của Hội Phụ nữ" not in response.get_data(as_text=True)
    assert _count() == 1


def test_an_overlong_token_is_refused_not_stored(people, login):
    response = login("phunu").post("/logs", data=entry_form(client_token="x" * 100_000))

    assert response.status_code == 400
    assert _count() == 0


def _decided_meanwhile(entry_id: int, approver_id: int) -> None:
    """Another approver's approval, committed on its own connection."""
    with db.engine.begin() as connection:
        connection.execute(
            update(ActivityLog)
            .where(ActivityLog.id == entry_id)
            .values(status=LogStatus.approved, version=ActivityLog.version + 1)
        )
        connection.execute(
            insert(ReviewEvent).values(
                entry_id=entry_id,
                actor_id=approver_id,
                action="approve",
                comment="",
                snapshot={},
                at=datetime(2026, 11, 20, 2, 5, tzinfo=UTC),
            )
        )


def test_the_second_of_two_approvers_at_once_is_told_who_was_first(people, login, hx, monkeypatch):
    entry = make_entry(status=LogStatus.submitted, author=people["phunu"], title="Họp dân")
    other = people["truong2"]
    real = workflow.approve

    def racing(entry, actor):
        _decided_meanwhile(entry.id, other.id)
        real(entry, actor)

    monkeypatch.setattr(workflow, "approve", racing)

    response = login("congan.truong").post(f"/logs/{entry.id}/approve", headers=hx.partial)

    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert f"{other.full_name} đã duyệt “Họp dân” trước, lúc 09:05 20/11/2026." in body
    db.session.refresh(entry)
    assert entry.status == LogStatus.approved
    approvals = select(func.count(ReviewEvent.id)).where(ReviewEvent.action == "approve")
    assert db.session.scalar(approvals) == 1


def test_an_approval_after_another_approver_decided_is_a_409_not_a_403(people, login):
    entry = make_entry(status=LogStatus.submitted, author=people["phunu"], title="Họp dân")
    _decided_meanwhile(entry.id, people["truong2"].id)

    client = login("congan.truong")

    response = client.post(f"/logs/{entry.id}/return", data={"comment": "Thiếu số người"})

    assert response.status_code == 303  # without htmx: back to the entry, with the message
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "đã duyệt “Họp dân” trước" in page


def test_bulk_approval_reports_the_entries_another_approver_decided_first(
    people, login, monkeypatch
):
    first = make_entry(status=LogStatus.submitted, author=people["phunu"])
    raced = make_entry(status=LogStatus.submitted, author=people["phunu"])
    real = workflow.approve

    def racing(entry, actor):
        if entry.id == raced.id:
            _decided_meanwhile(entry.id, people["truong2"].id)
        real(entry, actor)

    monkeypatch.setattr(workflow, "approve", racing)
    client = login("congan.truong")

    response = client.post("/review/approve", data={"ids": [str(first.id), str(raced.id)]})

    assert response.status_code == 303
    page = client.get("/review").get_data(as_text=True)
    assert "Đã duyệt 1 hoạt động." in page
    assert "1 hoạt động đã được người duyệt khác quyết định trước" in page
    db.session.refresh(first)
    assert first.status == LogStatus.approved


def test_the_workflow_itself_refuses_a_return_without_a_reason(people):
    entry = make_entry(status=LogStatus.submitted, author=people["phunu"])

    with pytest.raises(workflow.MissingReason):
        workflow.return_entry(entry, people["truong"], "   ")

    assert entry.status == LogStatus.submitted


def test_an_entry_has_one_correction_and_a_second_request_leads_to_it(people, login):
    entry = make_entry(status=LogStatus.approved, author=people["phunu"])
    client = login("phunu")

    first = client.post(f"/logs/{entry.id}/correct")
    second = client.post(f"/logs/{entry.id}/correct")

    assert first.status_code == second.status_code == 303
    corrections = select(func.count(ActivityLog.id)).where(ActivityLog.corrects_id == entry.id)
    assert db.session.scalar(corrections) == 1
    correction = db.session.scalar(select(ActivityLog).where(ActivityLog.corrects_id == entry.id))
    assert second.headers["Location"].endswith(f"/logs/{correction.id}")
