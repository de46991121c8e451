"""Slowing down password guessing per username and address (5 failures lock for 15 minutes)."""

import math
from datetime import datetime
from datetime import timedelta
from datetime import UTC

from flask import current_app
from sqlalchemy import delete
from sqlalchemy import select

from intranet.models import db
from intranet.models import LoginFailure
from intranet.models import utcnow


def _window_start() -> datetime:
    return utcnow() - timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])


def minutes_locked(username: str, address: str) -> int:
    """Minutes until this pair may try again; 0 when it is not locked.

    The pair is locked while the window holds the maximum number of failures, so it opens
    again when the oldest of the latest failures leaves the window.
    """
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    oldest_counted = db.session.scalar(
        select(LoginFailure.at)
        .where(
            LoginFailure.username == username,
            LoginFailure.address == address,
            LoginFailure.at >= _window_start(),
        )
        .order_by(LoginFailure.at.desc())
        .offset(limit - 1)
        .limit(1)
    )
    if oldest_counted is None:
        return 0
    if oldest_counted.tzinfo is None:  # SQLite gives naive UTC values back
        oldest_counted = oldest_counted.replace(tzinfo=UTC)
    lock = timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
    remaining = oldest_counted + lock - utcnow()
    return max(1, math.ceil(remaining.total_seconds() / 60))


def record_failure(username: str, address: str) -> None:
    """Remember one failed attempt (the caller commits)."""
    db.session.add(LoginFailure(username=username, address=address))


def clear_failures(username: str, address: str) -> None:
    """Forget this pair's failures after a successful sign-in, and old ones everywhere."""
    db.session.execute(
        delete(LoginFailure).where(
            (LoginFailure.at < _window_start())
            | ((LoginFailure.username == username) & (LoginFailure.address == address))
        )
    )
