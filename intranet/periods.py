"""Periods and comparisons: this year so far against the same period of the year before.

Every year-over-year figure (tips, incidents, the festival-day report) uses these, so that
"the same period" and "the change in %" mean the same thing on every page.
"""

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask import has_app_context


def local_today() -> date:
    """Today in the commune's time zone (Asia/Ho_Chi_Minh), whatever the server's clock says."""
    zone = "Asia/Ho_Chi_Minh"
    if has_app_context():
        zone = current_app.config.get("BABEL_DEFAULT_TIMEZONE", zone)
    return datetime.now(ZoneInfo(zone)).date()


EARLIEST = date(2000, 1, 1)


def latest() -> date:
    """The last day any period may reach: a year from today (planned activities, figures)."""
    return _shift_year(local_today(), 1)


def is_within_bounds(day: date) -> bool:
    """True for a day from 01/01/2000 to a year from today: the span every date input takes."""
    return EARLIEST <= day <= latest()


def _shift_year(day: date, years: int) -> date:
    """The same day ``years`` later (29 February becomes the 28th in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Period:
    """A span of whole days, both ends included."""

    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def year_before(self) -> "Period":
        """The same days one year earlier."""
        return Period(_shift_year(self.start, -1), _shift_year(self.end, -1))


def year_to_date(today: date | None = None) -> Period:
    """From 1 January to today."""
    today = today or local_today()
    return Period(date(today.year, 1, 1), today)


def whole_year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def festival_period(year: int) -> Period:
    """The twelve months reviewed on that year's festival day (19 August): the day after the
    previous festival day to the festival day itself."""
    festival = date(year, 8, 19)
    return Period(_shift_year(festival, -1) + timedelta(days=1), festival)


@dataclass(frozen=True)
class Change:
    """How a figure moved against the same period of the year before."""

    current: int
    previous: int

    @property
    def difference(self) -> int:
        return self.current - self.previous

    @property
    def is_new(self) -> bool:
        """Something where there was nothing: a percentage would be meaningless."""
        return self.previous == 0 and self.current > 0

    @property
    def percent(self) -> int | None:
        """The change in whole percent, rounded half away from zero; None when new or 0 → 0."""
        if self.previous == 0:
            return None
        value = 100 * self.difference / self.previous
        return int(value + 0.5) if value >= 0 else -int(-value + 0.5)
