"""The report as a Word document, laid out as Decree 30/2020/NĐ-CP (appendix I) sets it.

A4; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm; Times New Roman, body 14 pt,
justified, first line indented 1.27 cm, 6 pt between paragraphs. At the top, in two columns:
the issuing body (bold, a short rule under it) and the number "Số: …/BC-UBND" on the left; the
national title (bold, 12 pt), the motto (bold, 13 pt, a rule as long as it under it) and the
place and date (italic) on the right. Then the kind of document ("BÁO CÁO") and its summary,
bold and centred, a short rule; the numbered sections with their tables; the signature block
("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH") beside the recipients ("Nơi nhận:" bold italic 12 pt, the
list in 11 pt). Page numbers: centred in the header, from the second page on.
"""

from io import BytesIO

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm
from docx.shared import Mm
from docx.shared import Pt
from docx.table import _Cell
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from flask import current_app
from flask_babel import force_locale
from flask_babel import format_decimal
from flask_babel import gettext as _

from intranet.reports import tables
from intranet.reports.figures import Report

FONT = "Times New Roman"
TEXT_WIDTH_CM = 16.5  # 210 mm less 30 mm and 15 mm
LEFT_CM, RIGHT_CM = 6.3, 10.2
CENTER = WD_PARAGRAPH_ALIGNMENT.CENTER
LEFT = WD_PARAGRAPH_ALIGNMENT.LEFT

# Where paragraphs go: the document's body or a table cell.
Container = WordDocument | _Cell

_ROMAN_DIGITS = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def roman(number: int) -> str:
    """A section's number as Decree 30 writes it: 1 → I, 4 → IV, 11 → XI, 2026 → MMXXVI."""
    if number < 1:
        raise ValueError(f"no Roman numeral for {number}")
    digits = []
    for value, letters in _ROMAN_DIGITS:
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)


def recipients() -> tuple[str, ...]:
    """Who receives the report ("Nơi nhận"): the REPORT_RECIPIENTS setting."""
    return tuple(current_app.config["REPORT_RECIPIENTS"])


def _run(
    paragraph: Paragraph, text: str, size: float = 14, bold: bool = False, italic: bool = False
) -> Run:
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    # East-Asian and complex-script fonts too, or Word falls back for Vietnamese letters.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    return run


def _line(
    container: Container,
    text: str = "",
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align: WD_PARAGRAPH_ALIGNMENT = CENTER,
    after: float = 0,
) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(after)
    if text:
        _run(paragraph, text, size, bold, italic)
    return paragraph


def _rule(container: Container, length_cm: float, box_cm: float) -> None:
    """A solid horizontal rule of a given length, centred in a box (a bordered empty line)."""
    paragraph = container.add_paragraph()
    side = Cm(max((box_cm - length_cm) / 2, 0))
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    paragraph.paragraph_format.space_before = Pt(3)
    paragraph.paragraph_format.space_after = Pt(4)
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)


def _no_borders(table: Table) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _two_columns(document: WordDocument, left_cm: float, right_cm: float) -> tuple[_Cell, _Cell]:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    _widths(table, [left_cm, right_cm])
    for cell in table.rows[0].cells:
        cell._tc.remove(cell.paragraphs[0]._p)
    left, right = table.rows[0].cells
    return left, right


