"""The main navigation and its counters: what each role sees is decided by permissions.can().

A shared module: it imports no feature. The badges' counts come from the features, each
registering its counter with `@badge("name")` in its own queries module (review: entries
waiting, logs: entries returned, tips: new tips); `_shared/_badges.html` draws them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask
from flask import request
from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_login import current_user

from intranet.models import User
from intranet.permissions import Action
from intranet.permissions import can


@dataclass(frozen=True)
class NavItem:
    """One link of the main navigation."""

    endpoint: str
    label: LazyString
    action: Action
    section: str  # the URL prefix that marks the item as current
    unless: Action | None = None  # hidden from users who may do this (they have a better link)

    @property
    def url(self) -> str:
        return url_for(self.endpoint)

    @property
    def is_current(self) -> bool:
        if self.section == "/":
            return request.path == "/"
        return request.path.startswith(self.section)


ITEMS = (
    NavItem("board.index", _l("Board"), Action.view_home, "/"),
    NavItem("logs.index", _l("Activity logs"), Action.view_logs, "/logs"),
    NavItem("review.index", _l("Review"), Action.review, "/review"),
    NavItem("villages.index", _l("Villages"), Action.view_villages, "/villages"),
    NavItem("stats.index", _l("Incident figures"), Action.view_stats, "/stats"),
    NavItem("awards.index", _l("Awards and gifts"), Action.view_awards, "/awards"),
    NavItem("reports.index", _l("Festival-day report"), Action.view_report, "/reports"),
    NavItem("assessments.index", _l("Year's judgements"), Action.view_assessments, "/assessments"),
    NavItem("tips.index", _l("Tips"), Action.view_tips, "/tips"),
    NavItem("tips.new", _l("Report information"), Action.relay_tip, "/tips", Action.view_tips),
    NavItem("admin.users", _l("Users"), Action.manage_users, "/admin/users"),
    NavItem("admin.organizations", _l("Organizations"), Action.manage_organizations, "/admin/orgs"),
    NavItem("admin.villages", _l("Village register"), Action.manage_villages, "/admin/villages"),
    # Police and approver accounts change only when a police approver accepts (issue 12).
    NavItem("admin.changes", _l("Account changes"), Action.view_account_changes, "/admin/changes"),
)


def navigation() -> list[NavItem]:
    """The navigation items the current user may use, in order."""
    return [
        item
        for item in ITEMS
        if can(current_user, item.action)
        and (item.unless is None or not can(current_user, item.unless))
    ]


Counter = Callable[[User], int]
_COUNTERS: dict[str, Counter] = {}


def badge(name: str) -> Callable[[Counter], Counter]:
    """Register a feature's counter for the badge `name` (used as a decorator).

    A counter runs on every page: it answers 0, without a query, to a user who may not see
    what it counts, and asks one indexed query otherwise.
    """

    def register(counter: Counter) -> Counter:
        _COUNTERS[name] = counter
        return counter

    return register


def badge_counts(user: User) -> dict[str, int]:
    """The navigation's counters for this user, by badge name."""
    return {name: counter(user) for name, counter in _COUNTERS.items()}


def register_template_globals(app: Flask) -> None:
    """The navigation and its counters, for base.html."""
    app.jinja_env.globals["navigation"] = navigation
    app.jinja_env.globals["badge_counts"] = badge_counts


def tablet_home(user: User) -> str | None:
    """A village tablet's home, its village page, where it goes back after saving; else None."""
    if user.village_id is None or user.village is None:
        return None
    return url_for("villages.show", code=user.village.code)
