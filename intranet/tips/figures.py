"""Tips as numbers only: what leaders, the board and the festival-day report may see.

Nothing here reads a tip's text. Per-village counts below MASK_BELOW are shown as "< 3" (zero
too, so that a village with one tip looks like a village with none), and when a column would
have a single masked cell, whose value the commune total would give away, the smallest shown
cell is masked as well ("≥ 3").
"""

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy import select

from intranet.models import db
from intranet.models import Tip
from intranet.models import TipCategory
from intranet.models import TipStatus
from intranet.models import Village
from intranet.periods import Change
from intranet.periods import Period

MASK_BELOW = 3
BELOW = f"< {MASK_BELOW}"
AT_LEAST = f"≥ {MASK_BELOW}"


@dataclass(frozen=True)
class TipCounts:
    """Tips received in a period, and how many of them proved valuable."""

    received: int = 0
    valuable: int = 0


@dataclass(frozen=True)
class VillageRow:
    """One village's counts, already masked for display: strings, never a small number."""

    village: Village
    received: str
    valuable: str
    received_before: str
    valuable_before: str


def _counts_columns():  # type: ignore[no-untyped-def]
    return (
        func.count(Tip.id),
        func.count(Tip.id).filter(Tip.status == TipStatus.valuable),
    )


def _in(period: Period):  # type: ignore[no-untyped-def]
    return Tip.received_on.between(period.start, period.end)


def tip_counts(period: Period) -> TipCounts:
    """The commune's totals for the period, in one query."""
    received, valuable = db.session.execute(select(*_counts_columns()).where(_in(period))).one()
    return TipCounts(received, valuable)


def year_over_year(period: Period) -> tuple[Change, Change]:
    """Received and valuable, this period against the year before, in one indexed query (the
    board shows it on every visit)."""
    before = period.year_before()
    now, then = _in(period), _in(before)
    valuable = Tip.status == TipStatus.valuable
    received_now, valuable_now, received_then, valuable_then = db.session.execute(
        select(
            func.count(Tip.id).filter(now),
            func.count(Tip.id).filter(now & valuable),
            func.count(Tip.id).filter(then),
            func.count(Tip.id).filter(then & valuable),
        ).where(Tip.received_on.between(before.start, period.end))
    ).one()
    return Change(received_now, received_then), Change(valuable_now, valuable_then)


def counts_by_category(period: Period) -> dict[TipCategory, TipCounts]:
    """Every category, in order, with zeros where nothing came in; one query."""
    rows = db.session.execute(
        select(Tip.category, *_counts_columns()).where(_in(period)).group_by(Tip.category)
    )
    found = {category: TipCounts(received, valuable) for category, received, valuable in rows}
    return {category: found.get(category, TipCounts()) for category in TipCategory}


def _by_village(period: Period) -> dict[int, TipCounts]:
    rows = db.session.execute(
        select(Tip.village_id, *_counts_columns()).where(_in(period)).group_by(Tip.village_id)
    )
    return {village_id: TipCounts(received, valuable) for village_id, received, valuable in rows}


def mask_column(values: list[int]) -> list[str]:
    """Display strings for one column of per-village counts (see the module's docstring)."""
    shown = [str(value) if value >= MASK_BELOW else BELOW for value in values]
    masked = [i for i, value in enumerate(values) if value < MASK_BELOW]
    visible = [i for i, value in enumerate(values) if value >= MASK_BELOW]
    if len(masked) == 1 and visible:
        smallest = min(visible, key=lambda i: values[i])
        shown[smallest] = AT_LEAST
    return shown


def village_rows(period: Period) -> list[VillageRow]:
    """Every village with its masked counts for the period and the same period a year before.

    Three queries, whatever the number of villages or tips.
    """
    villages = list(db.session.scalars(select(Village).order_by(Village.code)))
    now, before = _by_village(period), _by_village(period.year_before())
    empty = TipCounts()
    columns = [
        mask_column([getattr(source.get(v.id, empty), field) for v in villages])
        for source in (now, before)
        for field in ("received", "valuable")
    ]
    return [VillageRow(village, *cells) for village, *cells in zip(villages, *columns, strict=True)]


@dataclass(frozen=True)
class TipComparison:
    """This period against the same period a year before, commune-wide and per category."""

    period: Period
    received: Change
    valuable: Change
    categories: dict[TipCategory, tuple[Change, Change]]


def compare(period: Period) -> TipComparison:
    """The figures page's numbers: four queries."""
    before = period.year_before()
    now_total, before_total = tip_counts(period), tip_counts(before)
    now_cat, before_cat = counts_by_category(period), counts_by_category(before)
    return TipComparison(
        period=period,
        received=Change(now_total.received, before_total.received),
        valuable=Change(now_total.valuable, before_total.valuable),
        categories={
            category: (
                Change(now_cat[category].received, before_cat[category].received),
                Change(now_cat[category].valuable, before_cat[category].valuable),
            )
            for category in TipCategory
        },
    )
