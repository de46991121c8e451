"""Where each figure of the report leads: the list it counts, with the same period."""

from flask import url_for
from flask_login import current_user

from intranet.periods import Period
from intranet.permissions import Action
from intranet.permissions import can


def _dates(period: Period) -> dict[str, str]:
    return {"from": period.start.isoformat(), "to": period.end.isoformat()}


def logs_url(period: Period, **criteria: str) -> str:
    """The approved entries of the period (with the given filters)."""
    return url_for("logs.index", status="approved", **criteria, **_dates(period))


def stats_url(period: Period) -> str:
    return url_for("stats.index", **_dates(period))


def tips_url(period: Period, **criteria: str) -> str:
    """The tips register for the police; everyone else gets the counts page."""
    if can(current_user, Action.view_tips):
        return url_for("tips.index", **criteria, **_dates(period))
    return url_for("tips.figures_page")


def awards_url(year: int, anchor: str = "") -> str:
    return url_for("awards.index", year=year) + (f"#{anchor}" if anchor else "")


HELPERS = {
    "logs_url": logs_url,
    "stats_url": stats_url,
    "tips_url": tips_url,
    "awards_url": awards_url,
}


def url_for_villages() -> str:
    return url_for("villages.index")
