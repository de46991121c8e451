"""Figures kept in the process while a cheap fingerprint of what they count stays the same.

A figure that is slow to compute (the board's year counters, the report's activity lines) is
kept under a key (the year, the period) together with a fingerprint: the result of one cheap,
indexed query over what the figure depends on (`approval_fingerprint()`: the newest approval
and the organizations' versions). Every request asks the fingerprint; while it is unchanged the
kept value is served, once it moves the value is computed again. The fingerprint comes from the
database, so a change made by any worker or host reaches all of them with no signal between
processes. Each application keeps its own caches (`app_cache`), bounded (the least recently used
key goes first) and safe across threads; a value is computed outside the lock, so two threads
missing at once may both compute it.
"""

from collections import OrderedDict
from collections.abc import Callable
from collections.abc import Hashable
from threading import Lock
from typing import Any
from typing import Generic
from typing import TypeVar

from flask import current_app
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import true

from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import LogStatus
from intranet.models import Organization

V = TypeVar("V")


class FingerprintCache(Generic[V]):
    """At most `size` values, each kept under a key while its fingerprint holds."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[Hashable, V]] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable, fingerprint: Hashable, compute: Callable[[], V]) -> V:
        """The value kept under `key` if it was computed at `fingerprint`; else `compute()`."""
        with self._lock:
            kept = self._entries.get(key)
            if kept is not None and kept[0] == fingerprint:
                self._entries.move_to_end(key)
                return kept[1]
        value = compute()
        with self._lock:
            self._entries[key] = (fingerprint, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


def app_cache(name: str, size: int) -> FingerprintCache:
    """The current application's cache called `name` (each application has its own database)."""
    cache = current_app.extensions.get(name)
    if cache is None:
        cache = current_app.extensions.setdefault(name, FingerprintCache(size))
    return cache


def approval_fingerprint() -> tuple[Any, ...]:
    """What moves whenever approved figures or the organizations' names may change, one query.

    The newest approval (an indexed lookup on `(status, approved_at, id)`; approved entries are
    never edited or deleted, so any change to what counts, a correction's approval included,
    moves it) and the organizations' count, highest id and sum of versions (the version moves
    on every edit, so a rename shows).
    """
    newest = (
        select(ActivityLog.approved_at, ActivityLog.id)
        .where(ActivityLog.status == LogStatus.approved)
        .order_by(ActivityLog.approved_at.desc(), ActivityLog.id.desc())
        .limit(1)
        .subquery()
    )
    organizations = select(
        func.count(Organization.id),
        func.max(Organization.id),
        func.coalesce(func.sum(Organization.version), 0),
    ).subquery()
    row = db.session.execute(
        select(newest.c.approved_at, newest.c.id, *organizations.c).select_from(
            organizations.outerjoin(newest, true())
        )
    ).one()
    return tuple(row)
