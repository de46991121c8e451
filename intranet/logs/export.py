"""The /logs.xlsx download: the filtered list as a spreadsheet with Vietnamese headers.

Excel garbles Vietnamese in CSV, so the list is only ever exported as .xlsx.
"""

from datetime import date
from io import BytesIO

from flask import Response
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from intranet.models import ActivityLog

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
    ]


def workbook_bytes(entries: list[ActivityLog]) -> bytes:
    """A one-sheet workbook of the entries, dates as real dates (dd/mm/yyyy)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Activity log"))
    sheet.freeze_panes = "A2"
    widths = (12, 30, 22, 22, 40, 60, 12, 18, 24, 16)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for title in headers():
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for entry in entries:
        approved = to_user_timezone(entry.approved_at).date() if entry.approved_at else None
        sheet.append(
            [
                _date_cell(sheet, entry.date),
                entry.organization.name,
                entry.village.display_name if entry.village else _("Commune-wide"),
                entry.kind.label,
                entry.title,
                entry.description,
                entry.participants,
                entry.status.label,
                entry.author.full_name,
                _date_cell(sheet, approved) if approved else None,
            ]
        )
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _date_cell(sheet: object, value: date) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "dd/mm/yyyy"
    return cell


def xlsx_response(entries: list[ActivityLog]) -> Response:
    """The workbook as a download named after today's date."""
    response = Response(workbook_bytes(entries), mimetype=XLSX_TYPE)
    filename = f"nhat-ky-hoat-dong-{date.today().isoformat()}.xlsx"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
