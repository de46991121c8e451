"""Keyset pagination: one cursor type and one page type for every list that grows (STYLE §4).

A list ordered newest first by `(value, id)` (a date or a moment, then the primary key) is walked
with a cursor naming one row: `a2026-05-01.123` asks for the rows after it in the list's order
(older), `b2026-05-01.123` for the rows before it (newer); moments are written the same way
(`b2026-05-01T03:04:05.678901+00:00.123`). The query compares the row value,
`tuple_(Model.date, Model.id) < cursor.key`, which walks the list's index (a spelled-out
`OR`/`AND` scanned from the top). A cursor that does not parse is no cursor: the first page.
Templates show the links with `_shared/_pagination.html`.

A search's list is ordered best matches first (search.tiers): by (tier, value newest first, id),
and its cursor carries the row's tier before a `~`: `a1~2026-05-01.123` asks for what comes
after that row, the rest of tier 1 then tiers 2 …. Such a list refuses a cursor without a tier
(or one past the last tier), and a list without tiers one with a tier: `ranked_cursor` and
`plain_cursor` raise BadCursor, a 400 with a message (rendering), since only a forged or
damaged link sends one.
"""

from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic
from typing import TypeVar

from werkzeug.exceptions import BadRequest

T = TypeVar("T")

OLDER = "a"
NEWER = "b"
TIER = "~"


class BadCursor(BadRequest):
    """A page link that does not fit its list (forged or damaged): a 400 with a message."""


@dataclass(frozen=True)
class Cursor:
    """One row's place in a list ordered by (value, id), or by (tier, value, id) for a search's
    list; `newer` says which way to walk."""

    value: date
    id: int
    newer: bool = False
    tier: int | None = None

    @property
    def key(self) -> tuple[date, int]:
        """The row value to compare with `tuple_(column, id)` (within the cursor's tier)."""
        return self.value, self.id

    def encode(self) -> str:
        tier = "" if self.tier is None else f"{self.tier}{TIER}"
        return f"{NEWER if self.newer else OLDER}{tier}{self.value.isoformat()}.{self.id}"

    @classmethod
    def decode(cls, text: str | None, kind: type[date] = date) -> "Cursor | None":
        """The cursor written by `encode`, its value a `kind` (date or datetime); else None."""
        if not text or text[0] not in (OLDER, NEWER):
            return None
        tier = None
        rest = text[1:]
        if rest[1:2] == TIER:
            if not (rest[0].isascii() and rest[0].isdigit()):
                return None
            tier, rest = int(rest[0]), rest[2:]
        value, _dot, pk = rest.rpartition(".")
        if not pk.isascii() or not pk.isdigit() or len(pk) > 18:
            return None
        try:
            parsed = kind.fromisoformat(value)
        except ValueError:
            return None
        return cls(parsed, int(pk), newer=text[0] == NEWER, tier=tier)


def ranked_cursor(text: str | None, tiers: int, kind: type[date] = date) -> Cursor | None:
    """The cursor of a list ordered by tier (0 … tiers − 1): None for the first page; a link
    that is not one of that list's (no tier, a tier past the last, not a cursor) is refused."""
    if not text:
        return None
    cursor = Cursor.decode(text, kind)
    if cursor is None or cursor.tier is None or cursor.tier >= tiers:
        raise BadCursor()
    return cursor


def plain_cursor(text: str | None, kind: type[date] = date) -> Cursor | None:
    """The cursor of a list without tiers: one with a tier is refused (a search's link with
    its words taken out), one that does not parse is no cursor (the first page)."""
    cursor = Cursor.decode(text, kind)
    if cursor is not None and cursor.tier is not None:
        raise BadCursor()
    return cursor


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a keyset list, newest first, with the cursors of its neighbours."""

    rows: list[T]
    next_cursor: str | None  # the older page
    prev_cursor: str | None  # the newer page


def keyset_page(
    fetch: Callable[[Cursor | None], Sequence[T]],
    cursor: Cursor | None,
    key: Callable[[T], tuple[date, int] | tuple[int, date, int]],
    size: int,
) -> Page[T]:
    """A page from `fetch(cursor)`: up to size + 1 rows past the cursor, in its walking order.

    `key` gives a row's (value, id), or (tier, value, id) in a list ordered by tier.
    Walking older, the extra row says an older page exists and having come from a cursor says
    a newer one does; walking newer (rows come oldest first), the other way round. One query.
    """
    fetched = list(fetch(cursor))
    more = len(fetched) > size
    rows = fetched[:size]

    def at(row: T, newer: bool) -> str:
        *tier, value, pk = key(row)
        return Cursor(value, pk, newer, tier[0] if tier else None).encode()

    if cursor is not None and cursor.newer:
        rows.reverse()
        return Page(
            rows=rows,
            next_cursor=at(rows[-1], False) if rows else None,
            prev_cursor=at(rows[0], True) if rows and more else None,
        )
    return Page(
        rows=rows,
        next_cursor=at(rows[-1], False) if rows and more else None,
        prev_cursor=at(rows[0], True) if rows and cursor is not None else None,
    )
