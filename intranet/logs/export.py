"""The /logs.xlsx download: the filtered list as a spreadsheet with Vietnamese headers.

Excel garbles Vietnamese in CSV, so the list is only ever exported as .xlsx. The list is
capped (LOGS_EXPORT_MAX_ROWS, newest first) so the biggest download finishes well inside a
worker's timeout (bench/NOTES.md has the measurements); a cut list says so in its last row.
Rows are plain tuples and labels are translated once per file, not once per row. What people
typed goes in as text, never as a formula (intranet.spreadsheets).
"""

from collections.abc import Callable
from datetime import date
from datetime import datetime
from datetime import UTC
from io import BytesIO
from itertools import islice
from typing import Any

from flask import current_app
from flask import Response
from flask_babel import format_number
from flask_babel import get_timezone
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy import Result

from intranet import spreadsheets
from intranet.logs import queries
from intranet.models import LOG_KIND_LABELS
from intranet.models import LOG_STATUS_LABELS
from intranet.models import User
from intranet.models import VILLAGE_KIND_LABELS
from intranet.periods import local_today

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers() -> list[str]:
    """The column titles, in the user's language."""
    return [
        _("Date"),
        _("Organization"),
        _("Village"),
        _("Kind of activity"),
        _("Title"),
        _("What was done"),
        _("Participants"),
        _("Status"),
        _("Written by"),
        _("Approved on"),
        _("Attached files"),
    ]


def workbook_bytes(rows: Result, cap: int, count_all: Callable[[], int]) -> bytes:
    """A one-sheet workbook of at most ``cap`` rows (queries.export_rows), dates as dates.

    When the rows go on past the cap, the last row says how many entries were left out
    (``count_all`` counts the whole list, asked only then).
    """
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Activity log"))
    sheet.freeze_panes = "A2"
    widths = (12, 30, 22, 22, 40, 60, 12, 18, 24, 16, 12)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for title in headers():
        cell = spreadsheets.text_cell(sheet, title)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    kinds = {kind: str(label) for kind, label in LOG_KIND_LABELS.items()}
    statuses = {status: str(label) for status, label in LOG_STATUS_LABELS.items()}
    village_kinds = {kind: str(label).capitalize() for kind, label in VILLAGE_KIND_LABELS.items()}
    commune_wide = _("Commune-wide")
    zone = get_timezone()
    date_style = _date_cell(sheet, local_today())._style
    text = spreadsheets.text
    for entry in islice(rows, cap):
        approved = _local_day(entry.approved_at, zone) if entry.approved_at else None
        village = (
            f"{village_kinds[entry.village_kind]} {entry.village_name}"
            if entry.village_name is not None
            else commune_wide
        )
        sheet.append(
            (
                _dated(sheet, entry.date, date_style),
                text(sheet, entry.organization),
                text(sheet, village),
                kinds[entry.kind],
                text(sheet, entry.title),
                text(sheet, entry.description),
                entry.participants,
                statuses[entry.status],
                text(sheet, entry.author),
                _dated(sheet, approved, date_style) if approved else None,
                entry.files,
            )
        )
    more = next(rows, None) is not None
    rows.close()  # before counting: one statement at a time on the connection
    total = count_all() if more else None
    if total is not None:
        note = spreadsheets.text_cell(
            sheet,
            _(
                "Only the newest %(cap)s entries are in this file; %(left)s older ones of the "
                "list are not. Narrow the filters (dates) to download them.",
                cap=format_number(cap),
                left=format_number(total - cap),
            ),
        )
        note.font = bold
        sheet.append([note])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _local_day(moment: datetime, zone: Any) -> date:
    if moment.tzinfo is None:  # SQLite gives UTC back without its zone
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).date()


def _date_cell(sheet: object, value: date) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "dd/mm/yyyy"
    return cell


def _dated(sheet: object, value: date, style: Any) -> WriteOnlyCell:
    """A date cell in the dd/mm/yyyy style, sharing one style array (cheap per row)."""
    cell = WriteOnlyCell(sheet, value=value)
    cell._style = style
    return cell


def xlsx_response(user: User, criteria: dict[str, Any]) -> Response:
    """The filtered list the user may see, as a workbook named after today's date."""
    cap = current_app.config["LOGS_EXPORT_MAX_ROWS"]
    rows = queries.export_rows(user, criteria, limit=cap + 1)
    try:
        body = workbook_bytes(rows, cap, lambda: queries.export_count(user, criteria))
    finally:
        rows.close()
    response = Response(body, mimetype=XLSX_TYPE)
    filename = f"nhat-ky-hoat-dong-{local_today().isoformat()}.xlsx"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
