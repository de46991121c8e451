"""What the list filters share: a date range and a text search over any list's columns."""

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import func
from sqlalchemy import or_


def escape_like(text: str) -> str:
    """Make % and _ typed by a user match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def within(column: Any, start: date | None, end: date | None) -> list[ColumnElement[bool]]:
    """The column between start and end, both included; an end left out is no bound."""
    bounds = []
    if start:
        bounds.append(column >= start)
    if end:
        bounds.append(column <= end)
    return bounds


def contains(text: str, *columns: Any) -> ColumnElement[bool]:
    """One of the columns holds the text, whatever the case of either."""
    pattern = f"%{escape_like(text.lower())}%"
    return or_(*(func.lower(column).like(pattern, escape="\\") for column in columns))
