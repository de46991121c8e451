"""One cursor type for every keyset list (issue 13.5): what a link carries and what is refused."""

from datetime import date
from datetime import datetime
from datetime import UTC

import pytest

from intranet.pagination import Cursor
from intranet.pagination import keyset_page

pytestmark = pytest.mark.sqlite_only


def test_a_cursor_reads_back_as_written():
    older = Cursor(date(2026, 5, 1), 123)
    moment = Cursor(datetime(2026, 5, 1, 3, 4, 5, 678901, tzinfo=UTC), 9, newer=True)

    assert older.encode() == "a2026-05-01.123"
    assert Cursor.decode(older.encode()) == older
    assert Cursor.decode(moment.encode(), datetime) == moment
    assert Cursor.decode("b2026-05-01.7").key == (date(2026, 5, 1), 7)


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "zzz",
        "a",
        "a2026-05-01",
        "a2026-05-01.",
        "a2026-13-01.5",
        "a2026-05-01.-5",
        "a2026-05-01.1e3",
        "a2026-05-01.١٢",  # digits, but not ASCII ones
        "a2026-05-01.1234567890123456789",
        "2026-05-01.123",  # the register's old cursor
        "2026-05-01T10:00:00|12",  # the board's old cursor
    ],
)
def test_anything_else_is_no_cursor(text):
    assert Cursor.decode(text) is None


def test_pages_know_their_neighbours():
    rows = [(date(2026, 1, day), day) for day in range(10, 0, -1)]  # newest first

    def fetch(after):
        if after is None:
            return rows[:4]
        if after.newer:
            return [r for r in reversed(rows) if r > after.key][:4]
        return [r for r in rows if r < after.key][:4]

    def key(row):
        return row

    first = keyset_page(fetch, None, key, 3)
    second = keyset_page(fetch, Cursor.decode(first.next_cursor), key, 3)
    back = keyset_page(fetch, Cursor.decode(second.prev_cursor), key, 3)

    assert [pk for _, pk in first.rows] == [10, 9, 8] and first.prev_cursor is None
    assert [pk for _, pk in second.rows] == [7, 6, 5]
    assert back.rows == first.rows
    assert back.next_cursor == first.next_cursor and back.prev_cursor is None
