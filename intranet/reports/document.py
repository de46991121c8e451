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
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.shared import Mm
from docx.shared import Pt
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from intranet.reports import tables
from intranet.reports.figures import Report

FONT = "Times New Roman"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
TEXT_WIDTH_CM = 16.5  # 210 mm less 30 mm and 15 mm
LEFT_CM, RIGHT_CM = 6.3, 10.2

# The organizations' names as in intranet/reference.py and translations/GLOSSARY.md.
RECIPIENTS = (
    "Ban Chỉ đạo phong trào “Toàn dân bảo vệ an ninh Tổ quốc” tỉnh Gia Lai",
    "Công an tỉnh Gia Lai",
    "Thường trực Đảng ủy, Hội đồng nhân dân xã Ia Krai",
    "Ủy ban Mặt trận Tổ quốc Việt Nam xã Ia Krai",
    "Công an xã Ia Krai",
)


def _run(paragraph, text: str, size: float = 14, bold: bool = False, italic: bool = False):  # type: ignore[no-untyped-def]
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


def _line(container, text: str = "", size: float = 14, bold: bool = False,  # type: ignore[no-untyped-def]
          italic: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER, after: float = 0):  # fmt: skip
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(after)
    if text:
        _run(paragraph, text, size, bold, italic)
    return paragraph


def _rule(container, length_cm: float, box_cm: float) -> None:  # type: ignore[no-untyped-def]
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


def _no_borders(table) -> None:  # type: ignore[no-untyped-def]
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _two_columns(document, left_cm: float, right_cm: float):  # type: ignore[no-untyped-def]
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    _widths(table, [left_cm, right_cm])
    for cell in table.rows[0].cells:
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return table.rows[0].cells


def _widths(table, widths_cm: list[float]) -> None:  # type: ignore[no-untyped-def]
    """Column widths that Word and LibreOffice both keep (the grid and every cell)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _page_number_header(section) -> None:  # type: ignore[no-untyped-def]
    """The page number centred at the top, from page 2 (the first page's header stays empty)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = _run(paragraph, "", 14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    inner = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    inner.append(text)
    field.append(inner)
    run._r.addnext(field)


def _setup(document) -> None:  # type: ignore[no-untyped-def]
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


def _heading_block(document, report: Report) -> None:  # type: ignore[no-untyped-def]
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


def _body(document, text: str, italic: bool = False, bold: bool = False):  # type: ignore[no-untyped-def]
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1.27)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.paragraph_format.line_spacing = 1.15
    _run(paragraph, text, 14, bold=bold, italic=italic)
    return paragraph


def _table(document, table: tables.Table) -> None:  # type: ignore[no-untyped-def]
    rows = table.rows + ([table.foot] if table.foot else [])
    columns = len(table.headers)
    grid = document.add_table(rows=1 + max(len(rows), 1), cols=columns)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    size = 12 if columns <= 5 else 11
    first = {2: 10.0, 3: 7.5, 4: 6.0, 5: 4.5}.get(columns, 3.6)
    _widths(grid, [first] + [(TEXT_WIDTH_CM - first) / (columns - 1)] * (columns - 1))
    for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
        _fill(cell, header, size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if not rows:
        merged = grid.rows[1].cells[0].merge(grid.rows[1].cells[-1])
        _fill(merged, _("None in this period."), size, bold=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    for index, row in enumerate(rows, start=1):
        is_foot = table.foot is not None and index == len(rows)
        for column, (cell, value) in enumerate(zip(grid.rows[index].cells, row, strict=True)):
            text = "" if value.value is None else _number(value.value)
            if value.is_number:
                align = WD_ALIGN_PARAGRAPH.RIGHT
            elif column == 0 or len(text) > 24:
                align = WD_ALIGN_PARAGRAPH.LEFT
            else:
                align = WD_ALIGN_PARAGRAPH.CENTER
            _fill(cell, text, size, bold=is_foot, align=align)
    _line(document, "", 6)


def _number(value: int | str) -> str:
    """Vietnamese grouping: 1.500.000."""
    return f"{value:,}".replace(",", ".") if isinstance(value, int) else value


def _fill(cell, text: str, size: float, bold: bool, align) -> None:  # type: ignore[no-untyped-def]
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    _run(paragraph, text, size, bold=bold)


def _signature(document, report: Report) -> None:  # type: ignore[no-untyped-def]
    left, right = _two_columns(document, 7.0, 9.5)
    _line(left, _("Recipients:"), 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for name in RECIPIENTS:
        _line(left, f"- {name};", 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(left, _("- Filed: Office."), 11, align=WD_ALIGN_PARAGRAPH.LEFT)
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
        for number, section in enumerate(sections):
            _body(document, f"{ROMAN[number]}. {section.title.upper()}", bold=True)
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
            )
        ):
            _body(document, f"{ROMAN[len(sections) + offset]}. {title.upper()}", bold=True)
            for paragraph in _paragraphs(text) or ["……………………………………………………………"]:
                _body(document, paragraph)
        _body(document, _("This is the report of the %(commune)s commune People's Committee.",
                          commune=current_app.config["COMMUNE_NAME"]))  # fmt: skip
        _signature(document, report)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
