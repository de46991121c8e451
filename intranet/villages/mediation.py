"""Queries and rules of village mediation (Law 35/2013)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlalchemy import select

from intranet.models import CaseStatus
from intranet.models import db
from intranet.models import Gender
from intranet.models import MediationCase
from intranet.models import MediationTeam
from intranet.models import Mediator
from intranet.models import MIN_MEDIATORS
from intranet.models import MINORITY_VILLAGE_PERCENT
from intranet.models import Village
from intranet.periods import local_today

CASE_LIST_SIZE = 50


def mediators_of(village: Village) -> list[Mediator]:
    """The village's mediators: active first, by name, then those who left."""
    return list(
        db.session.scalars(
            select(Mediator)
            .join(MediationTeam)
            .where(MediationTeam.village_id == village.id)
            .order_by(Mediator.is_active.desc(), Mediator.full_name)
        )
    )


def make_up_warnings(village: Village, mediators: list[Mediator]) -> list[str]:
    """Where the team falls short of the law: too few, no woman, no minority mediator."""
    active = [m for m in mediators if m.is_active]
    warnings = []
    if len(active) < MIN_MEDIATORS:
        warnings.append("too_few")
    if not any(m.gender == Gender.female for m in active):
        warnings.append("no_woman")
    if village.minority_percent >= MINORITY_VILLAGE_PERCENT and not any(
        m.is_minority for m in active
    ):
        warnings.append("no_minority")
    return warnings


def cases_of(village: Village) -> list[MediationCase]:
    """The village's newest cases (for those who may see the parties)."""
    return list(
        db.session.scalars(
            select(MediationCase)
            .where(MediationCase.village_id == village.id)
            .order_by(MediationCase.received_on.desc(), MediationCase.id.desc())
            .limit(CASE_LIST_SIZE)
        )
    )


@dataclass(frozen=True)
class CaseCounts:
    """Counts without names: open cases, and this year's closed and settled ones."""

    open: int
    closed: int
    settled: int

    @property
    def settled_percent(self) -> int | None:
        """The settled share of the year's closed cases; None when none was closed."""
        return round(100 * self.settled / self.closed) if self.closed else None


def case_counts(village: Village | None = None) -> CaseCounts:
    """Open cases and this year's closed and settled ones, for a village or the commune.

    Two scalar subqueries in one statement, each along its own index (status; closed_on), so
    that years of closed cases are never counted through (bench/NOTES.md).
    """
    in_village = [MediationCase.village_id == village.id] if village is not None else []
    closed = MediationCase.closed_on >= date(local_today().year, 1, 1)
    count = func.count(MediationCase.id)
    open_cases = select(count).where(MediationCase.status == CaseStatus.open, *in_village)
    closed_cases = select(count).where(closed, *in_village)
    settled = select(count).where(closed, MediationCase.status == CaseStatus.settled, *in_village)
    row = db.session.execute(
        select(
            open_cases.scalar_subquery(), closed_cases.scalar_subquery(), settled.scalar_subquery()
        )
    ).one()
    return CaseCounts(*row)


def open_cases_per_village():
    """A subquery: open cases per village, for the village list."""
    return (
        select(MediationCase.village_id, func.count(MediationCase.id).label("open_cases"))
        .where(MediationCase.status == CaseStatus.open)
        .group_by(MediationCase.village_id)
        .subquery()
    )


def team_for(village: Village) -> MediationTeam:
    """The village's mediation team, made on first use."""
    team = db.session.scalar(select(MediationTeam).where(MediationTeam.village_id == village.id))
    if team is None:
        team = MediationTeam(village=village)
        db.session.add(team)
        db.session.flush()
    return team
