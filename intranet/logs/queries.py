"""List queries for entries: what each list selects, in which order, and with what it loads.

Lists that grow use a keyset (never a deep OFFSET): `/logs` is ordered by (date, id), the board
by (approved_at, id), the review queue by (submitted_at, id); each order has its own index.
"""

from datetime import date
from datetime import datetime
from typing import Any

from sqlalchemy import and_
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import Result
from sqlalchemy import Select
from sqlalchemy import select
from sqlalchemy import tuple_
from sqlalchemy import union
from sqlalchemy.orm import raiseload
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BooleanClauseList
from sqlalchemy.sql.elements import ColumnElement

from intranet.logs.workflow import changes_since
from intranet.models import ActivityLog
from intranet.models import Attachment
from intranet.models import db
from intranet.models import LogStatus
from intranet.models import Organization
from intranet.models import ReviewAction
from intranet.models import ReviewEvent
from intranet.models import User
from intranet.models import Village
from intranet.pagination import Cursor
from intranet.pagination import keyset_page
from intranet.pagination import Page
from intranet.permissions import Action
from intranet.permissions import can
from intranet.permissions import own_logs
from intranet.permissions import visible_logs

PAGE_SIZE = 25
FEED_SIZE = 20
# List rows never show the author; the author's joined organization and village made the
# statement six tables wide, and PostgreSQL planned it for 3 ms against 0.7 without them.
WITHOUT_AUTHOR = raiseload(ActivityLog.author)


def filtered(query: Select, criteria: dict[str, Any]) -> Select:
    """Apply the filters of the filter form (organization, village, kind, status, text, dates)."""
    # Codes are unique: scalar subqueries, which PostgreSQL runs once before the scan. As IN
    # subqueries they became two more joins, and planning the list took 16 ms at 1,000,000.
    if criteria.get("org"):
        query = query.where(
            ActivityLog.organization_id
            == select(Organization.id).where(Organization.code == criteria["org"]).scalar_subquery()
        )
    if criteria.get("village"):
        query = query.where(
            ActivityLog.village_id
            == select(Village.id).where(Village.code == criteria["village"]).scalar_subquery()
        )
    if criteria.get("kind"):
        query = query.where(ActivityLog.kind == criteria["kind"])
    if criteria.get("status"):
        query = query.where(ActivityLog.status == criteria["status"])
    if criteria.get("from"):
        query = query.where(ActivityLog.date >= criteria["from"])
    if criteria.get("to"):
        query = query.where(ActivityLog.date <= criteria["to"])
    if criteria.get("q"):
        pattern = f"%{escape_like(criteria['q'].lower())}%"
        query = query.where(
            or_(
                func.lower(ActivityLog.title).like(pattern, escape="\\"),
                func.lower(ActivityLog.description).like(pattern, escape="\\"),
            )
        )
    return query


