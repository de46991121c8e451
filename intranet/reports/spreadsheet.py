"""The report's tables as a workbook: a sheet per table, Vietnamese headers, numbers as numbers.

Every string, above all what people typed (an award's recipient and reason, an organization's
name), goes in as text and never as a formula (intranet.spreadsheets).
"""

from io import BytesIO

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from intranet import spreadsheets
from intranet.reports import tables
from intranet.reports.figures import Report


def xlsx_bytes(report: Report) -> bytes:
    """Every table of the report, in Vietnamese whatever the user's language."""
    with force_locale("vi"):
        sections = tables.sections(report)
        period_line = _(
            "Period: %(start)s – %(end)s", start=f"{report.period.start:%d/%m/%Y}",
            end=f"{report.period.end:%d/%m/%Y}",
        )  # fmt: skip
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for number, section in enumerate(sections, start=1):
        for table in section.tables:
            sheet = book.create_sheet(table.key[:31])
            sheet.append(spreadsheets.row(sheet, [f"{number}. {section.title} – {table.title}"]))
            sheet["A1"].font = Font(bold=True, size=12)
            sheet.append(spreadsheets.row(sheet, [period_line]))
            sheet.append([])
            sheet.append(spreadsheets.row(sheet, table.headers))
            for cell in sheet[4]:
                cell.font = bold
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            for row in table.rows:
                sheet.append(spreadsheets.row(sheet, [cell.value for cell in row]))
            if table.foot:
                sheet.append(spreadsheets.row(sheet, [cell.value for cell in table.foot]))
                for cell in sheet[sheet.max_row]:
                    cell.font = bold
            sheet.freeze_panes = "B5"
            for index in range(1, len(table.headers) + 1):
                sheet.column_dimensions[get_column_letter(index)].width = 40 if index == 1 else 16
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
