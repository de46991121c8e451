"""The main navigation: what each role sees is decided by permissions.can()."""

from dataclasses import dataclass

from flask import request
from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_login import current_user

from intranet.permissions import Action
from intranet.permissions import can


@dataclass(frozen=True)
class NavItem:
    """One link of the main navigation."""

    endpoint: str
    label: LazyString
    action: Action
    section: str  # the URL prefix that marks the item as current

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
    NavItem("admin.users", _l("Users"), Action.manage_users, "/admin/users"),
    NavItem("admin.organizations", _l("Organizations"), Action.manage_organizations, "/admin/orgs"),
    NavItem("admin.villages", _l("Village register"), Action.manage_villages, "/admin/villages"),
)


def navigation() -> list[NavItem]:
    """The navigation items the current user may use, in order."""
    return [item for item in ITEMS if can(current_user, item.action)]
