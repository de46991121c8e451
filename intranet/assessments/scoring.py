"""How a set's data turns figures and scores into a result: nothing here names a label or a
threshold, they all come from the set (criteria, targets, deductions, the rating scale).

- A criterion with children is a group: its maximum and its score are its children's sums.
- fixed: the maximum when the figure is on the right side of the target, else 0.
- range: the maximum at the target, in proportion below it (rounded down), for "at least";
  for "at most", the maximum within the target and 0 past it.
- deduction: the maximum less ``deduct_per`` for each event counted past the target, not
  below 0.
- gate: passed (1) when the figure is on the right side of the target, failed (0) otherwise;
  a gate carries no points, and a level with ``all_gates`` needs every gate passed.
- Without a figure (no metric, or nothing recorded) there is no suggestion: the person
  scoring enters the score. A score that differs from a suggestion needs a reason.
- The level: the first of the scale (highest first) whose ``min_points`` the total reaches
  and, when it says so, whose gates all passed; past the last, the last.
"""

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass

from intranet.models import Compare
from intranet.models import Criterion
from intranet.models import CriterionMode
from intranet.models import RatingLevel


def meets(criterion: Criterion, value: int) -> bool:
    """True when the figure is on the passing side of the criterion's target."""
    target = criterion.target if criterion.target is not None else 0
    if criterion.compare == Compare.at_most:
        return value <= target
    return value >= target


def highest(criterion: Criterion) -> int:
    """The most a scored line can get: its points, or 1 (passed) for a gate."""
    return 1 if criterion.mode == CriterionMode.gate else criterion.max_points


def suggestion(criterion: Criterion, value: int | None) -> int | None:
    """The score the records suggest for a scored line, None when they suggest nothing."""
    if value is None or criterion.metric is None:
        return None
    mode, top = criterion.mode, criterion.max_points
    if mode == CriterionMode.gate:
        return 1 if meets(criterion, value) else 0
    if mode == CriterionMode.fixed:
        return top if meets(criterion, value) else 0
    if mode == CriterionMode.deduction:
        target = criterion.target or 0
        over = value - target if criterion.compare == Compare.at_most else target - value
        return max(0, top - (criterion.deduct_per or 0) * max(0, over))
    if criterion.target is None:
        return None  # a range with no target: the figure is shown, the person scores
    if meets(criterion, value):
        return top
    if criterion.compare == Compare.at_most or criterion.target <= 0:
        return 0
    return top * max(0, value) // criterion.target


@dataclass(frozen=True)
class Result:
    """A scoring's total, whether every gate passed, the level reached, and what is missing."""

    total: int
    maximum: int
    gates_passed: bool
    level: str
    missing: int  # scored lines without a score


def leaves(criteria: Iterable[Criterion]) -> list[Criterion]:
    """The scored lines of a tree (criteria without children), in order."""
    criteria = list(criteria)
    parents = {c.parent_id for c in criteria if c.parent_id is not None}
    return [c for c in criteria if c.id not in parents]


def group_totals(criteria: Iterable[Criterion], scores: Mapping[int, int | None]) -> dict[int, int]:
    """Each group's score: the sum of its scored children (gates carry none)."""
    criteria = list(criteria)
    totals: dict[int, int] = {}
    for criterion in leaves(criteria):
        if criterion.parent_id is not None and criterion.mode != CriterionMode.gate:
            score = scores.get(criterion.id) or 0
            totals[criterion.parent_id] = totals.get(criterion.parent_id, 0) + score
    return totals


def result(
    criteria: Iterable[Criterion], levels: list[RatingLevel], scores: Mapping[int, int | None]
) -> Result:
    """What the scores reach under the set's scale."""
    lines = leaves(criteria)
    points = [c for c in lines if c.mode != CriterionMode.gate]
    gates = [c for c in lines if c.mode == CriterionMode.gate]
    total = sum(scores.get(c.id) or 0 for c in points)
    gates_passed = all(scores.get(c.id) == 1 for c in gates)
    missing = sum(1 for c in lines if scores.get(c.id) is None)
    reached = next(
        (
            level
            for level in levels
            if (level.min_points is None or total >= level.min_points)
            and (gates_passed or not level.all_gates)
        ),
        levels[-1] if levels else None,
    )
    return Result(
        total,
        sum(c.max_points for c in points),
        gates_passed,
        reached.label if reached is not None else "",
        missing,
    )
