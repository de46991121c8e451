"""State changes of activity log entries by their writers (DESIGN section 2).

draft → submitted → approved, or submitted → returned → (edit) → submitted. The writers' steps
(create, edit, submit, delete, correct) are here; the approvers' (approve, return) are in
review/workflow.py. Every function checks the actor's right itself (permissions.require),
writes the entry's history and an AuditEvent (entries.record_step), and leaves the commit to
the caller, so a view commits once.
"""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from intranet import audit
from intranet import evidence
from intranet import saving
from intranet.entries import record_step
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import LogStatus
from intranet.models import ReviewAction
from intranet.models import SNAPSHOT_FIELDS
from intranet.models import User
from intranet.models import utcnow
from intranet.permissions import Action
from intranet.permissions import require

# The fields a person writes: the same ones a history snapshot keeps.
ENTRY_FIELDS = SNAPSHOT_FIELDS


def create(
    actor: User,
    values: dict[str, Any],
    client_token: str | None,
    written_by_id: int | None = None,
    files: Iterable[evidence.Prepared] = (),
) -> ActivityLog:
    """A new draft of the actor's organization with its files; a repeated post returns the
    first one, whose files were saved with it (never twice).

    ``written_by_id``: on a village tablet, the team member who wrote it (the form offers the
    village team's active members only).
    """
    entry = ActivityLog(
        written_by_id=written_by_id,
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
        record_step(entry, actor, ReviewAction.create)
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
        record_step(entry, actor, ReviewAction.edit)


def submit(entry: ActivityLog, actor: User) -> None:
    """Send a draft or a returned entry to the approvers."""
    require(Action.submit_entry, entry, user=actor)
    action = ReviewAction.resubmit if entry.status == LogStatus.returned else ReviewAction.submit
    entry.status = LogStatus.submitted
    entry.submitted_at = utcnow()
    record_step(entry, actor, action)


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
    record_step(correction, actor, ReviewAction.create, comment=f"#{entry.id}")
    return correction
