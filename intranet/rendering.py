"""Page-or-fragment rendering, htmx response helpers and the error handlers (STYLE section 8)."""

from typing import Any
from urllib.parse import quote
from urllib.parse import urlsplit

from flask import current_app
from flask import Flask
from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import Response
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_htmx import make_response as htmx_response
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from intranet.extensions import htmx
from intranet.inputs import MalformedInput
from intranet.models import db
from intranet.pagination import BadCursor
from intranet.permissions import is_public_endpoint
from intranet.saving import Conflict

# Events sent with HX-Trigger; regions listen with hx-trigger="<name> from:body".
ENTRIES_CHANGED = "entries-changed"


def wants_fragment() -> bool:
    """True when htmx will swap our answer into part of the page, not the whole body.

    htmx 4's ``HX-Request-Type`` (flask-htmx 0.4 predates it): the one place it is read.
    """
    return bool(htmx) and request.headers.get("HX-Request-Type") == "partial"


def client_redirect(url: str) -> Response:
    """Go to ``url``: HX-Redirect for an htmx request swapping a region, a 303 otherwise."""
    if wants_fragment():
        return htmx_response("", redirect=url)
    return redirect(url, 303)


def render(page: str, fragment: str, /, status: int = 200, **context: Any) -> Response:
    """Render the fragment for targeted htmx requests and the full page otherwise."""
    template = fragment if wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.vary.update(("HX-Request", "HX-Request-Type"))
    return response


def render_fragment_html(html: str, status: int = 200) -> Response:
    """An htmx answer assembled from several rendered fragments (main part, then out-of-band)."""
    response = make_response(html, status)
    response.vary.update(("HX-Request", "HX-Request-Type"))
    return response


def url_with(**changes: Any) -> str:
    """The current URL with some query arguments replaced (pagination keeps the filters)."""
    args = request.args.to_dict() | {k: v for k, v in changes.items() if v is not None}
    return url_for(request.endpoint or "board.index", **(request.view_args or {}), **args)


def criteria_args(criteria: dict[str, Any]) -> dict[str, str]:
    """Filter values as query arguments (dates as yyyy-mm-dd), for links that keep them."""
    return {
        key: value.isoformat() if hasattr(value, "isoformat") else str(value)
        for key, value in criteria.items()
        if value
    }


def unauthorized() -> Response:
    """Signed-out visitors: 302 to the sign-in page, or 401 with HX-Redirect for htmx.

    After sign-in they come back to the page they were on: for a form sent after the session
    ended, the form's page (its Referer), where static/js/app.js puts back what was typed.
    """
    back = request.full_path.rstrip("?")
    if request.method != "GET" and request.referrer:
        parts = urlsplit(request.referrer)
        if parts.netloc == request.host:
            back = parts.path + (f"?{parts.query}" if parts.query else "")
    login_url = f"/login?next={quote(back, safe='/')}"
    if htmx:
        return htmx_response("", 401, redirect=login_url)
    return redirect(login_url, 302)


ERROR_MESSAGES = {
    400: (
        _l("Bad request"),
        _l("The request could not be understood. Reload the page and try again."),
    ),
    403: (_l("Not allowed"), _l("Your account may not do this.")),
    404: (_l("Not found"), _l("This page does not exist or is not available to you.")),
    405: (_l("Not allowed"), _l("This action cannot be done this way.")),
    409: (
        _l("Someone was first"),
        _l(
            "Someone else saved or decided this at the same moment. "
            "Reload to see what is saved now."
        ),
    ),
    413: (_l("Too large"), _l("What was sent is too large.")),
    500: (
        _l("Something went wrong"),
        _l("The intranet could not finish this request. Try again later."),
    ),
    503: (
        _l("Try again in a moment"),
        _l("The database is not answering right now. Nothing was lost: try again in a moment."),
    ),
}
# Seconds a client is asked to wait when the database does not answer (a restart takes ~10 s).
RETRY_AFTER = 10


def _error_text(code: int) -> tuple[str, str]:
    title, message = ERROR_MESSAGES.get(code, ERROR_MESSAGES[400])
    return str(title), str(message)


def render_error(code: int, message: str | None = None, title: str | None = None) -> Response:
    """An error answer written for where it lands: the alert region or a full page."""
    default_title, text = _error_text(code)
    title = title or default_title
    if message:
        text = message
    if wants_fragment():
        body = render_template("_shared/_alert.html", title=title, message=text, kind="error")
        return htmx_response(body, code, retarget="#alerts", reswap="innerHTML")
    return make_response(render_template("errors/error.html", title=title, message=text), code)


def register_error_handlers(app: Flask) -> None:
    """Answer every error in the user's language, never with a traceback.

    400, 403, 404, 405, 409 (a Conflict or a StaleDataError), 413, 503 with Retry-After when
    the database does not answer, and 500 for the rest.
    """

    def handle_http(error: HTTPException) -> Response:
        return render_error(error.code or 500)

    def handle_csrf(error: CSRFError) -> Response:
        if not current_user.is_authenticated and not is_public_endpoint(request.endpoint):
            # The session ended (its CSRF token went with it): sign in again, not "reload".
            return unauthorized()
        return render_error(
            400,
            _(
                "This page was open too long, or you signed out, so nothing was saved. Reload "
                "the page (sign in again if asked), then send it again."
            ),
            title=_("Your session has ended"),
        )

    def handle_server_error(error: Exception) -> Response:
        # Flask has logged the exception already; what was half-written must not be committed.
        db.session.rollback()
        return render_error(500)

    def handle_malformed(error: MalformedInput) -> Response:
        return render_error(
            400,
            _(
                "What was sent holds characters or numbers that cannot be saved. "
                "Check what you typed and send it again."
            ),
        )

    def handle_bad_cursor(error: BadCursor) -> Response:
        return render_error(
            400,
            _(
                "This page link does not belong to this list (it may have been changed or "
                "copied from another search). Go back to the first page of the list and search "
                "again."
            ),
        )

    def handle_conflict(error: Exception) -> Response:
        # A view that shows a form catches Conflict itself (409 with both versions); this
        # answers the rest, and a StaleDataError no view expected: never a 500.
        db.session.rollback()
        return render_error(409)

    def handle_unavailable(error: OperationalError) -> Response:
        # The database went away (a restart, a lock held too long): the pool reconnects on
        # the next request (pool_pre_ping), so ask the user to come back in a moment.
        current_app.logger.warning("database unavailable: %s", type(error.orig).__name__)
        db.session.rollback()
        response = render_error(503)
        response.headers["Retry-After"] = str(RETRY_AFTER)
        return response

    for code in (400, 403, 404, 405, 409, 413):
        app.register_error_handler(code, handle_http)
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(MalformedInput, handle_malformed)
    app.register_error_handler(BadCursor, handle_bad_cursor)
    app.register_error_handler(Conflict, handle_conflict)
    app.register_error_handler(StaleDataError, handle_conflict)
    app.register_error_handler(OperationalError, handle_unavailable)
    app.register_error_handler(500, handle_server_error)
