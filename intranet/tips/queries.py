"""The police's tip register: the list, one tip with its trail, the navigation badge."""

from typing import Any

from sqlalchemy import exists
from sqlalchemy import func
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
    """The filtered register, newest first, PAGE_SIZE at a time by keyset on (received_on, id).

    Each row is a tip and whether a sealed informant is on record: one query.
    """
    sealed = exists().where(Informant.tip_id == Tip.id).label("sealed")
    # The list shows the handling officer's name only: no relayer, none of the officer's own
    # relations (each is another join for PostgreSQL to plan, bench/NOTES.md).
    query = _filtered(select(Tip, sealed), criteria).options(
        raiseload(Tip.relayed_by), joinedload(Tip.handling_officer).raiseload("*")
    )
    key = tuple_(Tip.received_on, Tip.id)

    def fetch(after: Cursor | None) -> list[tuple[Tip, bool]]:
        walk = query
        if after is not None and after.newer:
            walk = walk.where(key > after.key).order_by(Tip.received_on.asc(), Tip.id.asc())
        else:
            if after is not None:
                walk = walk.where(key < after.key)
            walk = walk.order_by(Tip.received_on.desc(), Tip.id.desc())
        rows = db.session.execute(walk.limit(PAGE_SIZE + 1)).all()
        return [(tip, bool(has_informant)) for tip, has_informant in rows]

    return keyset_page(
        fetch, Cursor.decode(cursor), lambda row: (row[0].received_on, row[0].id), PAGE_SIZE
    )


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
