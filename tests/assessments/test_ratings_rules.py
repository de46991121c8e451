"""The ratings' rules (Guidance 01/HD-BCA-V05) as pure functions: the cap, the nine months,
the leader, the conditions of "xuất sắc"; boundaries exact."""

from datetime import date
from fractions import Fraction

import pytest

from intranet.assessments import ratings
from intranet.assessments.ratings import Gate
from intranet.assessments.ratings import Rules
from intranet.assessments.ratings import Unit

XS, TOT, HT, KHT, NONE = (
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Không hoàn thành nhiệm vụ",
    "Chưa xếp loại",
)
RULES = Rules((XS, TOT, HT, KHT), XS, TOT, 20, 9, NONE, frozenset({XS}))
PERIOD = (date(2025, 11, 15), date(2026, 11, 14))
LONG_AGO = date(2024, 9, 16)


def teams(*labels: str) -> list[Unit]:
    return [
        Unit(n, ratings.TEAM, n, f"Tổ {n}", label, LONG_AGO) for n, label in enumerate(labels, 1)
    ]


def members(*labels: str) -> list[Unit]:
    return [
        Unit(100 + n, ratings.MEMBER, 1, f"Tổ viên {n}", label, LONG_AGO)
        for n, label in enumerate(labels, 1)
    ]


def rules_broken(units: list[Unit], gates=None, period=PERIOD) -> list[str]:
    return [p.rule for p in ratings.check(units, RULES, period, gates)]


@pytest.mark.parametrize(
    ("excellent", "good", "allowed"),
    [
        (1, 5, True),  # exactly 20%
        (0, 5, True),  # below
        (2, 10, True),
        (2, 9, False),  # one over: 2 > 1.8
        (2, 5, False),
        (1, 4, False),  # 20% of 4 is 0.8: none allowed
        (1, 0, False),  # no "tốt": no "xuất sắc"
        (0, 0, True),
    ],
)
def test_the_cap_allows_at_most_20_percent_of_good(excellent, good, allowed):
    assert ratings.cap_allows(excellent, good, 20) is allowed


def test_one_team_over_the_cap_is_named_with_every_excellent_team(app):
    units = teams(XS, XS, *[TOT] * 9)

    problems = ratings.check(units, RULES, PERIOD)

    assert [p.rule for p in problems] == ["cap"]
    assert problems[0].keys == [1, 2]
    assert "(at most 1)" in problems[0].message or "tối đa 1" in problems[0].message


def test_at_the_cap_nothing_is_broken(app):
    assert rules_broken(teams(XS, XS, *[TOT] * 10)) == []


def test_with_no_good_team_a_single_excellent_team_breaks_the_cap(app):
    assert rules_broken(teams(XS, HT, HT)) == ["cap"]


def test_teams_and_members_are_counted_separately(app):
    """Five teams "tốt" allow one team "xuất sắc", not one member too: each kind has its cap."""
    units = teams(XS, *[TOT] * 5) + members(XS, TOT, TOT)

    problems = ratings.check(units, RULES, PERIOD)

    assert [p.rule for p in problems] == ["cap"]
    assert problems[0].keys == [101]


@pytest.mark.parametrize(
    ("start", "enough"),
    [
        (date(2026, 2, 15), True),  # 15/02 → 14/11: nine months to the day
        (date(2026, 2, 16), False),  # one day short
        (date(2025, 11, 15), True),  # the whole period
        (date(2026, 11, 14), False),
        (date(2026, 11, 15), False),  # after the period
        (None, False),  # no date on the roster
    ],
)
def test_nine_months_in_the_period(start, enough):
    assert ratings.served_enough(start, None, PERIOD, 9) is enough


@pytest.mark.parametrize(
    ("start", "end", "enough"),
    [
        # 29/02 of a leap year: nine months later is 29/11, so the 28/11 is its last day.
        (date(2028, 2, 29), date(2028, 11, 28), True),
        (date(2028, 2, 29), date(2028, 11, 27), False),
        (date(2028, 3, 1), date(2028, 11, 30), True),
        (date(2028, 3, 1), date(2028, 11, 29), False),
        # 31/05 + nine months: February has no 31st, its last day stands (29/02 in 2028).
        (date(2027, 5, 31), date(2028, 2, 28), True),
        (date(2027, 5, 31), date(2028, 2, 27), False),
        (date(2026, 5, 31), date(2027, 2, 27), True),  # 28/02/2027 less a day
        (date(2026, 5, 31), date(2027, 2, 26), False),
    ],
)
def test_nine_months_across_february_and_leap_years(start, end, enough):
    assert ratings.served_enough(start, None, (date(2025, 1, 1), end), 9) is enough


