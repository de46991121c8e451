"""What the list filters share: a date range (text search is intranet.search)."""

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement


def within(column: Any, start: date | None, end: date | None) -> list[ColumnElement[bool]]:
    """The column between start and end, both included; an end left out is no bound."""
    bounds = []
    if start:
        bounds.append(column >= start)
    if end:
        bounds.append(column <= end)
    return bounds
