"""List queries for entries: what each list selects, in which order, and with what it loads.

Lists that grow use a keyset (never a deep OFFSET): `/logs` is ordered by (date, id), the board
by (approved_at, id) (the review queue, in review/queries.py, by (submitted_at, id)); each
order has its own index.
"""

from datetime import date
from datetime import datetime
from typing import Any

from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import false
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

from intranet import search
from intranet.entries import last_events
from intranet.filtering import within
from intranet.models import ActivityLog
from intranet.models import Attachment
from intranet.models import db
from intranet.models import LogKind
from intranet.models import LogStatus
from intranet.models import Organization
from intranet.models import PatrolMember
from intranet.models import Position
from intranet.models import ReviewEvent
from intranet.models import SecurityTeam
from intranet.models import TeamMember
from intranet.models import User
from intranet.models import Village
from intranet.navigation import badge
from intranet.pagination import Cursor
from intranet.pagination import keyset_page
from intranet.pagination import Page
from intranet.pagination import plain_cursor
from intranet.pagination import ranked_cursor
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
    query = query.where(*within(ActivityLog.date, criteria.get("from"), criteria.get("to")))
    if criteria.get("q"):
        query = query.where(search.matches(ActivityLog, criteria["q"]))
    return query


def entries_page(user: User, criteria: dict[str, Any], cursor: str | None) -> Page[ActivityLog]:
    """The entries the user may see, newest date first, PAGE_SIZE at a time (one query).

    A search (`q` with words) lists the best matches first (search.tiers), newest first within
    each tier; its cursors carry the tier.
    """
    if search.query_words(criteria.get("q")):
        page = keyset_page(
            lambda after: _ranked(user, criteria, after),
            ranked_cursor(cursor, len(search.TIERS)),
            lambda row: (row[1], row[0].date, row[0].id),
            PAGE_SIZE,
        )
        return Page([entry for entry, _tier in page.rows], page.next_cursor, page.prev_cursor)
    return keyset_page(
        lambda after: _keyset(user, criteria, after),
        plain_cursor(cursor),
        lambda entry: (entry.date, entry.id),
        PAGE_SIZE,
    )


def _ranked(
    user: User, criteria: dict[str, Any], after: Cursor | None
) -> list[tuple[ActivityLog, int]]:
    """PAGE_SIZE + 1 visible matches past the cursor by (tier, date newest first, id), each
    with its tier.

    Ordering every match by a computed tier would read and sort them all (half the table for
    common words). Instead the tiers are asked one after the other, from the cursor's (past
    the cursor) on, each the way `_keyset` walks the list along its (date, id) index, until a
    page is full: a page inside a tier is one query, like the list without a search. At a
    tier's end the next tier is asked, and a tier that the words almost never fall in would be
    a walk of the whole list (2 s at 1,000,000 entries): a title tier of at most search.FEW rows
    in the whole table is found through the titles' own index and taken by id
    (search.few_in_tier: FTS5 on SQLite, a GIN tsvector on PostgreSQL; bench/RESULTS.md).
    """
    newer = after is not None and after.newer
    if search.few(ActivityLog, criteria["q"]):
        return _ranked_few(user, criteria, after, newer)
    walk = list(search.tiers(ActivityLog, criteria["q"]))
    if newer:
        walk.reverse()
    rows: list[tuple[ActivityLog, int]] = []
    for tier, condition in walk:
        if after is not None and (tier > after.tier if newer else tier < after.tier):
            continue
        past = after if after is not None and tier == after.tier else None
        wanted = PAGE_SIZE + 1 - len(rows)
        few = search.few_in_tier(ActivityLog, criteria["q"], tier)
        if few is not None:
            # A tier of few rows in the whole table: those, by id, not a walk of the list.
            if not few:
                continue
            condition = and_(condition, ActivityLog.id.in_(few))
        found = _keyset(user, criteria, past, newer=newer, where=condition, limit=wanted)
        rows += [(entry, tier) for entry in found]
        if len(rows) > PAGE_SIZE:
            break
    return rows


def _ranked_few(
    user: User, criteria: dict[str, Any], after: Cursor | None, newer: bool
) -> list[tuple[ActivityLog, int]]:
    """`_ranked` when the words are in few entries, taken by id (SQLite, search.few): one
    statement sorts them all by tier. Walking the list's index tier by tier would read the
    whole list for a tier the few entries are not in (40 ms at 100,000 entries against 2)."""
    rank = search.rank(ActivityLog, criteria["q"])
    key = tuple_(ActivityLog.date, ActivityLog.id)
    # Left to itself SQLite walks the (status, date) index through every approved entry (it
    # guesses `status = ?` finds ten), checking each against the ids: 30 ms at 100,000 entries
    # (and the organization's index too, for a member).
    # Inside coalesce() the rule is no index term: the few ids are looked up by rowid.
    opaque = func.coalesce(visible_logs(user), false())
    query = filtered(select(ActivityLog, rank).where(opaque), criteria)
    if after is not None:
        beyond = rank < after.tier if newer else rank > after.tier
        query = query.where(
            or_(beyond, and_(rank == after.tier, key > after.key if newer else key < after.key))
        )
    if newer:
        query = query.order_by(rank.desc(), ActivityLog.date.asc(), ActivityLog.id.asc())
    else:
        query = query.order_by(rank.asc(), ActivityLog.date.desc(), ActivityLog.id.desc())
    found = db.session.execute(query.options(WITHOUT_AUTHOR).limit(PAGE_SIZE + 1))
    return [(entry, tier) for entry, tier in found]


