"""Signing in and out, and choosing the language."""

import secrets
import time
from datetime import timedelta
from functools import cache

from flask import Blueprint
from flask import current_app
from flask import redirect
from flask import render_template
from flask import request
from flask import Response
from flask import session
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_user
from flask_login import logout_user
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from intranet import audit
from intranet.auth import throttle
from intranet.auth.forms import LocaleForm
from intranet.auth.forms import LoginForm
from intranet.auth.policy import normalize_username
from intranet.extensions import login_manager
from intranet.models import db
from intranet.models import User
from intranet.permissions import current_actor
from intranet.permissions import public
from intranet.rendering import unauthorized
from intranet.security import safe_next

bp = Blueprint("auth", __name__)


@cache
def _dummy_hash(method: str) -> str:
    """Checked when the username is unknown, so that it takes as long as a wrong password."""
    return generate_password_hash(secrets.token_hex(8), method=method)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The user of a session cookie, or None when the session was ended since.

    A session ends when the account signs out, is disabled, gets a new password or role
    (its session token changes), or when its organization is marked inactive.
    """
    pk, _sep, token = user_id.partition(":")
    if not pk.isdigit():
        return None
    user = db.session.get(User, int(pk))
    if user is None or not user.is_active or user.session_token != token:
        return None
    if not user.organization.is_active:
        return None
    if not _within_lifetime(user):
        return None
    return user


def session_lifetime(user: User) -> timedelta:
    """How long a sign-in of this account lasts: a village tablet's 30 days, others 12 hours."""
    key = "TABLET_SESSION_LIFETIME" if user.village_id is not None else "SESSION_LIFETIME"
    value = current_app.config[key]  # seconds when it comes from an INTRANET_ variable
    return value if isinstance(value, timedelta) else timedelta(seconds=value)


def _within_lifetime(user: User) -> bool:
    """True while the session is younger than the account's lifetime (from its sign-in)."""
    signed_in = session.get("signed_in_at")
    if not isinstance(signed_in, int | float):
        return False
    return time.time() - signed_in < session_lifetime(user).total_seconds()


login_manager.unauthorized_handler(unauthorized)


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> Response | str:
    """The sign-in page; on success, a redirect to ?next= (on this site only)."""
    form = LoginForm(next=request.args.get("next", ""))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data), 303)
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return _login_page(form, status)

    username = normalize_username(form.username.data)
    address = audit.client_address()
    lock = throttle.lock(username, address)
    if lock:
        return _locked_page(form, lock)

    user = db.session.scalar(select(User).where(func.lower(User.username) == username))
    if not _password_matches(user, form.password.data):
        return _failed(form, user, username, address)
    assert user is not None
    if not user.is_active:
        return _refused(
            form, user, "inactive", _("This account is disabled. Ask the commune's IT clerk.")
        )
    if not user.organization.is_active:
        message = _(
            "Your organization no longer works in the intranet. Ask the commune's IT clerk."
        )
        return _refused(form, user, "organization_inactive", message)
    return _sign_in(user, username, address, form.next.data)


def _password_matches(user: User | None, password: str) -> bool:
    """One hash check on every path: an unknown name costs as much as a wrong password."""
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return False
    return check_password_hash(user.password_hash, password)


def _failed(form: LoginForm, user: User | None, username: str, address: str) -> Response:
    """Count the failure, audit it (a known account by name, an unknown name by its keyed
    hash only), and say so, or that sign-in is now paused."""
    throttle.record_failure(username, address)
    if user is not None:
        audit.record("login_failed", user, username=user.username)
    else:
        audit.record("login_failed", username_key=throttle.username_key(username))
    db.session.commit()
    lock = throttle.lock(username, address)
    if lock:
        return _locked_page(form, lock)
    return _login_page(form, 422, _("Wrong username or password."))


def _refused(form: LoginForm, user: User, reason: str, message: str) -> Response:
    """The right password for an account that may not sign in now: 403 with the reason."""
    audit.record("login_refused", user, actor=user, reason=reason)
    db.session.commit()
    return _login_page(form, 403, message)


def _sign_in(user: User, username: str, address: str, next_path: str | None) -> Response:
    """Start the session, forget past failures, audit, and go on."""
    session.clear()
    session.permanent = True
    session["signed_in_at"] = int(time.time())
    login_user(user)
    throttle.clear_failures(username, address)
    audit.record("login", user, actor=user)
    db.session.commit()
    # A village tablet opens on its village; everyone else on the board.
    home = url_for("villages.show", code=user.village.code) if user.village else None
    return redirect(safe_next(next_path, home), 303)


def _locked_page(form: LoginForm, lock: throttle.Lock) -> Response:
    """429 with Retry-After, saying what is paused and for how long."""
    if lock.scope == "account":
        message = _(
            "Too many failed attempts. Sign-in for this account from this device is paused "
            "for %(minutes)d more minutes.",
            minutes=lock.minutes,
        )
    elif lock.scope == "address":
        message = _(
            "Too many failed attempts from this device. Sign-in from it is paused for "
            "%(minutes)d more minutes.",
            minutes=lock.minutes,
        )
    else:
        message = _(
            "Too many failed sign-ins on the intranet. Sign-in is paused for %(minutes)d more "
            "minutes; tell the commune's IT clerk if this goes on.",
            minutes=lock.minutes,
        )
    response = _login_page(form, 429, message)
    response.headers["Retry-After"] = str(lock.seconds)
    return response


def _login_page(form: LoginForm, status: int, error: str | None = None) -> Response:
    form.password.data = ""
    body = render_template(
        "auth/login.html", form=form, error=error, locale_form=LocaleForm(next=request.full_path)
    )
    return current_app.make_response((body, status))


@bp.route("/logout", methods=["POST"])
@public
def logout() -> Response:
    """End the session, here and on the server, and go back to the sign-in page."""
    locale = None
    if current_user.is_authenticated:
        user = current_actor()
        locale = user.locale
        # The cookie alone is not enough: a copy of it (a shared tablet, a proxy) must stop
        # working too, so the account's session token changes (all its sessions end).
        user.end_sessions()
        audit.record("logout", user)
        try:
            db.session.commit()
        except StaleDataError:  # the administrator saved the account at this very moment
            db.session.rollback()
            db.session.get(User, user.id).end_sessions()
            audit.record("logout", user)
            db.session.commit()
    logout_user()
    session.clear()
    if locale:
        session["locale"] = locale  # the sign-in page stays in the language just used
    return redirect(url_for("auth.login"), 303)


@bp.route("/locale", methods=["POST"])
@public
def locale() -> Response:
    """Switch the language: remembered on the account, or in the session before sign-in."""
    form = LocaleForm()
    chosen = form.locale.data if form.validate_on_submit() else None
    if chosen in current_app.config["LANGUAGES"]:
        if current_user.is_authenticated:
            current_user.locale = chosen
            db.session.commit()
        else:
            session["locale"] = chosen
    return redirect(safe_next(form.next.data), 303)
