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
from sqlalchemy.exc import IntegrityError

from intranet import audit
from intranet import evidence
from intranet import saving
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
from intranet.saving import Conflict


class AlreadyDecided(Conflict):
    """Another approver approved or returned the entry first: answered 409 with who and when."""


class MissingReason(ValueError):
    """A return always has a reason."""


# The fields a person writes: the same ones a history snapshot keeps.
ENTRY_FIELDS = SNAPSHOT_FIELDS


def _snapshot(entry: ActivityLog) -> dict[str, Any]:
    """The entry's fields and the names of its files: what it was at one step of its history.

    Reading the names must not flush the entry: a concurrent approval is found at commit,
    where saving.commit turns it into a Conflict (a 409 that says who was first).
    """
    with db.session.no_autoflush:
        return entry.snapshot() | {"attachments": evidence.names(entry.id)}


def _history(entry: ActivityLog, actor: User, action: ReviewAction, comment: str = "") -> None:
    db.session.add(
        ReviewEvent(
            entry=entry, actor=actor, action=action, comment=comment, snapshot=_snapshot(entry)
        )
    )
    audit.record(f"entry_{action.value}", entry, actor=actor, status=entry.status.value)


def create(
    actor: User,
    values: dict[str, Any],
    client_token: str | None,
    files: Iterable[evidence.Prepared] = (),
) -> ActivityLog:
    """A new draft of the actor's organization with its files; a repeated post returns the
    first one, whose files were saved with it (never twice)."""
    entry = ActivityLog(
        organization_id=actor.organization_id,
        author=actor,
        author_id=actor.id,  # read by the rules before the row is flushed
        client_token=client_token or None,
        status=LogStatus.draft,
        **{name: values[name] for name in ENTRY_FIELDS},
    )
    require(Action.create_entry, entry, user=actor)
    entry, created = saving.add_once(entry, actor)
    if created:
        evidence.attach(entry, files, actor)
        _history(entry, actor, ReviewAction.create)
    return entry


def update(
    entry: ActivityLog,
    actor: User,
    values: dict[str, Any],
    version: str,
    files: Iterable[evidence.Prepared] = (),
    remove: Iterable[int] = (),
) -> None:
    """Save new content, new files and removals into a draft or returned entry; Conflict
    when the version moved. Files of an approved entry change only through a correction."""
    require(Action.edit_entry, entry, user=actor)
    saving.check_version(entry, version)
    changed = {name for name in ENTRY_FIELDS if getattr(entry, name) != values[name]}
    for name in ENTRY_FIELDS:
        setattr(entry, name, values[name])
    require(Action.edit_entry, entry, user=actor)  # the new village must be theirs too
    remove = set(remove)
    saving.flush(entry)  # a save that won meanwhile is a Conflict before any file is written
    gone = [a for a in evidence.for_entry(entry.id) if a.id in remove]
    added = evidence.attach(entry, files, actor)
    evidence.remove(gone)
    if gone or added:
        changed.add("attachments")
        entry.updated_at = utcnow()  # a new version: a form showing the old files is stale
        audit.record("entry_files", entry, actor=actor, added=len(added), removed=len(gone))
    if changed:
        _history(entry, actor, ReviewAction.edit)


def submit(entry: ActivityLog, actor: User) -> None:
    """Send a draft or a returned entry to the approvers."""
    require(Action.submit_entry, entry, user=actor)
    action = ReviewAction.resubmit if entry.status == LogStatus.returned else ReviewAction.submit
    entry.status = LogStatus.submitted
    entry.submitted_at = utcnow()
    _history(entry, actor, action)


def _decided_by_another(entry: ActivityLog, actor: User) -> bool:
    """True when an approver finds the entry approved or returned: someone decided it first."""
    decided = entry.status in (LogStatus.approved, LogStatus.returned)
    return decided and can(actor, Action.review) and entry.author_id != actor.id


