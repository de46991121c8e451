"""Slowing down password guessing, kept in the database so that it holds across processes.

Three limits over the same window (LOGIN_LOCK_MINUTES, 15 by default), checked before any
password is hashed:

- one name from one address: LOGIN_MAX_FAILURES (5) failures pause that pair;
- one address, whatever the names: LOGIN_MAX_FAILURES_PER_ADDRESS (20) failures pause the
  address (password spraying: a few guesses at every account);
- the whole site: LOGIN_MAX_FAILURES_TOTAL (200) failures pause every sign-in that has no
  open session, so that many addresses together can neither guess on nor keep the processors
  busy hashing.

A limit is reached while the window holds that many failures, so it opens again when the
oldest of the latest failures leaves the window. The typed name is kept only as a keyed hash
(HMAC-SHA256 with the secret key), never in clear: a password typed into the name field by
mistake is not stored.
"""

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from datetime import UTC

from flask import current_app
from sqlalchemy import ColumnElement
from sqlalchemy import delete
from sqlalchemy import select

from intranet.models import db
from intranet.models import LoginFailure
from intranet.models import utcnow


@dataclass(frozen=True)
class Lock:
    """Why sign-in is paused and for how long."""

    scope: str  # "account" (this name from this address), "address" or "site"
    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))


def username_key(username: str) -> str:
    """The keyed hash under which a typed name is counted (and audited when unknown)."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, username.encode(), hashlib.sha256).hexdigest()


def _window() -> timedelta:
    return timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])


def _seconds_left(where: ColumnElement[bool], limit: int) -> int:
    """Seconds until fewer than `limit` failures matching `where` sit in the window; 0 if so now."""
    oldest_counted = db.session.scalar(
        select(LoginFailure.at)
        .where(where, LoginFailure.at >= utcnow() - _window())
        .order_by(LoginFailure.at.desc())
        .offset(limit - 1)
        .limit(1)
    )
    if oldest_counted is None:
        return 0
    if oldest_counted.tzinfo is None:  # SQLite gives naive UTC values back
        oldest_counted = oldest_counted.replace(tzinfo=UTC)
    remaining = oldest_counted + _window() - utcnow()
    return max(1, math.ceil(remaining.total_seconds()))


def lock(username: str, address: str) -> Lock | None:
    """The pause that applies to this name from this address, or None when it may try."""
    config = current_app.config
    checks = (
        (
            "account",
            (LoginFailure.username_key == username_key(username))
            & (LoginFailure.address == address),
            config["LOGIN_MAX_FAILURES"],
        ),
        ("address", LoginFailure.address == address, config["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
        ("site", LoginFailure.id.is_not(None), config["LOGIN_MAX_FAILURES_TOTAL"]),
    )
    for scope, where, limit in checks:
        seconds = _seconds_left(where, limit)
        if seconds:
            return Lock(scope, seconds)
    return None


def record_failure(username: str, address: str, at: datetime | None = None) -> None:
    """Remember one failed attempt (the caller commits)."""
    db.session.add(
        LoginFailure(username_key=username_key(username), address=address, at=at or utcnow())
    )


def clear_failures(username: str, address: str) -> None:
    """Forget this pair's failures after a successful sign-in, and old ones everywhere.

    The address's other failures stay counted: one right password does not excuse spraying.
    """
    db.session.execute(
        delete(LoginFailure).where(
            (LoginFailure.at < utcnow() - _window())
            | (
                (LoginFailure.username_key == username_key(username))
                & (LoginFailure.address == address)
            )
        )
    )
