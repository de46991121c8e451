"""The suite's fixed "today" and how a test asks for another day (tests/conftest.py)."""

import os
from datetime import date
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

COMMUNE = ZoneInfo("Asia/Ho_Chi_Minh")
UTC_ZONE = ZoneInfo("UTC")
# TESTS_TODAY=2027-01-01 runs the suite on another day, TESTS_TODAY=real on the real clock.
_ASKED = os.environ.get("TESTS_TODAY", "")
REAL_CLOCK = _ASKED == "real"
TODAY = (
    datetime.now(COMMUNE).date()
    if REAL_CLOCK
    else date.fromisoformat(_ASKED)
    if _ASKED
    else date(2026, 11, 30)
)

# The awkward days: the year's first and last, a leap day, December (when "the same months
# last year" reaches the year's end), and either side of the festival day (19 August).
AWKWARD_DAYS = (
    "2027-01-01",
    "2028-02-29",
    "2026-12-01",
    "2026-12-31",
    "2026-08-19",
    "2026-08-20",
)


def moment(when: date | str | None) -> datetime:
    """10:00 in the commune on a day (or at "YYYY-MM-DD HH:MM" there); None: the real now."""
    if when is None:
        return datetime.now(COMMUNE)
    if isinstance(when, date):
        return datetime(when.year, when.month, when.day, 10, tzinfo=COMMUNE)
    if " " in when:
        return datetime.fromisoformat(when).replace(tzinfo=COMMUNE)
    return moment(date.fromisoformat(when))


def on_days(*days: str) -> pytest.MarkDecorator:
    """Run the test once on each day (commune time); `frozen_today` gives the day."""
    return pytest.mark.parametrize("frozen_today", days, indirect=True, ids=list(days))