def escape_like(text: str) -> str:
    """Make % and _ typed by a user match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def entries_page(user: User, criteria: dict[str, Any], cursor: str | None) -> Page[ActivityLog]:
    """The entries the user may see, newest date first, PAGE_SIZE at a time (one query)."""
    return keyset_page(
        lambda after: _keyset(user, criteria, after),
        Cursor.decode(cursor),
        lambda entry: (entry.date, entry.id),
        PAGE_SIZE,
    )


def _keyset(user: User, criteria: dict[str, Any], after: Cursor | None) -> list[ActivityLog]:
    """PAGE_SIZE + 1 visible entries past the cursor, in the page's direction.

    The visibility rule is an OR (approved, or our own, or waiting for an approver). Given the
    OR whole, SQLite and PostgreSQL gather every matching row and sort them all (400 ms at
    100,000 entries). Each part alone walks its own index in (date, id) order and stops after
    a page, so the parts' first rows are taken apart and merged: the same rows, in 5 ms.
    """
    key = tuple_(ActivityLog.date, ActivityLog.id)
    newer = after is not None and after.newer
    if newer:
        order = (ActivityLog.date.asc(), ActivityLog.id.asc())
    else:
        order = (ActivityLog.date.desc(), ActivityLog.id.desc())

    def part(clause: ColumnElement[bool], columns: Any) -> Select:
        query = filtered(select(*columns).where(clause), criteria)
        if after is not None:
            query = query.where(key > after.key if newer else key < after.key)
        return query.order_by(*order).limit(PAGE_SIZE + 1)

    parts = _disjuncts(visible_logs(user))
    if len(parts) == 1:
        return list(db.session.scalars(part(parts[0], [ActivityLog]).options(WITHOUT_AUTHOR)))
    firsts = union(*(select(p.c.id) for p in (part(c, [ActivityLog.id]).subquery() for c in parts)))
    query = select(ActivityLog).where(ActivityLog.id.in_(firsts)).order_by(*order)
    return list(db.session.scalars(query.options(WITHOUT_AUTHOR).limit(PAGE_SIZE + 1)))


def _disjuncts(clause: ColumnElement[bool]) -> list[ColumnElement[bool]]:
    """The parts of an OR (the clause itself when it is not one)."""
    if isinstance(clause, BooleanClauseList) and clause.operator is operators.or_:
        return list(clause.clauses)
    return [clause]


def export_rows(user: User, criteria: dict[str, Any], limit: int) -> Result:
    """The filtered list's columns for the spreadsheet, newest first, as plain rows streamed.

    Plain rows, not entries: 50,000 ORM objects with their organization, village and author
    cost most of the export's time (bench/NOTES.md). Batches keep a worker near its size.
    """
    query = select(
        ActivityLog.date,
        Organization.name.label("organization"),
        Village.kind.label("village_kind"),
        Village.name.label("village_name"),
        ActivityLog.kind,
        ActivityLog.title,
        ActivityLog.description,
        ActivityLog.participants,
        ActivityLog.status,
        User.full_name.label("author"),
        ActivityLog.approved_at,
        # How many files the entry has (issue 16): one index lookup per row, no bytes read.
        select(func.count(Attachment.id))
        .where(Attachment.entry_id == ActivityLog.id)
        .scalar_subquery()
        .label("files"),
    )
    query = (
        query.join(Organization, ActivityLog.organization_id == Organization.id)
        .outerjoin(Village, ActivityLog.village_id == Village.id)
        .join(User, ActivityLog.author_id == User.id)
    )
    query = filtered(query.where(visible_logs(user)), criteria)
    query = query.order_by(ActivityLog.date.desc(), ActivityLog.id.desc()).limit(limit)
    return db.session.execute(query.execution_options(yield_per=1000))


def export_count(user: User, criteria: dict[str, Any]) -> int:
    """How many entries the filtered list holds (asked only when the export is cut)."""
    query = filtered(select(func.count(ActivityLog.id)).where(visible_logs(user)), criteria)
    return db.session.scalar(query)


def board_feed(criteria: dict[str, Any], after: tuple[datetime, int] | None = None) -> list:
    """The newest approved entries, latest approval first; only newer ones after a cursor."""
    query = filtered(select(ActivityLog).where(ActivityLog.status == LogStatus.approved), criteria)
    if after is not None:
        query = query.where(tuple_(ActivityLog.approved_at, ActivityLog.id) > after)
    return list(
        db.session.scalars(
            query.options(WITHOUT_AUTHOR)
            .order_by(ActivityLog.approved_at.desc(), ActivityLog.id.desc())
            .limit(FEED_SIZE)
        )
    )


def approved_since(criteria: dict[str, Any], after: tuple[datetime, int]) -> bool:
    """Whether an entry matching the filters was approved after the cursor.

    The board's poll asks this every 10 seconds from every open board, and the answer is
    nearly always no: one indexed query of one column, no ORM objects (a third of the poll).
    """
    query = filtered(
        select(ActivityLog.id).where(ActivityLog.status == LogStatus.approved), criteria
    )
    query = query.where(tuple_(ActivityLog.approved_at, ActivityLog.id) > after)
    return db.session.scalar(query.limit(1)) is not None


def year_counters(year: int) -> dict[str, list[tuple[str, int]]]:
    """Approved entries of the year per organization and per kind (two grouped queries)."""
    in_year = and_(
        ActivityLog.status == LogStatus.approved,
        ActivityLog.date >= date(year, 1, 1),
        ActivityLog.date <= date(year, 12, 31),
    )
    per_org = db.session.execute(
        select(Organization.name, func.count(ActivityLog.id))
        .join(ActivityLog.organization)
        .where(in_year)
        .group_by(Organization.name)
        .order_by(func.count(ActivityLog.id).desc(), Organization.name)
    ).all()
    per_kind = db.session.execute(
        select(ActivityLog.kind, func.count(ActivityLog.id))
        .where(in_year)
        .group_by(ActivityLog.kind)
        .order_by(func.count(ActivityLog.id).desc())
    ).all()
    return {
        "organizations": [(name, count) for name, count in per_org],
        # Kinds, not labels: the board caches these figures for users of either language.
        "kinds": [(kind, count) for kind, count in per_kind],
        "total": sum(count for _name, count in per_org),
    }


# The oldest submissions an approver sees at once: a page of 100, each with its description and
# a return form, weighed 280 KB (bench/NOTES.md); 25 are what one sitting gets through.
QUEUE_SIZE = 25


def review_queue() -> list[ActivityLog]:
    """Submitted entries of every organization, oldest submission first (QUEUE_SIZE of them)."""
    return list(
        db.session.scalars(
            select(ActivityLog)
            .where(ActivityLog.status == LogStatus.submitted)
            .order_by(ActivityLog.submitted_at.asc(), ActivityLog.id.asc())
            .limit(QUEUE_SIZE)
        )
    )


def waiting_per_organization() -> list[tuple[str, int]]:
    """How many entries wait for approval, per organization, most first."""
    count = func.count(ActivityLog.id)
    rows = db.session.execute(
        select(Organization.name, count)
        .join(ActivityLog.organization)
        .where(ActivityLog.status == LogStatus.submitted)
        .group_by(Organization.name)
        .order_by(count.desc(), Organization.name)
    )
    return [(name, total) for name, total in rows]


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


def return_reasons(entries: list[ActivityLog]) -> dict[int, ReviewEvent]:
    """The last return of each returned entry in a list, to show its reason (one query)."""
    return last_events([e for e in entries if e.status == LogStatus.returned], "return")


def village_names(*diffs: list[tuple[str, Any, Any]]) -> dict[int, str]:
    """Display names of the villages that some diffs mention (no query when none do)."""
    ids = {v for diff in diffs for name, *values in diff if name == "village_id" for v in values}
    ids.discard(None)
    if not ids:
        return {}
    rows = db.session.scalars(select(Village).where(Village.id.in_(ids)))
    return {village.id: village.display_name for village in rows}


def review_context(entries: list[ActivityLog]) -> dict[str, Any]:
    """For queue items: each resubmitted entry's last return and what changed since it."""
    returned = last_events(entries, "return")
    by_id = {entry.id: entry for entry in entries}
    changes = {pk: changes_since(event.snapshot, by_id[pk]) for pk, event in returned.items()}
    return {"returned": returned, "changes": changes, "villages": village_names(*changes.values())}


def badge_counts(user: User) -> dict[str, int]:
    """The navigation badges: entries waiting for this approver, entries returned to this user.

    Both are asked along an index, since every page of these users shows them: the waiting ones
    as all submitted entries less the approver's own (counted within their organization), the
    returned ones within the user's own entries, the only returned entries they may see.
    """
    counts = {"review": 0, "returned": 0}
    count = func.count(ActivityLog.id)
    if can(user, Action.review):
        submitted = ActivityLog.status == LogStatus.submitted
        waiting, mine = db.session.execute(
            select(
                select(count).where(submitted).scalar_subquery(),
                select(count)
                .where(
                    submitted,
                    ActivityLog.organization_id == user.organization_id,
                    ActivityLog.author_id == user.id,
                )
                .scalar_subquery(),
            )
        ).one()
        counts["review"] = waiting - mine
    if can(user, Action.create_entry):
        counts["returned"] = db.session.scalar(
            select(count).where(ActivityLog.status == LogStatus.returned, own_logs(user))
        )
    return counts
