"""The demo's activity log: 18 months of entries in every state, with a history that holds."""

from collections import Counter
from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import UTC

import pytest
from sqlalchemy import func
from sqlalchemy import select

from intranet import demo
from intranet.entries import changes_since
from intranet.models import ActivityLog
from intranet.models import Attachment
from intranet.models import db
from intranet.models import LogStatus
from intranet.models import ReviewAction
from intranet.models import ReviewEvent
from intranet.models import User

VILLAGE_ACCOUNTS = [f"lang{number:02d}" for number in range(1, 37)]


@pytest.fixture
def entries(app) -> list[ActivityLog]:
    demo.load()
    return list(db.session.scalars(select(ActivityLog).order_by(ActivityLog.id)))


def _history() -> dict[int, list[ReviewEvent]]:
    steps: dict[int, list[ReviewEvent]] = {}
    for event in db.session.scalars(select(ReviewEvent).order_by(ReviewEvent.id)):
        steps.setdefault(event.entry_id, []).append(event)
    return steps


def _actions(events: list[ReviewEvent]) -> list[ReviewAction]:
    return [event.action for event in events]


def _utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def test_demo_load_adds_between_350_and_450_entries(entries):
    assert 350 <= len(entries) <= 450
    assert all(0 < len(entry.title) <= 200 and entry.description for entry in entries)


def test_demo_entries_are_in_every_status_mostly_approved(entries):
    statuses = Counter(entry.status for entry in entries)

    assert set(statuses) == set(LogStatus)
    assert statuses[LogStatus.approved] > len(entries) * 0.8


def test_review_queue_holds_at_least_8_entries_from_4_organizations(entries):
    waiting = [entry for entry in entries if entry.status == LogStatus.submitted]

    assert len(waiting) >= 8
    assert len({entry.organization_id for entry in waiting}) >= 4


def test_returned_entries_carry_the_approvers_reason(entries):
    history = _history()
    approver = _user("congan.truong")
    returned = [entry for entry in entries if entry.status == LogStatus.returned]

    assert len(returned) >= 6
    for entry in returned:
        last = history[entry.id][-1]
        assert last.action == ReviewAction.return_
        assert last.actor_id == approver.id
        assert last.comment.strip()


def test_resubmitted_entries_show_what_changed_since_the_return(entries):
    history = _history()
    resubmitted = [
        entry
        for entry in entries
        if entry.status == LogStatus.submitted
        and ReviewAction.resubmit in _actions(history[entry.id])
    ]

    assert len(resubmitted) >= 2
    for entry in resubmitted:
        steps = history[entry.id]
        assert _actions(steps) == [
            ReviewAction.create,
            ReviewAction.submit,
            ReviewAction.return_,
            ReviewAction.edit,
            ReviewAction.resubmit,
        ]
        assert steps[2].comment.strip()
        assert changes_since(steps[2].snapshot, entry)
        assert steps[-1].snapshot == entry.snapshot()


def test_history_tells_the_same_story_as_the_entry(entries):
    history = _history()

    for entry in entries:
        steps = history[entry.id]
        assert steps[0].action == ReviewAction.create
        assert steps[0].actor_id == entry.author_id
        assert steps[-1].snapshot == entry.snapshot()
        assert [_utc(s.at) for s in steps] == sorted(_utc(s.at) for s in steps)
        assert _utc(entry.created_at) == _utc(steps[0].at)
        sent = [s for s in steps if s.action in (ReviewAction.submit, ReviewAction.resubmit)]
        if entry.status == LogStatus.draft:
            assert len(steps) == 1
            assert entry.submitted_at is None
        else:
            assert _utc(entry.submitted_at) == _utc(sent[-1].at)
        if entry.status == LogStatus.approved:
            assert steps[-1].action == ReviewAction.approve
            assert _utc(entry.approved_at) == _utc(steps[-1].at)
            assert 1 <= (entry.approved_at.date() - entry.submitted_at.date()).days <= 5
        else:
            assert entry.approved_at is None


def test_no_entry_is_approved_by_its_author(entries):
    history = _history()
    approver = _user("congan.truong")

    assert all(entry.author_id != approver.id for entry in entries)
    for entry in entries:
        approvals = [s for s in history[entry.id] if s.action == ReviewAction.approve]
        assert all(s.actor_id == approver.id != entry.author_id for s in approvals)
        assert (entry.status == LogStatus.approved) == bool(approvals)


def test_every_village_account_writes_for_its_own_village(entries):
    accounts = {u.id: u for u in db.session.scalars(select(User))}
    by_village_account = Counter(
        accounts[entry.author_id].username
        for entry in entries
        if accounts[entry.author_id].village_id is not None
    )

    assert set(by_village_account) == set(VILLAGE_ACCOUNTS)
    for entry in entries:
        author = accounts[entry.author_id]
        assert entry.organization_id == author.organization_id
        if author.village_id is not None:
            assert entry.village_id == author.village_id


def test_every_writing_organization_has_entries(entries):
    codes = {entry.organization.code for entry in entries}

    assert codes == {"congan", "mttq", "phunu", "doanthanhnien", "tuphap", "toantt"}


def test_loading_twice_adds_nothing(entries):
    events = db.session.scalar(select(func.count()).select_from(ReviewEvent))

    assert demo.load().entries == 0
    assert db.session.scalar(select(func.count()).select_from(ActivityLog)) == len(entries)
    assert db.session.scalar(select(func.count()).select_from(ReviewEvent)) == events


def test_dates_lie_in_the_last_18_months_and_never_in_the_future(entries):
    today = date.today()
    now = datetime.now(UTC)
    stamps = [_utc(event.at) for event in db.session.scalars(select(ReviewEvent))]
    for entry in entries:
        stamps += [_utc(t) for t in (entry.created_at, entry.submitted_at, entry.approved_at) if t]

    assert all(today - timedelta(days=548) <= entry.date <= today for entry in entries)
    assert all(today - timedelta(days=548) <= stamp.date() for stamp in stamps)
    assert all(stamp <= now for stamp in stamps)


def test_the_demo_files_were_added_when_their_entries_were_written(entries):
    by_id = {entry.id: entry for entry in entries}
    files = db.session.scalars(select(Attachment).where(Attachment.entry_id.is_not(None))).all()

    assert files
    for attachment in files:
        assert _utc(attachment.added_at) == _utc(by_id[attachment.entry_id].created_at)
