"""The report's tables as a workbook: a sheet per table, Vietnamese headers, numbers as numbers.

Every string, above all what people typed (an award's recipient and reason, an organization's
name), goes in as text and never as a formula (intranet.spreadsheets).

The awards' sheets end with a count of attached files, as /awards.xlsx does: each commendation's
own, and each giver's gifts' together. The page and the .docx do not show it.
"""

from io import BytesIO

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from intranet import evidence
from intranet import spreadsheets
from intranet.awards import queries as awards_queries
from intranet.models import Attachment
from intranet.reports import tables
from intranet.reports.figures import Report


def file_counts(report: Report) -> dict[str, list[int]]:
    """The attached files of each row of the tables that list awards and gifts, by table key:
    a commendation's own files; a giver's gifts' files together (two queries in all)."""
    award_files = evidence.counts(Attachment.award_id, (award.id for award in report.awards))
    gifts = awards_queries.gifts_of(report.year)
    gift_files = evidence.counts(Attachment.gift_id, (gift.id for gift in gifts))
    by_giver: dict[str, int] = {}
    for gift in gifts:
        by_giver[gift.giver.code] = by_giver.get(gift.giver.code, 0) + gift_files.get(gift.id, 0)
    return {
        "award-list": [award_files.get(award.id, 0) for award in report.awards],
        "gifts": [by_giver.get(line.giver_code, 0) for line in report.gift_lines],
    }


def xlsx_bytes(report: Report) -> bytes:
    """Every table of the report, in Vietnamese whatever the user's language."""
    with force_locale("vi"):
        sections = tables.sections(report)
        period_line = _(
            "Period: %(start)s – %(end)s", start=f"{report.period.start:%d/%m/%Y}",
            end=f"{report.period.end:%d/%m/%Y}",
        )  # fmt: skip
        files_header = _("Attached files")
    counts = file_counts(report)
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for number, section in enumerate(sections, start=1):
        for table in section.tables:
            sheet = book.create_sheet(table.key[:31])
            files = counts.get(table.key)
            headers = [*table.headers, files_header] if files is not None else table.headers
            title = f"{number}. {section.title} – {table.title}"
            spreadsheets.heading(sheet, title, period_line, headers)
            for index, row in enumerate(table.rows):
                extra = [files[index]] if files is not None else []
                sheet.append(spreadsheets.row(sheet, [cell.value for cell in row] + extra))
            if table.foot:
                extra = [sum(files)] if files is not None else []
                sheet.append(spreadsheets.row(sheet, [cell.value for cell in table.foot] + extra))
                for cell in sheet[sheet.max_row]:
                    cell.font = bold
            sheet.freeze_panes = "B5"
            for index in range(1, len(headers) + 1):
                sheet.column_dimensions[get_column_letter(index)].width = 40 if index == 1 else 16
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
