"""Every rights rule of the intranet, and nothing else decides rights.

DESIGN section 1, as implemented here:

| role       | may                                                                            |
| ---------- | ------------------------------------------------------------------------------ |
| `member`   | create, edit, submit, delete (while draft) their organization's entries;       |
|            | a village-bound member only for their village                                  |
| `approver` | all a member may, plus approve or return any submitted entry, never their own  |
| `leader`   | read every approved entry, register, figure and report; never drafts, a tip's  |
|            | content or a mediation case's parties; write the report's narrative            |
| `admin`    | users, organizations, villages; no approving, no tips                          |

Every view that is not marked ``@public`` needs a signed-in user (``enforce_sign_in``);
views then call ``require(action, target)``. Templates ask ``can("action", target)`` before
showing a link or a button, and never test role names themselves.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any
from typing import TypeVar

from flask import abort
from flask import current_app
from flask import request
from flask_login import current_user

from intranet.models import Role
from intranet.models import User

F = TypeVar("F", bound=Callable[..., Any])


class Action(StrEnum):
    """Something a user may or may not do; checked with can() and require()."""

    view_home = "view_home"
    manage_users = "manage_users"
    manage_organizations = "manage_organizations"
    manage_villages = "manage_villages"


def _signed_in(user: User, target: object | None) -> bool:
    return True


def _is_admin(user: User, target: object | None) -> bool:
    return user.role == Role.admin


RULES: dict[Action, Callable[[User, object | None], bool]] = {
    Action.view_home: _signed_in,
    Action.manage_users: _is_admin,
    Action.manage_organizations: _is_admin,
    Action.manage_villages: _is_admin,
}

# Actions whose refusal hides the target's existence (404 rather than 403).
HIDDEN_WHEN_REFUSED: frozenset[Action] = frozenset()


def can(user: Any, action: Action | str, target: object | None = None) -> bool:
    """True when this user may do this action (to this target). Signed-out users may not."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return RULES[Action(action)](user, target)


def require(action: Action | str, target: object | None = None) -> None:
    """Abort with 403 (or 404 where the rule hides existence) unless the current user may act."""
    if not can(current_user, action, target):
        abort(404 if Action(action) in HIDDEN_WHEN_REFUSED else 403)


def public(view: F) -> F:
    """Mark a view as open to signed-out visitors; every other view needs a session."""
    view.is_public = True  # type: ignore[attr-defined]
    return view


def requires(action: Action) -> Callable[[F], F]:
    """Decorate a view that needs ``action`` with no particular target."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            require(action)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def is_public_endpoint(endpoint: str | None) -> bool:
    """True when the endpoint is a public view or a static file."""
    if endpoint is None:
        return True  # a 404 for an unknown URL is the same for everyone
    if endpoint == "static" or endpoint.endswith(".static"):
        return True
    view = current_app.view_functions.get(endpoint)
    return bool(getattr(view, "is_public", False))


def enforce_sign_in() -> Any:
    """before_request hook: send signed-out visitors of guarded views to the sign-in page."""
    if is_public_endpoint(request.endpoint) or current_user.is_authenticated:
        return None
    return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
