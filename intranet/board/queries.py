"""Figures shown on the home page."""

from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import func
from sqlalchemy import literal
from sqlalchemy import Select
from sqlalchemy import select

from intranet.logs import queries
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import LogStatus
from intranet.models import Organization
from intranet.models import OrgKind
from intranet.models import Village


@dataclass(frozen=True)
class CommuneFigures:
    """The commune in figures, summed from the village register."""

    villages: int
    population: int
    households: int
    minority_percent: int
    organizations: int
    enterprises: int


def commune_figures() -> CommuneFigures:
    """Totals over villages and active organizations, in two queries."""
    villages, population, households, minority_people = db.session.execute(
        select(
            func.count(Village.id),
            func.coalesce(func.sum(Village.population), 0),
            func.coalesce(func.sum(Village.households), 0),
            func.coalesce(func.sum(Village.population * Village.minority_percent), 0),
        )
    ).one()
    organizations, enterprises = db.session.execute(
        select(
            func.count(Organization.id),
            func.count(Organization.id).filter(Organization.kind == OrgKind.enterprise),
        ).where(Organization.is_active.is_(True))
    ).one()
    share = round(minority_people / population) if population else 0
    return CommuneFigures(
        villages=villages,
        population=int(population),
        households=int(households),
        minority_percent=int(share),
        organizations=organizations,
        enterprises=enterprises,
    )


def year_counters(year: int) -> dict[str, Any]:
    """The year's approved entries per organization and per kind, recounted only after a change.

    Counting the year on every request held the board to a fraction of its speed at 100,000
    entries (bench/NOTES.md). The figures change only when an entry is approved (approved
    entries are never edited or deleted) or an organization is renamed or added, so each process
    keeps them with a fingerprint of those (one indexed query) and recounts when it moves. The
    fingerprint comes from the database, so an approval in one worker or host reaches all.
    """
    fingerprint = (year, *db.session.execute(_fingerprint_query()).one())
    cache = current_app.extensions.setdefault("board_year_counters", {})
    if cache.get("fingerprint") != fingerprint:
        cache.update(fingerprint=fingerprint, counters=queries.year_counters(year))
    return cache["counters"]


def _fingerprint_query() -> Select:
    """The newest approval, and the organizations' count and versions, in one statement."""
    newest = (
        select(ActivityLog.approved_at, ActivityLog.id)
        .where(ActivityLog.status == LogStatus.approved)
        .order_by(ActivityLog.approved_at.desc(), ActivityLog.id.desc())
        .limit(1)
        .subquery()
    )
    organizations = select(func.count(Organization.id), func.sum(Organization.version)).subquery()
    return select(newest.c.approved_at, newest.c.id, *organizations.c).select_from(
        organizations.outerjoin(newest, literal(True))
    )
