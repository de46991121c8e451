"""What the features that handle activity log entries share (logs writes them, review decides
them): loading one the user may see, the steps of its history, and what changed between steps.

A shared module: it imports models and other shared modules, never a feature.
"""

from typing import Any

from sqlalchemy import func
from sqlalchemy import select

from intranet import audit
from intranet import evidence
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import ReviewAction
from intranet.models import ReviewEvent
from intranet.models import SNAPSHOT_FIELDS
from intranet.models import TeamMember
from intranet.models import User
from intranet.models import Village
from intranet.permissions import Action
from intranet.permissions import require


def load_entry(entry_id: int) -> ActivityLog:
    """The entry if the current user may see it; 404 otherwise (its existence stays hidden)."""
    entry = db.get_or_404(ActivityLog, entry_id)
    require(Action.view_entry, entry)
    return entry


def snapshot(entry: ActivityLog) -> dict[str, Any]:
    """The entry's fields and the names of its files: what it was at one step of its history.

    Reading the names must not flush the entry: a concurrent approval is found at commit,
    where saving.commit turns it into a Conflict (a 409 that says who was first).
    """
    with db.session.no_autoflush:
        return entry.snapshot() | {"attachments": evidence.names(entry.id)}


def record_step(entry: ActivityLog, actor: User, action: ReviewAction, comment: str = "") -> None:
    """One step of the entry's history, with a snapshot of its content, and its AuditEvent."""
    db.session.add(
        ReviewEvent(
            entry=entry, actor=actor, action=action, comment=comment, snapshot=snapshot(entry)
        )
    )
    audit.record(f"entry_{action.value}", entry, actor=actor, status=entry.status.value)


def history(entry: ActivityLog) -> list[ReviewEvent]:
    """The entry's steps, oldest first, with their actors."""
    return list(
        db.session.scalars(
            select(ReviewEvent).where(ReviewEvent.entry_id == entry.id).order_by(ReviewEvent.id)
        )
    )


def last_decision(entry: ActivityLog) -> ReviewEvent | None:
    """The entry's latest approval or return, with its actor: who decided it, and when."""
    return db.session.scalar(
        select(ReviewEvent)
        .where(
            ReviewEvent.entry_id == entry.id,
            ReviewEvent.action.in_((ReviewAction.approve, ReviewAction.return_)),
        )
        .order_by(ReviewEvent.id.desc())
        .limit(1)
    )


def last_events(entries: list[ActivityLog], action: str) -> dict[int, ReviewEvent]:
    """For each entry, its latest event of one action (one query for the whole list)."""
    if not entries:
        return {}
    latest = (
        select(func.max(ReviewEvent.id))
        .where(ReviewEvent.entry_id.in_([e.id for e in entries]), ReviewEvent.action == action)
        .group_by(ReviewEvent.entry_id)
    )
    events = db.session.scalars(select(ReviewEvent).where(ReviewEvent.id.in_(latest)))
    return {event.entry_id: event for event in events}


def changes_since(before: dict[str, Any], entry: ActivityLog) -> list[tuple[str, Any, Any]]:
    """Fields (and the list of files) that differ from a snapshot: (field, then, now)."""
    now = snapshot(entry)
    names = SNAPSHOT_FIELDS + (("attachments",) if "attachments" in before else ())
    return [(name, before.get(name), now[name]) for name in names if before.get(name) != now[name]]


def changes_since_return(
    steps: list[ReviewEvent], entry: ActivityLog
) -> list[tuple[str, Any, Any]]:
    """Fields changed since the last return; empty if the entry was never returned."""
    returns = [event for event in steps if event.action == ReviewAction.return_]
    return changes_since(returns[-1].snapshot, entry) if returns else []


def village_names(*diffs: list[tuple[str, Any, Any]]) -> dict[int, str]:
    """Display names of the villages that some diffs mention (no query when none do)."""
    ids = {v for diff in diffs for name, *values in diff if name == "village_id" for v in values}
    ids.discard(None)
    if not ids:
        return {}
    rows = db.session.scalars(select(Village).where(Village.id.in_(ids)))
    return {village.id: village.display_name for village in rows}


def page_context(entry: ActivityLog) -> dict[str, Any]:
    """What the entry's page (logs/show.html) shows besides the entry: its history, the last
    return first when it was returned, what changed since (with the villages named), and who
    on the village's team wrote it on the tablet."""
    steps = history(entry)
    changes = changes_since_return(steps, entry)
    return {
        "entry": entry,
        "history": steps,
        "last_return": next((e for e in reversed(steps) if e.action == ReviewAction.return_), None),
        "changes": changes,
        "villages": village_names(changes),
        "writer": db.session.get(TeamMember, entry.written_by_id) if entry.written_by_id else None,
        "attachments": evidence.for_entry(entry.id),
    }
