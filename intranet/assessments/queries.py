"""What the workspace lists: each village's assessments of a year, and each set's deadline."""

from dataclasses import dataclass
from dataclasses import field
from datetime import date

from sqlalchemy import func
from sqlalchemy import select

from intranet.models import Assessment
from intranet.models import AssessmentStatus
from intranet.models import CriteriaSet
from intranet.models import db
from intranet.models import period_dates
from intranet.models import RatingDraft
from intranet.models import RatingStatus
from intranet.models import SecurityTeam
from intranet.models import UnitKind
from intranet.models import Village

NOT_STARTED = ""
# The sets a village scores; the team ratings have their own page (ratings_routes.py).
VILLAGE_UNITS = (UnitKind.village, UnitKind.commune)
# A village still owes its sheet while it is being scored or was returned.
OWING = (AssessmentStatus.draft, AssessmentStatus.returned)


@dataclass
class SetColumn:
    """One set of the year: its version, its deadline, and how many villages are where."""

    criteria_set: CriteriaSet
    deadline: date
    days_left: int
    # Villages per status value; NOT_STARTED counts those with no assessment yet.
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, status: AssessmentStatus | None) -> int:
        return self.counts.get(status.value if status is not None else NOT_STARTED, 0)


@dataclass
class VillageRow:
    """One village and its assessment of each set (None: not started)."""

    village: Village
    assessments: dict[str, Assessment | None]


def workspace(
    sets: list[CriteriaSet], year: int, today: date
) -> tuple[list[SetColumn], list[VillageRow]]:
    """The columns (sets) and rows (villages) of a year's workspace: two queries."""
    sets = [s for s in sets if s.unit_kind in VILLAGE_UNITS]
    villages = list(db.session.scalars(select(Village).order_by(Village.code)))
    found = db.session.scalars(
        select(Assessment).where(
            Assessment.year == year, Assessment.set_id.in_([s.id for s in sets])
        )
    )
    by_key = {(a.set_id, a.village_id): a for a in found}
    columns = []
    for criteria_set in sets:
        deadline = date(year, criteria_set.deadline_month, criteria_set.deadline_day)
        column = SetColumn(criteria_set, deadline, (deadline - today).days)
        for village in villages:
            assessment = by_key.get((criteria_set.id, village.id))
            key = assessment.status.value if assessment is not None else NOT_STARTED
            column.counts[key] = column.counts.get(key, 0) + 1
        columns.append(column)
    rows = [
        VillageRow(village, {s.code: by_key.get((s.id, village.id)) for s in sets})
        for village in villages
    ]
    return columns, rows


@dataclass(frozen=True)
class Deadline:
    """One set's dates in the current cycle, and how many villages still owe their sheet."""

    criteria_set: CriteriaSet
    period_end: date
    deadline: date
    days_left: int
    owing: int  # villages that have not sent (not started, being scored, returned)
    villages: int
    # The team ratings: ``owing`` counts the teams the chair has not rated by a decision.
    teams: bool = False


def calendar(sets: list[CriteriaSet], year: int, today: date) -> list[Deadline]:
    """The board's count-down: each set of the year by deadline (the team ratings with the
    teams the chair has not rated yet); a handful of queries."""
    villages = db.session.scalar(select(func.count(Village.id))) or 0
    sent = dict(
        db.session.execute(
            select(Assessment.set_id, func.count(Assessment.id))
            .where(
                Assessment.year == year,
                Assessment.set_id.in_([s.id for s in sets]),
                Assessment.status.not_in(OWING),
            )
            .group_by(Assessment.set_id)
        ).all()
    )
    decided = set(
        db.session.scalars(
            select(RatingDraft.set_id).where(
                RatingDraft.year == year, RatingDraft.status == RatingStatus.decided
            )
        )
    )
    lines = []
    for criteria_set in sets:
        deadline = date(year, criteria_set.deadline_month, criteria_set.deadline_day)
        end = period_dates(criteria_set, year)[1]
        if criteria_set.unit_kind not in VILLAGE_UNITS:
            teams = db.session.scalar(select(func.count(SecurityTeam.id))) or 0
            owing = 0 if criteria_set.id in decided else teams
            lines.append(
                Deadline(criteria_set, end, deadline, (deadline - today).days, owing, teams, True)
            )
            continue
        owing = villages - sent.get(criteria_set.id, 0)
        lines.append(
            Deadline(criteria_set, end, deadline, (deadline - today).days, owing, villages)
        )
    return sorted(lines, key=lambda line: (line.deadline, line.criteria_set.code))
