"""The approvers' queue: submitted entries of every organization, oldest submission first.

The queue is walked with the one keyset cursor (pagination.py) along (submitted_at, id), the
index `ix_activity_log_status_submitted_at_id`: `a…` asks for the entries sent after a row,
`b…` for those sent before it.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import tuple_

from intranet.entries import changes_since
from intranet.entries import last_events
from intranet.entries import village_names
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import LogStatus
from intranet.models import Organization
from intranet.models import User
from intranet.navigation import badge
from intranet.pagination import Cursor
from intranet.pagination import keyset_page
from intranet.pagination import Page
from intranet.permissions import Action
from intranet.permissions import can

# A page of 100, each with its description and a return form, weighed 280 KB (bench/NOTES.md);
# 25 are what one sitting gets through. The rest are on the next pages.
QUEUE_SIZE = 25

WAITING = ActivityLog.status == LogStatus.submitted
SENT = tuple_(ActivityLog.submitted_at, ActivityLog.id)


def queue_page(cursor: str | None) -> Page[ActivityLog]:
    """QUEUE_SIZE waiting entries from the cursor on, the oldest submission first (one query)."""

    def fetch(after: Cursor | None) -> list[ActivityLog]:
        earlier = after is not None and after.newer  # walking back towards the oldest
        query = select(ActivityLog).where(WAITING)
        if after is not None:
            query = query.where(SENT < after.key if earlier else SENT > after.key)
        if earlier:
            order = (ActivityLog.submitted_at.desc(), ActivityLog.id.desc())
        else:
            order = (ActivityLog.submitted_at.asc(), ActivityLog.id.asc())
        return list(db.session.scalars(query.order_by(*order).limit(QUEUE_SIZE + 1)))

    return keyset_page(
        fetch,
        Cursor.decode(cursor, datetime),
        lambda entry: (entry.submitted_at, entry.id),
        QUEUE_SIZE,
    )


def waiting_before(entry: ActivityLog) -> int:
    """How many waiting entries were sent before this one: where a page starts in the queue."""
    key = (entry.submitted_at, entry.id)
    return db.session.scalar(select(func.count(ActivityLog.id)).where(WAITING, SENT < key))


def waiting_per_organization() -> list[tuple[str, int]]:
    """How many entries wait for approval, per organization, most first."""
    count = func.count(ActivityLog.id)
    rows = db.session.execute(
        select(Organization.name, count)
        .join(ActivityLog.organization)
        .where(WAITING)
        .group_by(Organization.name)
        .order_by(count.desc(), Organization.name)
    )
    return [(name, total) for name, total in rows]


def review_context(entries: list[ActivityLog]) -> dict[str, Any]:
    """For queue items: each resubmitted entry's last return and what changed since it."""
    returned = last_events(entries, "return")
    by_id = {entry.id: entry for entry in entries}
    changes = {pk: changes_since(event.snapshot, by_id[pk]) for pk, event in returned.items()}
    return {"returned": returned, "changes": changes, "villages": village_names(*changes.values())}


@badge("review")
def waiting_count(user: User) -> int:
    """Entries waiting for this approver: the navigation badge (0 for anyone else).

    Asked along the index, since every page of an approver shows it: all submitted entries
    less the approver's own (counted within their organization).
    """
    if not can(user, Action.review):
        return 0
    count = func.count(ActivityLog.id)
    waiting, mine = db.session.execute(
        select(
            select(count).where(WAITING).scalar_subquery(),
            select(count)
            .where(
                WAITING,
                ActivityLog.organization_id == user.organization_id,
                ActivityLog.author_id == user.id,
            )
            .scalar_subquery(),
        )
    ).one()
    return waiting - mine