def _keyset(
    user: User,
    criteria: dict[str, Any],
    after: Cursor | None,
    newer: bool | None = None,
    where: ColumnElement[bool] | None = None,
    limit: int | None = None,
) -> list[ActivityLog]:
    """PAGE_SIZE + 1 (or `limit`) visible entries past the cursor, in the page's direction
    (`newer`, when there is no cursor to say it), that also meet `where`.

    The visibility rule is an OR (approved, or our own, or waiting for an approver). Given the
    OR whole, SQLite and PostgreSQL gather every matching row and sort them all (400 ms at
    100,000 entries). Each part alone walks its own index in (date, id) order and stops after
    a page, so the parts' first rows are taken apart and merged: the same rows, in 5 ms.
    """
    key = tuple_(ActivityLog.date, ActivityLog.id)
    if newer is None:
        newer = after is not None and after.newer
    if newer:
        order = (ActivityLog.date.asc(), ActivityLog.id.asc())
    else:
        order = (ActivityLog.date.desc(), ActivityLog.id.desc())
    limit = PAGE_SIZE + 1 if limit is None else limit

    def part(clause: ColumnElement[bool], columns: Any) -> Select:
        query = filtered(select(*columns).where(clause), criteria)
        if where is not None:
            query = query.where(where)
        if after is not None:
            query = query.where(key > after.key if newer else key < after.key)
        return query.order_by(*order).limit(limit)

    parts = _disjuncts(visible_logs(user))
    if len(parts) == 1:
        return list(db.session.scalars(part(parts[0], [ActivityLog]).options(WITHOUT_AUTHOR)))
    firsts = union(*(select(p.c.id) for p in (part(c, [ActivityLog.id]).subquery() for c in parts)))
    query = select(ActivityLog).where(ActivityLog.id.in_(firsts)).order_by(*order)
    return list(db.session.scalars(query.options(WITHOUT_AUTHOR).limit(limit)))


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


def return_reasons(entries: list[ActivityLog]) -> dict[int, ReviewEvent]:
    """The last return of each returned entry in a list, to show its reason (one query)."""
    return last_events([e for e in entries if e.status == LogStatus.returned], "return")


@badge("returned")
def returned_count(user: User) -> int:
    """Entries returned to this user: the navigation badge, asked within the user's own entries
    (the only returned entries they may see), along an index; 0 for those who write none."""
    if not can(user, Action.create_entry):
        return 0
    return db.session.scalar(
        select(func.count(ActivityLog.id)).where(
            ActivityLog.status == LogStatus.returned, own_logs(user)
        )
    )


# The village tablet: who on the team writes, and who went on the last patrol (issue 14).


def tablet_roster(village_id: int) -> list[TeamMember]:
    """The village team's active members, leader first: the roster a tablet user taps."""
    rank = case(
        (TeamMember.position == Position.leader, 0),
        (TeamMember.position == Position.deputy, 1),
        else_=2,
    )
    return list(
        db.session.scalars(
            select(TeamMember)
            .join(SecurityTeam, SecurityTeam.id == TeamMember.team_id)
            .where(SecurityTeam.village_id == village_id, TeamMember.is_active)
            .order_by(rank, TeamMember.full_name)
        )
    )


def last_writer(author: User, village_id: int) -> int | None:
    """The team member who wrote this account's last entry for the village: tapped again."""
    return db.session.scalar(
        select(ActivityLog.written_by_id)
        .where(
            ActivityLog.author_id == author.id,
            ActivityLog.village_id == village_id,
            ActivityLog.written_by_id.is_not(None),
        )
        .order_by(ActivityLog.id.desc())
        .limit(1)
    )


def last_crew(village_id: int) -> list[int]:
    """Who went on the village's last patrol that kept its crew ("the same as last time")."""
    last = (
        select(PatrolMember.entry_id)
        .join(ActivityLog, ActivityLog.id == PatrolMember.entry_id)
        .where(ActivityLog.village_id == village_id, ActivityLog.kind == LogKind.patrol)
        .order_by(PatrolMember.entry_id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return list(
        db.session.scalars(select(PatrolMember.member_id).where(PatrolMember.entry_id == last))
    )


def returned_to(user: User, limit: int = 10) -> list[ActivityLog]:
    """The entries returned to their author, newest first: shown at the top of their home."""
    return list(
        db.session.scalars(
            select(ActivityLog)
            .where(ActivityLog.author_id == user.id, ActivityLog.status == LogStatus.returned)
            .order_by(ActivityLog.updated_at.desc(), ActivityLog.id.desc())
            .limit(limit)
        )
    )


def returned_context(user: User) -> dict[str, Any]:
    """What templates/logs/_returned.html shows: the user's returned entries and their reasons."""
    entries = returned_to(user) if user.is_authenticated else []
    return {"returned_entries": entries, "return_events": return_reasons(entries)}
