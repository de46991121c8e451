"""Incident figures: the police's monthly grid and this period against the same one a year before.

A month belongs to a period when its first day does: the year so far to 29 November takes
January to November, and the festival period 20/08/2025–19/08/2026 takes September 2025 to
August 2026. The commune's figure is the sum of the villages' rows and of the row that is tied
to no village.

Every figure here comes from one or two grouped queries over ``incident_stat``, a table of at
most a few thousand rows (months × categories × villages), read through the index that starts
with ``month``; the activity log is never read. That keeps /stats cheap without a cache.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import distinct
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select

from intranet.models import db
from intranet.models import IncidentCategory
from intranet.models import IncidentStat
from intranet.models import Measure
from intranet.models import Village
from intranet.periods import Change
from intranet.periods import Period

MEASURES = tuple(Measure)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def months_of(year: int) -> list[date]:
    return [date(year, month, 1) for month in range(1, 13)]


def _in(period: Period):  # type: ignore[no-untyped-def]
    return IncidentStat.month.between(period.start, period.end)


@dataclass(frozen=True)
class Figures:
    """The cases, deaths and injuries of one category (or of all) in a period and the one before."""

    cases: Change
    deaths: Change
    injuries: Change

    def __getitem__(self, measure: Measure | str) -> Change:
        return getattr(self, Measure(measure).value)


def _figures(values: dict[str, int]) -> Figures:
    return Figures(
        *(Change(values.get(f"{m}_now", 0), values.get(f"{m}_before", 0)) for m in MEASURES)
    )


@dataclass(frozen=True)
class Comparison:
    """This period against the same period a year before, per category and in all."""

    period: Period
    previous: Period
    categories: dict[IncidentCategory, Figures]
    total: Figures
    months: int  # months of the period with any figure entered
    months_before: int


def _sums(now: Period, before: Period) -> list:
    columns = []
    for measure in MEASURES:
        column = getattr(IncidentStat, measure.value)
        columns.append(func.coalesce(func.sum(column).filter(_in(now)), 0).label(f"{measure}_now"))
        columns.append(
            func.coalesce(func.sum(column).filter(_in(before)), 0).label(f"{measure}_before")
        )
    return columns


def compare(period: Period) -> Comparison:
    """Per category and in all, with how many months carry figures: two queries."""
    before = period.year_before()
    rows = db.session.execute(
        select(IncidentStat.category, *_sums(period, before))
        .where(or_(_in(period), _in(before)))
        .group_by(IncidentStat.category)
    ).all()
    found = {row.category: row._asdict() for row in rows}
    categories = {category: _figures(found.get(category, {})) for category in IncidentCategory}
    totals = {
        key: sum(values[key] for values in found.values())
        for key in (f"{m}_{when}" for m in MEASURES for when in ("now", "before"))
    }
    months, months_before = db.session.execute(
        select(
            func.count(distinct(IncidentStat.month)).filter(_in(period)),
            func.count(distinct(IncidentStat.month)).filter(_in(before)),
        ).where(or_(_in(period), _in(before)))
    ).one()
    return Comparison(
        period=period,
        previous=before,
        categories=categories,
        total=_figures(totals),
        months=months,
        months_before=months_before,
    )


@dataclass(frozen=True)
class VillageLine:
    """One village's incidents in the period (or the line of those tied to no village)."""

    village: Village | None
    figures: Figures


def village_lines(period: Period) -> list[VillageLine]:
    """The villages with any figure in either period, by code; then the untied figures. Two
    queries."""
    before = period.year_before()
    rows = db.session.execute(
        select(IncidentStat.village_id, *_sums(period, before))
        .where(or_(_in(period), _in(before)))
        .group_by(IncidentStat.village_id)
    ).all()
    found = {row.village_id: _figures(row._asdict()) for row in rows}
    ids = [village_id for village_id in found if village_id is not None]
    villages = db.session.scalars(select(Village).where(Village.id.in_(ids)).order_by(Village.code))
    lines = [VillageLine(village, found[village.id]) for village in villages]
    if None in found:
        lines.append(VillageLine(None, found[None]))
    return lines


def _scope(village_id: int | None):  # type: ignore[no-untyped-def]
    if village_id is None:
        return IncidentStat.village_id.is_(None)
    return IncidentStat.village_id == village_id


def grid_values(year: int, village_id: int | None, measure: Measure) -> dict[tuple[date, str], int]:
    """The entered figures of one measure for one village (or none), by (month, category)."""
    column = getattr(IncidentStat, measure.value)
    scope = _scope(village_id)
    rows = db.session.execute(
        select(IncidentStat.month, IncidentStat.category, column).where(
            scope, IncidentStat.month.between(date(year, 1, 1), date(year, 12, 1))
        )
    )
    return {(month, category.value): value for month, category, value in rows}


def find_row(
    month: date, category: IncidentCategory, village_id: int | None
) -> IncidentStat | None:
    """The row of one cell, if it was ever entered."""
    where = (IncidentStat.month == month, IncidentStat.category == category, _scope(village_id))
    return db.session.scalar(select(IncidentStat).where(*where))
