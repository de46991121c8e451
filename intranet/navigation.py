"""The main navigation: what each role sees is decided by permissions.can()."""

from dataclasses import dataclass

from flask import request
from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_login import current_user

from intranet.logs import queries as logs_queries
from intranet.models import User
from intranet.permissions import Action
from intranet.permissions import can
from intranet.tips import queries as tips_queries


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


def badge_counts(user: User) -> dict[str, int]:
    """The navigation's counters: entries to review or returned, and new tips for the police."""
    return logs_queries.badge_counts(user) | {"tips": tips_queries.new_tip_count(user)}


def tablet_home(user: User) -> str | None:
    """A village tablet's home, its village page, where it goes back after saving; else None."""
    if user.village_id is None or user.village is None:
        return None
    return url_for("villages.show", code=user.village.code)
