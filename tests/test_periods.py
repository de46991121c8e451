"""Periods and the change in %: one meaning of "the same period last year" everywhere."""

from datetime import date

import pytest

from intranet.periods import Change
from intranet.periods import festival_period
from intranet.periods import local_today
from intranet.periods import Period
from intranet.periods import whole_year
from intranet.periods import year_to_date
from tests.clock import on_days

pytestmark = pytest.mark.sqlite_only  # dates in Python, no SQL


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


# The awkward days: (today, the year so far, the same days a year before).
YEAR_SO_FAR = {
    "2027-01-01": ((2027, 1, 1), (2027, 1, 1), (2026, 1, 1), (2026, 1, 1)),
    "2028-02-29": ((2028, 1, 1), (2028, 2, 29), (2027, 1, 1), (2027, 2, 28)),
    "2026-12-01": ((2026, 1, 1), (2026, 12, 1), (2025, 1, 1), (2025, 12, 1)),
    "2026-12-31": ((2026, 1, 1), (2026, 12, 31), (2025, 1, 1), (2025, 12, 31)),
    "2026-08-19": ((2026, 1, 1), (2026, 8, 19), (2025, 1, 1), (2025, 8, 19)),
    "2026-08-20": ((2026, 1, 1), (2026, 8, 20), (2025, 1, 1), (2025, 8, 20)),
}


@on_days(*YEAR_SO_FAR)
def test_the_year_so_far_and_the_same_days_a_year_before_on_awkward_days(frozen_today):
    start, end, before_start, before_end = (date(*d) for d in YEAR_SO_FAR[f"{frozen_today}"])

    period = year_to_date()

    assert local_today() == frozen_today
    assert period == Period(start, end)
    assert period.year_before() == Period(before_start, before_end)


@pytest.mark.parametrize(
    ("year", "start", "end", "days"),
    [
        (2026, date(2025, 8, 20), date(2026, 8, 19), 365),
        (2028, date(2027, 8, 20), date(2028, 8, 19), 366),  # holds 29 February 2028
        (2029, date(2028, 8, 20), date(2029, 8, 19), 365),
    ],
)
def test_festival_periods_meet_without_a_gap_over_a_leap_year(year, start, end, days):
    period = festival_period(year)

    assert period == Period(start, end)
    assert period.days == days
    assert period.year_before() == festival_period(year - 1)
    assert date(year, 8, 19) in period and date(year, 8, 20) not in period
    assert date(year - 1, 8, 19) not in period and date(year - 1, 8, 20) in period


@pytest.mark.today("2027-01-01 00:30")
def test_today_is_the_communes_when_the_server_still_has_yesterday():
    # 00:30 in Asia/Ho_Chi_Minh is 17:30 the day before in UTC.
    assert local_today() == date(2027, 1, 1)
    assert year_to_date() == Period(date(2027, 1, 1), date(2027, 1, 1))


@pytest.mark.today("2026-12-31 23:30")
def test_the_last_half_hour_of_the_year_is_still_that_year():
    assert local_today() == date(2026, 12, 31)
    assert year_to_date().days == 365
