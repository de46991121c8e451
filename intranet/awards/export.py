"""The /awards.xlsx download: the year's commendations and gifts, one sheet each, with how many
files (decision, certificate, receipt) each has on the register (issue 16).

Whoever reads the register may download it (its files are theirs to see too). What people
typed goes in as text, never as a formula (intranet.spreadsheets).
"""

from io import BytesIO
from typing import Any

from flask import Response
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from intranet import evidence
from intranet import spreadsheets
from intranet.awards import queries
from intranet.models import Attachment

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _headed(book: Workbook, title: str, titles: list[str]) -> Any:
    sheet = book.create_sheet(title)
    bold = Font(bold=True)
    sheet.append(titles)
    for cell in sheet[1]:
        cell.font = bold
    return sheet


def workbook_bytes(year: int) -> bytes:
    """The year's register as a workbook; the files as a count per row."""
    book = Workbook()
    book.remove(book.active)
    awards = queries.awards_of(year)
    award_files = evidence.counts(Attachment.award_id, (a.id for a in awards))
    sheet = _headed(
        book,
        _("Commendations"),
        [_("Recipient"), _("Name"), _("Given by"), _("Form"), _("For what"), _("Attached files")],
    )
    for award in awards:
        values = (
            str(award.recipient_kind.label),
            award.recipient,
            str(award.giver.label),
            str(award.form.label),
            award.reason or "",
            award_files.get(award.id, 0),
        )
        sheet.append(list(spreadsheets.row(sheet, values)))
    gifts = queries.gifts_of(year)
    gift_files = evidence.counts(Attachment.gift_id, (g.id for g in gifts))
    sheet = _headed(
        book,
        _("Gifts"),
        [
            _("Household"),
            _("Kind of household"),
            _("Village"),
            _("Given by"),
            _("Value (đồng)"),
            _("Attached files"),
        ],
    )
    for gift in gifts:
        values = (
            gift.household,
            str(gift.household_kind.label),
            gift.village.display_name,
            gift.giver.name,
            gift.value,
            gift_files.get(gift.id, 0),
        )
        sheet.append(list(spreadsheets.row(sheet, values)))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(year: int) -> Response:
    response = Response(workbook_bytes(year), mimetype=XLSX_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="khen-thuong-{year}.xlsx"'
    return response
