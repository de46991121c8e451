"""Tips as numbers only, and the one rule for what anyone but the police may see of them.

Nothing here reads a tip's text. Every tip figure that reaches a page, a document or the board
comes from this module (``figures_for`` and ``year_over_year``), so the rule lives here only:

1. The police (whoever may read the register, ``Action.view_tips``) see exact figures, per
   village and per category, for any period.
2. Everyone else sees the commune's totals (received, proved valuable) for any period they ask
   about, and per-village and per-category figures only for a whole festival period
   (20/08 of the year before to 19/08, ``periods.festival_period``) that has ended: from
   20 August on, in Asia/Ho_Chi_Minh. Festival periods do not overlap, so no two tables a
   non-police user can get share a day, and subtracting one from another gives nothing.
   Commune totals of any span (one day too) say how many tips the commune received, never
   which village or what about, so they stay open.
3. Within such a period a count below 3 is shown as "< 3" (zero too, so that a village with
   one tip looks like a village with none). The totals are exact, so a table could still give
   a masked count away (one masked cell beside a total; masked cells that must all be 0 or
   all be 2; a hidden count bounded by the other column, valuable ≤ received). ``mask_table``
   therefore masks more cells ("≥ 3") until every masked cell stays open: a "< 3" could be 0
   and could be 1, a "≥ 3" could take at least two values, given every published figure. If
   no choice of cells achieves that, the whole table is withheld. The per-village and the
   per-category tables share only the commune totals (any two such margins with the same
   totals fit together), so each is checked on its own; the test plays the attack.
"""

from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy import select

from intranet.models import db
from intranet.models import Tip
from intranet.models import TipCategory
from intranet.models import TipStatus
from intranet.models import Village
from intranet.periods import Change
from intranet.periods import festival_period
from intranet.periods import local_today
from intranet.periods import Period
from intranet.permissions import Action
from intranet.permissions import can

MASK_BELOW = 3
BELOW = f"< {MASK_BELOW}"
AT_LEAST = f"≥ {MASK_BELOW}"
WITHHELD = "*"
INFINITE = 10**9  # an upper bound nobody can reach; integers keep the sums exact

WHY_NO_BREAKDOWN = _l(
    "Figures per village and per category are shown only for a whole festival period "
    "(20/08 to 19/08) once it has ended, so that nobody can subtract one period from another "
    "and learn how many tips a village gave. For any other period only the commune's totals "
    "are shown."
)

Shown = int | str  # an exact count, or one of BELOW, AT_LEAST, WITHHELD


@dataclass(frozen=True)
class TipCounts:
    """Tips received in a period, and how many of them proved valuable."""

    received: int = 0
    valuable: int = 0


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
    """Commune totals, received and valuable, this period against the year before, in one
    indexed query (the board shows it on every visit). Totals are open to everyone (rule 2)."""
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


def _by_category(period: Period) -> dict[TipCategory, TipCounts]:
    rows = db.session.execute(
        select(Tip.category, *_counts_columns()).where(_in(period)).group_by(Tip.category)
    )
    return {category: TipCounts(received, valuable) for category, received, valuable in rows}


def _by_village(period: Period) -> dict[int, TipCounts]:
    rows = db.session.execute(
        select(Tip.village_id, *_counts_columns()).where(_in(period)).group_by(Tip.village_id)
    )
    return {village_id: TipCounts(received, valuable) for village_id, received, valuable in rows}


# Which periods show a breakdown


def breakdown_allowed(period: Period, today: date | None = None) -> bool:
    """Whether anyone but the police may see this period per village and per category: only
    a whole festival period that has ended (rule 2)."""
    today = today or local_today()
    return period == festival_period(period.end.year) and today > period.end


def breakdown_periods(years: Iterable[int], today: date | None = None) -> list[Period]:
    """Among these festival years, the periods a non-police user gets per village and category."""
    periods = (festival_period(year) for year in years)
    return [period for period in periods if breakdown_allowed(period, today)]


def latest_breakdown_period(today: date | None = None) -> Period:
    """The newest festival period that has ended."""
    today = today or local_today()
    year = today.year if today > festival_period(today.year).end else today.year - 1
    return festival_period(year)


# Masking (rule 3)


def _interval(shown: Shown) -> tuple[int, int]:
    """What a reader knows of a cell from what it shows."""
    if isinstance(shown, int):
        return shown, shown
    return {
        BELOW: (0, MASK_BELOW - 1),
        AT_LEAST: (MASK_BELOW, INFINITE),
        WITHHELD: (0, INFINITE),
    }[shown]


Bounds = tuple[int, int, int, int, int, int]  # valuable, not valuable, received: low, high each


def _row_bounds(received: Shown, valuable: Shown) -> Bounds:
    """The tight bounds of one row's (valuable, not valuable) pairs, valuable ≤ received."""
    a, b = _interval(received)
    c, d = _interval(valuable)
    return c, min(d, b), max(0, a - d), b - c, max(a, c), b


