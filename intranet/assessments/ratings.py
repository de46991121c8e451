"""The rules of the team and member ratings (Guidance 01/HD-BCA-V05), as pure functions.

The labels, the 20 % cap, the months needed and the "not rated" label are the set's data
(``rating_rules`` in sets/team-rating.json, copied onto the draft when it starts); nothing here
names a label. Decisions taken (ARCHITECTURE.md and the report say why):

- **The cap** counts teams and members separately: the Guidance limits the teams rated
  "xuất sắc" to 20 % of the teams rated "tốt", and the members likewise; counting them together
  would let the many members buy "xuất sắc" for teams. "Tốt" means those rated exactly "tốt"
  (the text's wording), so with no "tốt" no "xuất sắc" is allowed. ``n × 100 ≤ percent × base``:
  whole numbers, no rounding.
- **Nine months in the period** are counted like the period itself (15/11 → 14/11 is twelve
  months): a unit that starts on day S has served N months at the end of the day before the
  same day N months later; when that month has no such day, its last day stands (Civil Code
  2015, art. 148). So 15/02 → 14/11 is exactly nine months; 16/02 is one day short; a start on
  29/02 (or 31/05) counts to the end of the month that lacks the day.
- **The leader rule**: a leader rated above the team breaks it unless he joined the team within
  the period (the roster's join date: a leader transferred in joins the team then).
- **The gates** of the "all gates" level (the set's gate criteria) are checked for teams with
  the figures the records give; a gate with no metric is the police's to confirm. As for the
  assessments' scores, the police may override a figure with a reason: a team whose records
  fall short is still allowed the gated label when its row's note says where the proof is
  kept (paper books for the months before the intranet).
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import timedelta
from fractions import Fraction

from flask_babel import gettext as _

TEAM, MEMBER = "team", "member"


@dataclass(frozen=True)
class Rules:
    """A draft's rules: the ordered scale (best first), the capped label and the label it is
    capped against, the percentage, the months needed and the label meaning "not rated"."""

    labels: tuple[str, ...]
    cap_label: str
    cap_of_label: str
    cap_percent: int
    min_months: int
    not_rated: str
    gated_labels: frozenset[str] = frozenset()

    def rank(self, label: str) -> int | None:
        """0 for the best label; None for "not rated" or no label."""
        return self.labels.index(label) if label in self.labels else None

    def choices(self) -> tuple[str, ...]:
        return (*self.labels, self.not_rated)


@dataclass(frozen=True)
class Gate:
    """One condition of the gated label for one team: its code, text and, when measured, the
    figure shown and whether it is met (None: the police confirm it)."""

    code: str
    text: str
    shown: str = ""
    met: bool | None = None


@dataclass
class Unit:
    """One row of the draft as the rules see it."""

    key: int
    kind: str
    team_id: int
    name: str
    label: str
    start: date | None
    left_on: date | None = None
    is_leader: bool = False
    # The police's note: for a team, where the proof of a condition the records miss is kept.
    note: str = ""


@dataclass
class Problem:
    """A broken rule: which (``rule``), what is wrong and how to fix it, and the rows."""

    rule: str
    message: str
    keys: list[int] = field(default_factory=list)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the last day of that month when it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for candidate in range(day.day, 27, -1):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    return date(year, month, min(day.day, 28))


def served_enough(
    start: date | None, left_on: date | None, period: tuple[date, date], months: int
) -> bool:
    """True when the unit was on duty at least ``months`` months of the period: from its start
    (or the period's) to the day before it left (or the period's end), both days counted."""
    if start is None:
        return False
    first = max(start, period[0])
    last = period[1] if left_on is None else min(left_on - timedelta(days=1), period[1])
    if last < first:
        return False
    return add_months(first, months) <= last + timedelta(days=1)


def eligible(unit: Unit, period: tuple[date, date], rules: Rules) -> bool:
    return served_enough(unit.start, unit.left_on, period, rules.min_months)


def transferred_in(unit: Unit, period: tuple[date, date]) -> bool:
    """A leader who joined the team within the period (newly transferred)."""
    return unit.start is not None and period[0] <= unit.start <= period[1]


def cap_allows(capped: int, base: int, percent: int) -> bool:
    """True when ``capped`` is at most ``percent`` % of ``base``."""
    return capped * 100 <= percent * base


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _names(units: Iterable[Unit]) -> str:
    return ", ".join(u.name for u in units)


def _cap(units: list[Unit], rules: Rules, kind: str) -> list[Problem]:
    mine = [u for u in units if u.kind == kind]
    counts = Counter(u.label for u in mine)
    capped, base = counts[rules.cap_label], counts[rules.cap_of_label]
    if cap_allows(capped, base, rules.cap_percent):
        return []
    allowed = rules.cap_percent * base // 100
    what = _("teams") if kind == TEAM else _("members")
    message = _(
        "%(count)d %(what)s are rated “%(label)s”, more than %(percent)d%% of the %(base)d rated "
        "“%(of)s” (at most %(allowed)d). Lower %(over)d of them to “%(of)s” or below.",
        count=capped,
        what=what,
        label=rules.cap_label,
        percent=rules.cap_percent,
        base=base,
        of=rules.cap_of_label,
        allowed=allowed,
        over=capped - allowed,
    )
    return [Problem("cap", message, [u.key for u in mine if u.label == rules.cap_label])]


def check(
    units: list[Unit],
    rules: Rules,
    period: tuple[date, date],
    gates: dict[int, list[Gate]] | None = None,
) -> list[Problem]:
    """Every rule the draft breaks, in the order the page lists them; empty when it may be
    decided. ``gates``: per team id, its conditions for the gated labels."""
    gates = gates or {}
    problems: list[Problem] = []
    blank = [u for u in units if not u.label]
    if blank:
        problems.append(
            Problem("blank", _("Choose a rating (or “%(none)s”) for: %(names)s.",
                               none=rules.not_rated, names=_names(blank)),
                    [u.key for u in blank])
        )  # fmt: skip
    problems += _cap(units, rules, TEAM) + _cap(units, rules, MEMBER)
    for unit in units:
        if unit.label and unit.label != rules.not_rated and not eligible(unit, period, rules):
            message = _(
                "%(name)s: on duty since %(day)s, less than %(months)d months of the period "
                "(%(first)s – %(last)s). Choose “%(none)s”.",
                name=unit.name,
                day=_day(unit.start),
                months=rules.min_months,
                first=_day(period[0]),
                last=_day(period[1]),
                none=rules.not_rated,
            )
            problems.append(Problem("months", message, [unit.key]))
    team_labels = {u.team_id: u for u in units if u.kind == TEAM}
    for unit in units:
        team = team_labels.get(unit.team_id)
        if not unit.is_leader or team is None:
            continue
        mine, theirs = rules.rank(unit.label), rules.rank(team.label)
        if mine is None or theirs is None or mine >= theirs or transferred_in(unit, period):
            continue
        message = _(
            "%(name)s leads %(team)s and is rated “%(label)s”, above the team’s “%(team_label)s”; "
            "a leader may not be rated above the team unless newly transferred in the period "
            "(joined on %(day)s). Lower the leader or raise the team.",
            name=unit.name,
            team=team.name,
            label=unit.label,
            team_label=team.label,
            day=_day(unit.start),
        )
        problems.append(Problem("leader", message, [unit.key, team.key]))
    for team in team_labels.values():
        if team.label not in rules.gated_labels:
            continue
        failed = [g for g in gates.get(team.team_id, []) if g.met is False]
        if failed and not team.note.strip():
            conditions = "; ".join(f"{g.code}. {g.text} ({g.shown})" for g in failed)
            message = _(
                "%(team)s is rated “%(label)s” but the records do not show: %(conditions)s. "
                "Choose a lower rating, or write in the team's note where the proof is kept.",
                team=team.name,
                label=team.label,
                conditions=conditions,
            )
            problems.append(Problem("gates", message, [team.key]))
    return problems


def percent_shown(value: Fraction | None) -> str:
    """A percentage as the page and the documents print it: 95,8% (tenths rounded down)."""
    if value is None:
        return "—"
    whole, rest = divmod(int(value * 10), 10)
    return f"{whole},{rest}%" if rest else f"{whole}%"


def gate_met(value: Fraction | int | None, target: int | None, at_most: bool, strict: bool) -> bool:
    """Whether a measured figure meets its target (``strict``: "more than", for shares)."""
    if value is None or target is None:
        return False
    if at_most:
        return value <= target
    return value > target if strict else value >= target
