"""The police's tip register: the list, one tip with its trail, the navigation badge."""

from typing import Any

from sqlalchemy import and_
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import literal
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import tuple_
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import raiseload

from intranet import search
from intranet.filtering import within
from intranet.models import AuditEvent
from intranet.models import db
from intranet.models import Informant
from intranet.models import Tip
from intranet.models import TipStatus
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

PAGE_SIZE = 25


def _filtered(query: Any, criteria: dict[str, Any]) -> Any:
    if criteria.get("status"):
        query = query.where(Tip.status == criteria["status"])
    if criteria.get("category"):
        query = query.where(Tip.category == criteria["category"])
    if criteria.get("village"):
        query = query.where(
            Tip.village_id.in_(select(Village.id).where(Village.code == criteria["village"]))
        )
    query = query.where(*within(Tip.received_on, criteria.get("from"), criteria.get("to")))
    if criteria.get("q"):
        query = query.where(search.matches(Tip, criteria["q"]))
    return query


def tips_page(criteria: dict[str, Any], cursor: str | None) -> Page[tuple[Tip, bool]]:
    """The filtered register, newest first, PAGE_SIZE at a time by keyset on (received_on, id);
    a search's best matches first (search.tiers), by keyset on (tier, received_on, id).

    Each row is a tip and whether a sealed informant is on record: one query.
    """
    sealed = exists().where(Informant.tip_id == Tip.id).label("sealed")
    ranked = bool(search.query_words(criteria.get("q")))
    # A register holds thousands of tips, not millions: the tier is one more column to sort by.
    rank = search.rank(Tip, criteria.get("q")) if ranked else literal(0)
    # The list shows the handling officer's name only: no relayer, none of the officer's own
    # relations (each is another join for PostgreSQL to plan, bench/NOTES.md).
    query = _filtered(select(Tip, sealed, rank), criteria).options(
        raiseload(Tip.relayed_by), joinedload(Tip.handling_officer).raiseload("*")
    )
    key = tuple_(Tip.received_on, Tip.id)

    def fetch(after: Cursor | None) -> list[tuple[Tip, bool, int]]:
        walk = query
        newer = after is not None and after.newer
        if after is not None:
            past = key > after.key if newer else key < after.key
            if ranked:
                later = rank < after.tier if newer else rank > after.tier
                past = or_(later, and_(rank == after.tier, past))
            walk = walk.where(past)
        if ranked:
            walk = walk.order_by(rank.desc() if newer else rank.asc())
        if newer:
            walk = walk.order_by(Tip.received_on.asc(), Tip.id.asc())
        else:
            walk = walk.order_by(Tip.received_on.desc(), Tip.id.desc())
        rows = db.session.execute(walk.limit(PAGE_SIZE + 1)).all()
        return [(tip, bool(has_informant), tier) for tip, has_informant, tier in rows]

    if ranked:
        page = keyset_page(
            fetch,
            ranked_cursor(cursor, len(search.TIERS)),
            lambda row: (row[2], row[0].received_on, row[0].id),
            PAGE_SIZE,
        )
    else:
        page = keyset_page(
            fetch, plain_cursor(cursor), lambda row: (row[0].received_on, row[0].id), PAGE_SIZE
        )
    rows = [(tip, has_informant) for tip, has_informant, _tier in page.rows]
    return Page(rows, page.next_cursor, page.prev_cursor)


def informant_of(tip: Tip) -> Informant | None:
    return db.session.scalar(select(Informant).where(Informant.tip_id == tip.id))


def trail(tip: Tip) -> list[AuditEvent]:
    """What happened to the tip: received, each move, each opening of its informant."""
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.target_type == Tip.__tablename__, AuditEvent.target_id == tip.id)
            .order_by(AuditEvent.at, AuditEvent.id)
        )
    )


@badge("tips")
def new_tip_count(user: User) -> int:
    """Tips nobody has taken up yet, for the police's navigation badge (0 for anyone else)."""
    if not can(user, Action.view_tips):
        return 0
    return db.session.scalar(select(func.count(Tip.id)).where(Tip.status == TipStatus.received))
