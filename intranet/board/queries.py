"""Figures shown on the home page."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlalchemy import select

from intranet.caching import app_cache
from intranet.caching import approval_fingerprint
from intranet.logs import queries
from intranet.models import db
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
    keeps them with a fingerprint of those (one indexed query, intranet/caching.py) and recounts
    when it moves. The fingerprint comes from the database, so an approval in one worker or host
    reaches all.
    """
    return app_cache("board_year_counters", size=4).get(
        year, approval_fingerprint(), lambda: queries.year_counters(year)
    )