def test_a_member_who_left_counts_to_the_day_before(app):
    assert ratings.served_enough(date(2025, 11, 15), date(2026, 8, 15), PERIOD, 9)
    assert not ratings.served_enough(date(2025, 11, 15), date(2026, 8, 14), PERIOD, 9)


def test_a_member_short_of_nine_months_must_be_not_rated(app):
    newcomer = Unit(7, ratings.MEMBER, 1, "Siu Hyun", TOT, date(2026, 2, 16))
    assert rules_broken(teams(TOT) + [newcomer]) == ["months"]
    newcomer.label = NONE
    assert rules_broken(teams(TOT) + [newcomer]) == []
    newcomer.start = date(2026, 2, 15)
    newcomer.label = TOT
    assert rules_broken(teams(TOT) + [newcomer]) == []


def test_a_young_team_must_be_not_rated(app):
    young = Unit(1, ratings.TEAM, 1, "Tổ mới", TOT, date(2026, 3, 1))
    assert rules_broken([young]) == ["months"]


def leader(label: str, start: date = LONG_AGO) -> Unit:
    return Unit(50, ratings.MEMBER, 1, "Tổ trưởng", label, start, is_leader=True)


@pytest.mark.parametrize(
    ("team", "chief", "start", "broken"),
    [
        (TOT, XS, LONG_AGO, True),  # above the team
        (TOT, TOT, LONG_AGO, False),  # equal
        (TOT, HT, LONG_AGO, False),  # below
        (HT, TOT, date(2025, 11, 15), False),  # transferred in on the period's first day
        (HT, TOT, date(2025, 11, 14), True),  # the day before: not newly transferred
        (HT, NONE, LONG_AGO, False),  # not rated is never above
    ],
)
def test_a_leader_is_not_rated_above_the_team_unless_newly_transferred(
    app, team, chief, start, broken
):
    units = [Unit(1, ratings.TEAM, 1, "Tổ 1", team, LONG_AGO), leader(chief, start)]
    assert ("leader" in rules_broken(units)) is broken


def test_an_excellent_team_needs_its_measured_conditions(app):
    units = teams(XS, *[TOT] * 5)
    unmeasured = Gate("4", "Không vi phạm")
    failing = {1: [Gate("3", "Trên 95% nhiệm vụ", "22/24 (91,6%)", False), unmeasured]}
    passing = {1: [Gate("3", "Trên 95% nhiệm vụ", "23/24 (95,8%)", True), unmeasured]}

    problems = ratings.check(units, RULES, PERIOD, failing)

    assert [p.rule for p in problems] == ["gates"]
    assert "22/24 (91,6%)" in problems[0].message
    assert rules_broken(units, passing) == []
    units[0].note = "Sổ tuần tra giấy: 24/24 buổi"
    assert rules_broken(units, failing) == []


@pytest.mark.parametrize(
    ("done", "met"),
    [(23, True), (Fraction(2280, 24), False), (Fraction(2281, 24), True), (22, False)],
)
def test_more_than_95_percent_of_the_tasks(done, met):
    share = Fraction(100 * done, 24) if isinstance(done, int) else done
    assert ratings.gate_met(share, 95, at_most=False, strict=True) is met


def test_exactly_95_percent_is_not_more_than_95():
    assert not ratings.gate_met(Fraction(95), 95, at_most=False, strict=True)


def test_a_blank_rating_blocks_the_decision(app):
    assert rules_broken(teams("", TOT)) == ["blank"]


def test_percentages_are_written_as_in_vietnamese():
    assert ratings.percent_shown(Fraction(2300, 24)) == "95,8%"
    assert ratings.percent_shown(Fraction(100)) == "100%"
