"""Putting what people typed into a workbook: always as text, never as a formula.

openpyxl turns a string that starts with "=" into a formula and "#N/A" into an error, so a
title such as ``=HYPERLINK("http://…","…")`` was a live link in /logs.xlsx (issue 12). Every
string goes in as text instead: the cell's type is "s", it shows exactly what was typed, and
Excel or LibreOffice never evaluate it. Numbers and dates stay numbers and dates. Characters a
workbook cannot hold (control characters other than tab, newline and return) are dropped.
"""

from collections.abc import Iterable
from collections.abc import Iterator
from typing import Any

from openpyxl.cell import Cell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment
from openpyxl.styles import Font


def text_cell(sheet: Any, value: str) -> Cell:
    """A cell that holds the string as text, whatever it starts with."""
    cell = Cell(sheet, row=1, column=1, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    return cell


def text(sheet: Any, value: str) -> str | Cell:
    """The string for ``sheet.append``, kept as text.

    openpyxl stores any other string as text already; only those it would read as a formula
    or an error value need a text cell. Building a cell for every string cost a tenth of the
    biggest export (bench/NOTES.md).
    """
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith("=") or value in ERROR_CODES:
        return text_cell(sheet, value)
    return value


def row(sheet: Any, values: Iterable[object]) -> Iterator[object]:
    """Values for ``sheet.append``: each string kept as text, anything else as it is."""
    for value in values:
        yield text(sheet, value) if isinstance(value, str) else value


def heading(sheet: Any, title: str, subtitle: str, headers: Iterable[str]) -> None:
    """The top of a list's sheet: its title in bold (A1), a line under it (the period, the
    legal basis), an empty row, and the column headers in bold on row 4, wrapped."""
    sheet.append(row(sheet, [title]))
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(row(sheet, [subtitle]))
    sheet.append([])
    sheet.append(row(sheet, headers))
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
