"""The scoring rules read every label and threshold from the set: suggestions per mode at and
around their targets, gates, and the level reached (boundary cases)."""

import pytest

from intranet.assessments import scoring
from intranet.models import Compare
from intranet.models import Criterion
from intranet.models import CriterionMode
from intranet.models import RatingLevel

pytestmark = pytest.mark.sqlite_only  # rules in Python, no SQL

M = CriterionMode


def line(mode: M, top: int = 10, target: int | None = 6, **fields) -> Criterion:
    fields.setdefault("metric", "patrols")
    fields.setdefault("compare", Compare.at_least)
    return Criterion(id=fields.pop("id", 1), code="x", text="x", mode=mode, max_points=top,
                     target=target, **fields)  # fmt: skip


@pytest.mark.parametrize(
    ("value", "expected"), [(None, None), (0, 0), (3, 5), (5, 8), (6, 10), (40, 10)]
)
def test_a_range_line_suggests_points_in_proportion_up_to_the_target(value, expected):
    assert scoring.suggestion(line(M.range), value) == expected


@pytest.mark.parametrize(("value", "expected"), [(5, 0), (6, 10), (7, 10)])
def test_a_fixed_line_gives_all_at_the_target_and_nothing_below(value, expected):
    assert scoring.suggestion(line(M.fixed), value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(-4, 15), (0, 15), (1, 12), (4, 3), (5, 0), (9, 0)]
)
def test_a_deduction_takes_points_off_per_event_past_the_target_never_below_zero(value, expected):
    criterion = line(M.deduction, top=15, target=0, compare=Compare.at_most, deduct_per=3)

    assert scoring.suggestion(criterion, value) == expected


@pytest.mark.parametrize(
    ("compare", "value", "expected"),
    [
        (Compare.at_least, 2, 0),
        (Compare.at_least, 3, 1),
        (Compare.at_most, 0, 1),
        (Compare.at_most, 1, 0),
    ],
)
def test_a_gate_passes_on_the_right_side_of_its_target(compare, value, expected):
    target = 3 if compare == Compare.at_least else 0

    assert (
        scoring.suggestion(line(M.gate, top=0, target=target, compare=compare), value) == expected
    )


def test_a_line_without_a_metric_or_target_suggests_nothing():
    assert scoring.suggestion(line(M.range, metric=None), 12) is None
    assert scoring.suggestion(line(M.range, target=None), 12) is None


def levels() -> list[RatingLevel]:
    return [
        RatingLevel(position=0, label="Xuất sắc", min_points=90, all_gates=True),
        RatingLevel(position=1, label="Khá", min_points=70, all_gates=True),
        RatingLevel(position=2, label="Trung bình", min_points=50),
        RatingLevel(position=3, label="Yếu"),
    ]


def tree() -> list[Criterion]:
    return [
        line(M.range, top=60, id=1, metric=None),
        line(M.range, top=40, id=2, metric=None),
        line(M.gate, top=0, id=3, metric=None),
    ]


@pytest.mark.parametrize(
    ("points", "gate", "label"),
    [
        (90, 1, "Xuất sắc"),
        (89, 1, "Khá"),
        (90, 0, "Trung bình"),  # a failed condition bars the levels that need every one
        (70, 1, "Khá"),
        (69, 1, "Trung bình"),
        (50, 0, "Trung bình"),
        (49, 1, "Yếu"),
    ],
)
def test_the_level_is_the_first_whose_points_and_conditions_are_reached(points, gate, label):
    scores = {1: min(points, 60), 2: points - min(points, 60), 3: gate}

    reached = scoring.result(tree(), levels(), scores)

    assert (reached.total, reached.maximum, reached.level) == (points, 100, label)


def test_a_pass_or_fail_set_is_passed_only_with_every_condition():
    gates = [line(M.gate, top=0, id=n, metric=None) for n in (1, 2, 3)]
    scale = [
        RatingLevel(position=0, label="Đạt", all_gates=True),
        RatingLevel(position=1, label="Chưa đạt"),
    ]

    assert scoring.result(gates, scale, {1: 1, 2: 1, 3: 1}).level == "Đạt"
    assert scoring.result(gates, scale, {1: 1, 2: 0, 3: 1}).level == "Chưa đạt"
    assert scoring.result(gates, scale, {1: 1, 2: None, 3: 1}).missing == 1


def test_a_group_is_the_sum_of_its_points_children_and_not_a_scored_line():
    group = line(M.range, top=25, id=10, metric=None)
    children = [
        line(M.range, top=10, id=11, metric=None, parent_id=10),
        line(M.range, top=15, id=12, metric=None, parent_id=10),
        line(M.gate, top=0, id=13, metric=None, parent_id=10),
    ]

    assert [c.id for c in scoring.leaves([group, *children])] == [11, 12, 13]
    assert scoring.group_totals([group, *children], {11: 7, 12: 9, 13: 1}) == {10: 16}
