"""Periods and the change in %: one meaning of "the same period last year" everywhere."""

from datetime import date

import pytest

from intranet.periods import Change
from intranet.periods import festival_period
from intranet.periods import Period
from intranet.periods import whole_year
from intranet.periods import year_to_date


@pytest.mark.parametrize(
    ("previous", "current", "percent", "is_new", "difference"),
    [
        (0, 5, None, True, 5),  # 0 → n: "new", never a percentage
        (5, 0, -100, False, -5),  # n → 0
        (0, 0, None, False, 0),  # 0 → 0: nothing to say
        (10, 5, -50, False, -5),
        (4, 5, 25, False, 1),
        (3, 4, 33, False, 1),  # 33.3 → 33
        (8, 9, 13, False, 1),  # 12.5 → 13, half away from zero
        (8, 7, -13, False, -1),  # −12.5 → −13
        (7, 7, 0, False, 0),
    ],
)
def test_change_at_the_edges(previous, current, percent, is_new, difference):
    change = Change(current, previous)

    assert change.percent == percent
    assert change.is_new is is_new
    assert change.difference == difference


def test_the_same_period_a_year_before():
    assert Period(date(2026, 1, 1), date(2026, 11, 29)).year_before() == Period(
        date(2025, 1, 1), date(2025, 11, 29)
    )
    assert Period(date(2024, 2, 1), date(2024, 2, 29)).year_before() == Period(
        date(2023, 2, 1), date(2023, 2, 28)
    )


def test_festival_period_is_the_twelve_months_up_to_19_august():
    period = festival_period(2025)

    assert period == Period(date(2024, 8, 20), date(2025, 8, 19))
    assert period.days == 365
    assert period.year_before() == festival_period(2024)


def test_year_to_date_and_whole_year():
    assert year_to_date(date(2026, 3, 5)) == Period(date(2026, 1, 1), date(2026, 3, 5))
    assert whole_year(2025).days == 365
    assert date(2025, 12, 31) in whole_year(2025)
    assert date(2026, 1, 1) not in whole_year(2025)