def ensure_waiting(entry: ActivityLog, actor: User) -> None:
    """AlreadyDecided when another approver decided the entry first (a 409, not a 403)."""
    if _decided_by_another(entry, actor):
        raise AlreadyDecided(entry)


def approve(entry: ActivityLog, actor: User) -> None:
    """Approve a submitted entry; it is locked from now on."""
    ensure_waiting(entry, actor)
    require(Action.approve_entry, entry, user=actor)
    entry.status = LogStatus.approved
    entry.approved_at = utcnow()
    _history(entry, actor, ReviewAction.approve)


def return_entry(entry: ActivityLog, actor: User, reason: str) -> None:
    """Send a submitted entry back to its organization, with the reason."""
    ensure_waiting(entry, actor)
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
    digests = {a.content_sha256 for a in evidence.for_entry(entry.id)}
    db.session.delete(entry)
    db.session.flush()  # the foreign key takes the entry's attachments with it
    evidence.forget_unused(digests)


def correct(entry: ActivityLog, actor: User) -> ActivityLog:
    """A new draft that corrects an approved entry, which itself stays as it is.

    An entry has one correction at most (a unique index): when one was started already, by
    anyone, Conflict carries it, so the caller can lead to it instead of making a second.
    """
    require(Action.correct_entry, entry, user=actor)
    started = db.session.scalar(select(ActivityLog).where(ActivityLog.corrects_id == entry.id))
    if started is not None:
        raise saving.Conflict(started)
    correction = ActivityLog(
        organization_id=entry.organization_id,
        author=actor,
        status=LogStatus.draft,
        corrects_id=entry.id,
        **{name: getattr(entry, name) for name in ENTRY_FIELDS},
    )
    db.session.add(correction)
    try:
        db.session.flush()
    except IntegrityError as error:  # a correction started at the same moment
        db.session.rollback()
        raise saving.Conflict(None) from error
    evidence.copy_all(entry, correction, actor)  # the same bytes, shown on the correction too
    _history(correction, actor, ReviewAction.create, comment=f"#{entry.id}")
    return correction


@dataclass
class BulkResult:
    """What a bulk approval did: approved entries, the ones it may not approve, and the ones
    another approver decided first (left as they were decided)."""

    approved: list[ActivityLog] = field(default_factory=list)
    refused: list[ActivityLog] = field(default_factory=list)
    decided_first: list[int] = field(default_factory=list)


def approve_many(entries: Iterable[ActivityLog], actor: User) -> BulkResult:
    """Approve each entry the actor may approve, exactly as one approval would decide.

    Each approval is committed on its own, so an entry that another approver decides at the
    same moment is skipped and reported, and never undoes the rest. The one exception to
    "the caller commits": a bulk action is many single actions.
    """
    result = BulkResult()
    for entry_id, entry in [(entry.id, entry) for entry in entries]:
        if not can(actor, Action.approve_entry, entry):
            if _decided_by_another(entry, actor):
                result.decided_first.append(entry_id)
            else:
                result.refused.append(entry)
            continue
        try:
            approve(entry, actor)
            saving.commit(entry)
        except saving.Conflict:
            db.session.rollback()
            result.decided_first.append(entry_id)
        else:
            result.approved.append(entry)
    return result


def changes_since(before: dict[str, Any], entry: ActivityLog) -> list[tuple[str, Any, Any]]:
    """Fields (and the list of files) that differ from a snapshot: (field, then, now)."""
    now = _snapshot(entry)
    names = SNAPSHOT_FIELDS + (("attachments",) if "attachments" in before else ())
    return [(name, before.get(name), now[name]) for name in names if before.get(name) != now[name]]


def changes_since_return(
    history: list[ReviewEvent], entry: ActivityLog
) -> list[tuple[str, Any, Any]]:
    """Fields changed since the last return; empty if the entry was never returned."""
    returns = [event for event in history if event.action == ReviewAction.return_]
    return changes_since(returns[-1].snapshot, entry) if returns else []
