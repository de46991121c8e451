"""The approvers' decisions on submitted entries: approve, return, approve many (DESIGN §2).

Shaped like logs/workflow.py: every function checks the actor's right itself
(permissions.require: four eyes, not by whoever wrote, edited or sent the entry), writes the
entry's history and an AuditEvent (entries.record_step), and leaves the commit to the caller,
except approve_many, which is many single approvals.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field

from intranet import saving
from intranet.entries import record_step
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import LogStatus
from intranet.models import ReviewAction
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
    record_step(entry, actor, ReviewAction.approve)


def return_entry(entry: ActivityLog, actor: User, reason: str) -> None:
    """Send a submitted entry back to its organization, with the reason."""
    ensure_waiting(entry, actor)
    require(Action.return_entry, entry, user=actor)
    reason = reason.strip()
    if not reason:
        raise MissingReason
    entry.status = LogStatus.returned
    record_step(entry, actor, ReviewAction.return_, reason)


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
