"""What the workspace lists: each unit's assessments of a year (villages, the commune, agencies
and enterprises; the latest revision and the latest decided one), and each set's deadline."""

from dataclasses import dataclass
from dataclasses import field
from datetime import date

from sqlalchemy import func
from sqlalchemy import select

from intranet.assessments import units
from intranet.assessments.units import Place
from intranet.models import AssessedUnit
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
# A unit still owes its sheet while it is being scored or was returned.
OWING = (AssessmentStatus.draft, AssessmentStatus.returned)


@dataclass
class SetColumn:
    """One set of the year: its version, its deadline, and how many of its units are where."""

    criteria_set: CriteriaSet
    deadline: date
    days_left: int
    # Units per status value of their latest revision; NOT_STARTED: no assessment yet.
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, status: AssessmentStatus | None) -> int:
        return self.counts.get(status.value if status is not None else NOT_STARTED, 0)


@dataclass
class UnitRow:
    """One unit (a village, the commune, an agency) and, per set code, its latest revision
    (None: not started) and its latest decided one (what the list and documents use)."""

    place: Place
    current: dict[str, Assessment | None]
    decided: dict[str, Assessment | None]


@dataclass
class UnitGroup:
    """The units of one kind (villages, the commune, agencies) and the sets that judge them."""

    kind: UnitKind
    columns: list[SetColumn]
    rows: list[UnitRow]


GROUPED = (UnitKind.village, UnitKind.commune, UnitKind.agency)


def _key(assessment: Assessment) -> tuple[int, str, int]:
    """An assessment's set and place: (set id, "v" or "u", village or unit id)."""
    if assessment.village_id is not None:
        return assessment.set_id, "v", assessment.village_id
    assert assessment.unit_id is not None
    return assessment.set_id, "u", assessment.unit_id


def _place_key(criteria_set: CriteriaSet, place: Place) -> tuple[int, str, int]:
    return criteria_set.id, "v" if isinstance(place, Village) else "u", place.id


def latest_revisions(
    sets: list[CriteriaSet], year: int
) -> tuple[dict[tuple[int, str, int], Assessment], dict[tuple[int, str, int], Assessment]]:
    """Per (set, place): its latest revision, and its latest decided one; one query."""
    found = db.session.scalars(
        select(Assessment)
        .where(Assessment.year == year, Assessment.set_id.in_([s.id for s in sets]))
        .order_by(Assessment.revision)
    )
    current: dict[tuple[int, str, int], Assessment] = {}
    decided: dict[tuple[int, str, int], Assessment] = {}
    for assessment in found:
        current[_key(assessment)] = assessment
        if assessment.status == AssessmentStatus.decided:
            decided[_key(assessment)] = assessment
    return current, decided


def workspace(
    sets: list[CriteriaSet], year: int, today: date
) -> tuple[list[SetColumn], list[UnitGroup]]:
    """The columns (sets, with their counts over their units' latest revisions) and the groups
    of rows (villages, the commune, agencies) of a year's workspace: three queries."""
    sets = [s for s in sets if s.unit_kind in GROUPED]  # team ratings: ratings_routes.py
    places = {kind: units.of_kind(kind) for kind in GROUPED}
    current, decided = latest_revisions(sets, year)
    columns = []
    order = {kind: n for n, kind in enumerate(GROUPED)}
    for criteria_set in sorted(sets, key=lambda s: (order.get(s.unit_kind, 9), s.code)):
        deadline = date(year, criteria_set.deadline_month, criteria_set.deadline_day)
        column = SetColumn(criteria_set, deadline, (deadline - today).days)
        for place in places.get(criteria_set.unit_kind, []):
            assessment = current.get(_place_key(criteria_set, place))
            key = assessment.status.value if assessment is not None else NOT_STARTED
            column.counts[key] = column.counts.get(key, 0) + 1
        columns.append(column)
    groups = []
    for kind in GROUPED:
        mine = [c for c in columns if c.criteria_set.unit_kind == kind]
        if not mine or not places[kind]:
            continue
        rows = [
            UnitRow(
                place,
                {c.criteria_set.code: current.get(_place_key(c.criteria_set, place)) for c in mine},
                {c.criteria_set.code: decided.get(_place_key(c.criteria_set, place)) for c in mine},
            )
            for place in places[kind]
        ]
        groups.append(UnitGroup(kind, mine, rows))
    return columns, groups


@dataclass(frozen=True)
class Deadline:
    """One set's dates in the current cycle, and how many villages still owe their sheet."""

    criteria_set: CriteriaSet
    period_end: date
    deadline: date
    days_left: int
    owing: int  # units that have not sent; for the team ratings, teams not yet decided
    units: int
    unit_kind: UnitKind


def calendar(sets: list[CriteriaSet], year: int, today: date) -> list[Deadline]:
    """The board's count-down: each set of the year by deadline; four queries. A unit owes
    its sheet until its first revision is sent (a correction is no debt); the team ratings
    count the teams until the chair has decided their ratings."""
    counts = {
        UnitKind.village: db.session.scalar(select(func.count(Village.id))) or 0,
        UnitKind.team: db.session.scalar(select(func.count(SecurityTeam.id))) or 0,
    }
    counts |= dict(
        db.session.execute(
            select(AssessedUnit.kind, func.count(AssessedUnit.id)).group_by(AssessedUnit.kind)
        ).all()
    )
    sent = dict(
        db.session.execute(
            select(Assessment.set_id, func.count(Assessment.id))
            .where(
                Assessment.year == year,
                Assessment.set_id.in_([s.id for s in sets]),
                Assessment.status.not_in(OWING),
                Assessment.revision == 1,
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
        total = counts.get(criteria_set.unit_kind, 0)
        if criteria_set.unit_kind == UnitKind.team:
            owing = 0 if criteria_set.id in decided else total
        else:
            owing = total - sent.get(criteria_set.id, 0)
        lines.append(
            Deadline(
                criteria_set,
                end,
                deadline,
                (deadline - today).days,
                owing,
                total,
                criteria_set.unit_kind,
            )
        )
    return sorted(lines, key=lambda line: (line.deadline, line.criteria_set.code))