def feasible(
    rows: Sequence[tuple[Shown, Shown]], received: int, valuable: int
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """For each row, the range of its received count and of its valuable count that agree
    with every shown cell, valuable ≤ received in each row, and the exact totals.

    Each row's pairs (valuable, not valuable) form a set bounded on each coordinate and on their
    sum; sums of such sets are bounded by the sums of the bounds, exactly, integer points
    included (they are M♮-convex), so each range takes one pass over the rows.
    """
    bounds = [_row_bounds(r, v) for r, v in rows]
    sums = [sum(column) for column in zip(*bounds, strict=True)] if bounds else [0] * 6
    totals = (valuable, received - valuable, received)
    ranges = []
    for row in bounds:
        rest = [total - own for total, own in zip(sums, row, strict=True)]
        x_lo = max(row[0], totals[0] - rest[1])  # valuable
        x_hi = min(row[1], totals[0] - rest[0])
        y_lo = max(row[2], totals[1] - rest[3])  # not valuable
        y_hi = min(row[3], totals[1] - rest[2])
        s_lo = max(row[4], totals[2] - rest[5])  # received
        s_hi = min(row[5], totals[2] - rest[4])
        ranges.append(
            (
                (max(s_lo, x_lo + y_lo), min(s_hi, x_hi + y_hi)),
                (max(x_lo, s_lo - y_hi), min(x_hi, s_hi - y_lo)),
            )
        )
    return ranges


def _is_open(shown: Shown, low: int, high: int, total: int) -> bool:
    """A masked cell keeps its secret: "< 3" (or withheld) could be 0 and 1, "≥ 3" two values.
    A column whose total is 0 has nothing to keep: the total already says every cell is 0."""
    if isinstance(shown, int) or total == 0:
        return True
    if shown == AT_LEAST:
        return high > low
    return low == 0 and high >= 1


def exposed(
    rows: Sequence[tuple[Shown, Shown]], received: int, valuable: int
) -> list[tuple[int, int]]:
    """The masked cells (row, column: 0 received, 1 valuable) whose secret the table gives away."""
    ranges = feasible(rows, received, valuable)
    totals = (received, valuable)
    return [
        (index, column)
        for index, (row, row_ranges) in enumerate(zip(rows, ranges, strict=True))
        for column in (0, 1)
        if not _is_open(row[column], *row_ranges[column], totals[column])
    ]


def _next_to_mask(cells: list[list[Shown]], values: list[TipCounts], cell: tuple[int, int]):  # type: ignore[no-untyped-def]
    """The shown cell to mask next for an exposed cell: its partner when a "≥ 3" is bounded by
    an exact partner, else the smallest shown count of its column, else of the other one."""
    index, column = cell
    if cells[index][column] == AT_LEAST and isinstance(cells[index][1 - column], int):
        return index, 1 - column
    for col in (column, 1 - column):
        shown = [i for i, row in enumerate(cells) if isinstance(row[col], int)]
        if shown:
            return min(shown, key=lambda i: (_value(values[i], col), i)), col
    return None


def _value(counts: TipCounts, column: int) -> int:
    return counts.valuable if column else counts.received


def mask_table(values: list[TipCounts]) -> list[tuple[Shown, Shown]]:
    """Display cells (received, valuable) of one table of one period, per rule 3."""
    received = sum(v.received for v in values)
    valuable = sum(v.valuable for v in values)
    cells: list[list[Shown]] = [
        [n if n >= MASK_BELOW else BELOW for n in (v.received, v.valuable)] for v in values
    ]
    while problems := exposed([tuple(row) for row in cells], received, valuable):  # type: ignore[misc]
        target = _next_to_mask(cells, values, problems[0])
        if target is None:
            return [(WITHHELD, WITHHELD) for _ in values]
        cells[target[0]][target[1]] = AT_LEAST
    return [(row[0], row[1]) for row in cells]


# What one user sees of one period


@dataclass(frozen=True)
class Line:
    """One village's or category's counts: exact numbers, or masked cells (strings)."""

    subject: Any  # a Village or a TipCategory
    received: Shown
    received_before: Shown
    valuable: Shown
    valuable_before: Shown

    @property
    def received_change(self) -> Change | None:
        """The change in received tips, when both counts are shown exactly."""
        if isinstance(self.received, int) and isinstance(self.received_before, int):
            return Change(self.received, self.received_before)
        return None


@dataclass(frozen=True)
class TipFigures:
    """What one user may see of the tips of a period against the same period a year before.

    ``categories`` and ``villages`` are None when the user gets the commune's totals only.
    """

    period: Period
    received: Change
    valuable: Change
    exact: bool
    categories: list[Line] | None
    villages: list[Line] | None

    @property
    def has_breakdown(self) -> bool:
        return self.villages is not None

    @property
    def why_no_breakdown(self) -> str:
        return str(WHY_NO_BREAKDOWN)


def _lines(
    subjects: list[Any], now: dict[Any, TipCounts], before: dict[Any, TipCounts], exact: bool
) -> list[Line]:
    """The lines of one table: both periods, each masked on its own (rule 3) unless exact."""
    columns = []
    for source in (now, before):
        counts = [source.get(key, TipCounts()) for key, _subject in subjects]
        if exact:
            columns.append([(c.received, c.valuable) for c in counts])
        else:
            columns.append(mask_table(counts))
    return [
        Line(subject, this[0], then[0], this[1], then[1])
        for (_key, subject), this, then in zip(subjects, *columns, strict=True)
    ]


def figures_for(user: Any, period: Period) -> TipFigures:
    """Every tip figure this user may see for the period (the rule in the module's docstring).

    One query for totals only; six with the breakdowns, whatever the number of tips.
    """
    received, valuable = year_over_year(period)
    exact = can(user, Action.view_tips)
    if not exact and not breakdown_allowed(period):
        return TipFigures(period, received, valuable, exact, None, None)
    before = period.year_before()
    categories = [(category, category) for category in TipCategory]
    villages = [(v.id, v) for v in db.session.scalars(select(Village).order_by(Village.code))]
    return TipFigures(
        period,
        received,
        valuable,
        exact,
        _lines(categories, _by_category(period), _by_category(before), exact),
        _lines(villages, _by_village(period), _by_village(before), exact),
    )
