"""State changes of activity log entries (DESIGN section 2).

draft → submitted → approved, or submitted → returned → (edit) → submitted. Every function
checks the actor's right itself (permissions.require), writes the entry's history and an
AuditEvent, and leaves the commit to the caller, so a view commits once.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from sqlalchemy import select

from intranet import audit
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import LogStatus
from intranet.models import ReviewAction
from intranet.models import ReviewEvent
from intranet.models import SNAPSHOT_FIELDS
from intranet.models import User
from intranet.models import utcnow
from intranet.permissions import Action
from intranet.permissions import can
from intranet.permissions import require


class StaleEntry(Exception):
    """Someone saved the entry since the form was shown (optimistic locking): answer 409."""


class MissingReason(ValueError):
    """A return always has a reason."""


ENTRY_FIELDS = ("date", "kind", "village_id", "title", "description", "participants")


def _history(entry: ActivityLog, actor: User, action: ReviewAction, comment: str = "") -> None:
    db.session.add(
        ReviewEvent(
            entry=entry, actor=actor, action=action, comment=comment, snapshot=entry.snapshot()
        )
    )
    audit.record(f"entry_{action.value}", entry, actor=actor, status=entry.status.value)


def create(actor: User, values: dict[str, Any], client_token: str | None) -> ActivityLog:
    """A new draft of the actor's organization; a repeated post returns the first one."""
    if client_token:
        existing = db.session.scalar(
            select(ActivityLog).where(ActivityLog.client_token == client_token)
        )
        if existing is not None and existing.author_id == actor.id:
            return existing
    entry = ActivityLog(
        organization_id=actor.organization_id,
        author=actor,
        client_token=client_token or None,
        status=LogStatus.draft,
        **{name: values[name] for name in ENTRY_FIELDS},
    )
    require(Action.create_entry, entry, user=actor)
    db.session.add(entry)
    db.session.flush()
    _history(entry, actor, ReviewAction.create)
    return entry


def update(entry: ActivityLog, actor: User, values: dict[str, Any], version: str) -> None:
    """Save new content into a draft or returned entry; StaleEntry when the version moved."""
    require(Action.edit_entry, entry, user=actor)
    if version != str(entry.version):
        raise StaleEntry
    changed = {name for name in ENTRY_FIELDS if getattr(entry, name) != values[name]}
    for name in ENTRY_FIELDS:
        setattr(entry, name, values[name])
    require(Action.edit_entry, entry, user=actor)  # the new village must be theirs too
    if changed:
        _history(entry, actor, ReviewAction.edit)


def submit(entry: ActivityLog, actor: User) -> None:
    """Send a draft or a returned entry to the approvers."""
    require(Action.submit_entry, entry, user=actor)
    action = ReviewAction.resubmit if entry.status == LogStatus.returned else ReviewAction.submit
    entry.status = LogStatus.submitted
    entry.submitted_at = utcnow()
    _history(entry, actor, action)


def approve(entry: ActivityLog, actor: User) -> None:
    """Approve a submitted entry; it is locked from now on."""
    require(Action.approve_entry, entry, user=actor)
    entry.status = LogStatus.approved
    entry.approved_at = utcnow()
    _history(entry, actor, ReviewAction.approve)


def return_entry(entry: ActivityLog, actor: User, reason: str) -> None:
    """Send a submitted entry back to its organization, with the reason."""
    require(Action.return_entry, entry, user=actor)
    reason = reason.strip()
    if not reason:
        raise MissingReason
    entry.status = LogStatus.returned
    _history(entry, actor, ReviewAction.return_, reason)


def delete(entry: ActivityLog, actor: User) -> None:
    """Delete a draft (only drafts can be deleted)."""
    require(Action.delete_entry, entry, user=actor)
    audit.record("entry_delete", entry, actor=actor, title_length=len(entry.title))
    db.session.delete(entry)


def correct(entry: ActivityLog, actor: User) -> ActivityLog:
    """A new draft that corrects an approved entry, which itself stays as it is."""
    require(Action.correct_entry, entry, user=actor)
    correction = ActivityLog(
        organization_id=entry.organization_id,
        author=actor,
        status=LogStatus.draft,
        corrects_id=entry.id,
        **{name: getattr(entry, name) for name in ENTRY_FIELDS},
    )
    db.session.add(correction)
    db.session.flush()
    _history(correction, actor, ReviewAction.create, comment=f"#{entry.id}")
    return correction


@dataclass
class BulkResult:
    """What a bulk approval did: approved entries and the ones it had to leave."""

    approved: list[ActivityLog] = field(default_factory=list)
    refused: list[ActivityLog] = field(default_factory=list)


def approve_many(entries: Iterable[ActivityLog], actor: User) -> BulkResult:
    """Approve each entry the actor may approve, exactly as one approval would decide."""
    result = BulkResult()
    for entry in entries:
        if can(actor, Action.approve_entry, entry):
            approve(entry, actor)
            result.approved.append(entry)
        else:
            result.refused.append(entry)
    return result


def changes_since(before: dict[str, Any], entry: ActivityLog) -> list[tuple[str, Any, Any]]:
    """Fields that differ from a snapshot: (field, then, now)."""
    now = entry.snapshot()
    return [
        (name, before.get(name), now[name])
        for name in SNAPSHOT_FIELDS
        if before.get(name) != now[name]
    ]


def changes_since_return(
    history: list[ReviewEvent], entry: ActivityLog
) -> list[tuple[str, Any, Any]]:
    """Fields changed since the last return; empty if the entry was never returned."""
    returns = [event for event in history if event.action == ReviewAction.return_]
    return changes_since(returns[-1].snapshot, entry) if returns else []
