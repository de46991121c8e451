"""Keyset pagination: one cursor type and one page type for every list that grows (STYLE §4).

A list ordered newest first by `(value, id)` (a date or a moment, then the primary key) is walked
with a cursor naming one row: `a2026-05-01.123` asks for the rows after it in the list's order
(older), `b2026-05-01.123` for the rows before it (newer); moments are written the same way
(`b2026-05-01T03:04:05.678901+00:00.123`). The query compares the row value,
`tuple_(Model.date, Model.id) < cursor.key`, which walks the list's index (a spelled-out
`OR`/`AND` scanned from the top). A cursor that does not parse is no cursor: the first page.
Templates show the links with `_shared/_pagination.html`.
"""

from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic
from typing import TypeVar

T = TypeVar("T")

OLDER = "a"
NEWER = "b"


@dataclass(frozen=True)
class Cursor:
    """One row's place in a list ordered by (value, id); `newer` says which way to walk."""

    value: date
    id: int
    newer: bool = False

    @property
    def key(self) -> tuple[date, int]:
        """The row value to compare with `tuple_(column, id)`."""
        return self.value, self.id

    def encode(self) -> str:
        return f"{NEWER if self.newer else OLDER}{self.value.isoformat()}.{self.id}"

    @classmethod
    def decode(cls, text: str | None, kind: type[date] = date) -> "Cursor | None":
        """The cursor written by `encode`, its value a `kind` (date or datetime); else None."""
        if not text or text[0] not in (OLDER, NEWER):
            return None
        value, _dot, pk = text[1:].rpartition(".")
        if not pk.isascii() or not pk.isdigit() or len(pk) > 18:
            return None
        try:
            parsed = kind.fromisoformat(value)
        except ValueError:
            return None
        return cls(parsed, int(pk), newer=text[0] == NEWER)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a keyset list, newest first, with the cursors of its neighbours."""

    rows: list[T]
    next_cursor: str | None  # the older page
    prev_cursor: str | None  # the newer page


def keyset_page(
    fetch: Callable[[Cursor | None], Sequence[T]],
    cursor: Cursor | None,
    key: Callable[[T], tuple[date, int]],
    size: int,
) -> Page[T]:
    """A page from `fetch(cursor)`: up to size + 1 rows past the cursor, in its walking order.

    Walking older, the extra row says an older page exists and having come from a cursor says
    a newer one does; walking newer (rows come oldest first), the other way round. One query.
    """
    fetched = list(fetch(cursor))
    more = len(fetched) > size
    rows = fetched[:size]

    def at(row: T, newer: bool) -> str:
        value, pk = key(row)
        return Cursor(value, pk, newer).encode()

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