def _widths(table: Table, widths_cm: list[float]) -> None:
    """Column widths that Word and LibreOffice both keep (the grid and every cell)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _page_number_header(section: Section) -> None:
    """The page number centred at the top, from page 2 (the first page's header stays empty)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    run = _run(paragraph, "", 14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    inner = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    inner.append(text)
    field.append(inner)
    run._r.addnext(field)


def _setup(document: WordDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    _page_number_header(section)


def _heading_block(document: WordDocument, report: Report) -> None:
    commune = current_app.config["COMMUNE_NAME"]
    left, right = _two_columns(document, LEFT_CM, RIGHT_CM)
    _line(left, _("PEOPLE'S COMMITTEE"), 13, bold=True)
    _line(left, _("%(commune)s COMMUNE", commune=commune.upper()), 13, bold=True)
    _rule(left, 2.0, LEFT_CM)
    number = report.narrative.number if report.narrative and report.narrative.number else "      "
    _line(left, _("No. %(number)s/BC-UBND", number=number), 13)
    _line(right, _("SOCIALIST REPUBLIC OF VIET NAM"), 12, bold=True)
    _line(right, _("Independence - Freedom - Happiness"), 13, bold=True)
    _rule(right, 6.0, RIGHT_CM)
    _line(
        right,
        _("%(place)s, day … month … %(year)d", place=commune, year=report.year),
        14,
        italic=True,
    )
    _line(document, "", 8)
    _line(document, _("REPORT"), 14, bold=True)
    _line(document, _("Review of the movement “All people protect national security” in %(year)d",
                      year=report.year), 14, bold=True)  # fmt: skip
    _rule(document, 4.0, TEXT_WIDTH_CM)


def _body(document: WordDocument, text: str, italic: bool = False, bold: bool = False) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_PARAGRAPH_ALIGNMENT.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1.27)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.paragraph_format.line_spacing = 1.15
    _run(paragraph, text, 14, bold=bold, italic=italic)
    return paragraph


def _table(document: WordDocument, table: tables.Table) -> None:
    rows = table.rows + ([table.foot] if table.foot else [])
    columns = len(table.headers)
    grid = document.add_table(rows=1 + max(len(rows), 1), cols=columns)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    size = 12 if columns <= 5 else 11
    first = {2: 10.0, 3: 7.5, 4: 6.0, 5: 4.5}.get(columns, 3.6)
    _widths(grid, [first] + [(TEXT_WIDTH_CM - first) / (columns - 1)] * (columns - 1))
    for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
        _fill(cell, header, size, bold=True, align=CENTER)
    if not rows:
        merged = grid.rows[1].cells[0].merge(grid.rows[1].cells[-1])
        _fill(merged, _("None in this period."), size, bold=False, align=CENTER)
    for index, row in enumerate(rows, start=1):
        is_foot = table.foot is not None and index == len(rows)
        for column, (cell, value) in enumerate(zip(grid.rows[index].cells, row, strict=True)):
            text = "" if value.value is None else _number(value.value)
            if value.is_number:
                align = WD_PARAGRAPH_ALIGNMENT.RIGHT
            elif column == 0 or len(text) > 24:
                align = LEFT
            else:
                align = CENTER
            _fill(cell, text, size, bold=is_foot, align=align)
    _line(document, "", 6)


def _number(value: int | str) -> str:
    """A count with the grouping of the current language (Vietnamese in the document: 1.500.000)."""
    return format_decimal(value) if isinstance(value, int) else value


def _fill(cell: _Cell, text: str, size: float, bold: bool, align: WD_PARAGRAPH_ALIGNMENT) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    _run(paragraph, text, size, bold=bold)


def _signature(document: WordDocument, report: Report) -> None:
    left, right = _two_columns(document, 7.0, 9.5)
    _line(left, _("Recipients:"), 12, bold=True, italic=True, align=LEFT)
    for name in recipients():
        _line(left, f"- {name};", 11, align=LEFT)
    _line(left, _("- Filed: Office."), 11, align=LEFT)
    _line(right, _("ON BEHALF OF THE PEOPLE'S COMMITTEE"), 14, bold=True)
    _line(right, _("CHAIR"), 14, bold=True)
    for _blank in range(4):
        _line(right, "", 14)
    signer = report.narrative.signer if report.narrative and report.narrative.signer else ""
    _line(right, signer, 14, bold=True)


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def docx_bytes(report: Report) -> bytes:
    """The report in Vietnamese (whatever the user's language), ready for the chair to sign."""
    with force_locale("vi"):
        document = Document()
        _setup(document)
        _heading_block(document, report)
        _line(document, "", 6)
        _body(
            document,
            _("The %(commune)s commune People's Committee reports on the movement “All people "
              "protect national security” from %(start)s to %(end)s, against the same period of "
              "the year before, from the data approved in the commune intranet, as follows:",
              commune=current_app.config["COMMUNE_NAME"],
              start=f"{report.period.start:%d/%m/%Y}", end=f"{report.period.end:%d/%m/%Y}"),
        )  # fmt: skip
        sections = tables.sections(report)
        for number, section in enumerate(sections, start=1):
            _body(document, f"{roman(number)}. {section.title.upper()}", bold=True)
            for index, table in enumerate(section.tables, start=1):
                _body(document, f"{index}. {table.title}", italic=True, bold=True)
                _table(document, table)
            for note in section.notes:
                _body(document, note, italic=True)
        narrative = report.narrative
        for offset, (title, text) in enumerate(
            (
                (_("General assessment"), narrative.assessment if narrative else ""),
                (_("Tasks for next year"), narrative.tasks if narrative else ""),
            ),
            start=1,
        ):
            _body(document, f"{roman(len(sections) + offset)}. {title.upper()}", bold=True)
            for paragraph in _paragraphs(text) or ["……………………………………………………………"]:
                _body(document, paragraph)
        _body(document, _("This is the report of the %(commune)s commune People's Committee.",
                          commune=current_app.config["COMMUNE_NAME"]))  # fmt: skip
        _signature(document, report)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
