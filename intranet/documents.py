"""Word documents laid out as Decree 30/2020/NĐ-CP (appendix I) sets it, shared by every feature.

A4; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm; Times New Roman, body 14 pt,
justified, first line indented 1.27 cm, 6 pt between paragraphs. At the top, in two columns:
the issuing body (bold, a short rule under it) and the document's number on the left; the
national title (bold, 12 pt), the motto (bold, 13 pt, a rule as long as it under it) and the
place and date (italic) on the right. Page numbers: centred in the header, from the second page
on. Features write their own heading, body and signature block with these pieces: the festival
day's report (`reports/document.py`), the assessments' sheets and decisions (`assessments/`).
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
from flask_babel import format_decimal
from flask_babel import gettext as _

FONT = "Times New Roman"
TEXT_WIDTH_CM = 16.5  # 210 mm less 30 mm and 15 mm
LEFT_CM, RIGHT_CM = 6.3, 10.2
CENTER = WD_PARAGRAPH_ALIGNMENT.CENTER
LEFT = WD_PARAGRAPH_ALIGNMENT.LEFT
RIGHT = WD_PARAGRAPH_ALIGNMENT.RIGHT
JUSTIFY = WD_PARAGRAPH_ALIGNMENT.JUSTIFY

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
    """Who receives the commune's documents ("Nơi nhận"): the REPORT_RECIPIENTS setting."""
    return tuple(current_app.config["REPORT_RECIPIENTS"])


def new_document() -> WordDocument:
    """An empty A4 document with Decree 30's margins, font and page numbers."""
    document = Document()
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
    return document


def to_bytes(document: WordDocument) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def run(
    paragraph: Paragraph, text: str, size: float = 14, bold: bool = False, italic: bool = False
) -> Run:
    piece = paragraph.add_run(text)
    piece.font.name = FONT
    piece.font.size = Pt(size)
    piece.bold = bold
    piece.italic = italic
    # East-Asian and complex-script fonts too, or Word falls back for Vietnamese letters.
    fonts = piece._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    return piece


def line(
    container: Container,
    text: str = "",
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align: WD_PARAGRAPH_ALIGNMENT = CENTER,
    after: float = 0,
) -> Paragraph:
    """One unindented line (headings, signature blocks), centred unless told otherwise."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(after)
    if text:
        run(paragraph, text, size, bold, italic)
    return paragraph


def body(document: Container, text: str, italic: bool = False, bold: bool = False) -> Paragraph:
    """A paragraph of the text: justified, first line indented, 6 pt after."""
    paragraph = document.add_paragraph()
    paragraph.alignment = JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1.27)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.paragraph_format.line_spacing = 1.15
    run(paragraph, text, 14, bold=bold, italic=italic)
    return paragraph


def paragraphs(text: str | None) -> list[str]:
    """The non-empty lines of a text typed in a textarea, one paragraph each."""
    return [part.strip() for part in (text or "").splitlines() if part.strip()]


def rule(container: Container, length_cm: float, box_cm: float) -> None:
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


def two_columns(document: WordDocument, left_cm: float, right_cm: float) -> tuple[_Cell, _Cell]:
    """Two borderless side-by-side boxes (the heading, the signature beside the recipients)."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    widths(table, [left_cm, right_cm])
    for cell in table.rows[0].cells:
        cell._tc.remove(cell.paragraphs[0]._p)
    left, right = table.rows[0].cells
    return left, right


def national_title(right: _Cell, place: str, year: int) -> None:
    """The right half of every heading: the national title, the motto and the place and date."""
    line(right, _("SOCIALIST REPUBLIC OF VIET NAM"), 12, bold=True)
    line(right, _("Independence - Freedom - Happiness"), 13, bold=True)
    rule(right, 6.0, RIGHT_CM)
    line(right, _("%(place)s, day … month … %(year)d", place=place, year=year), 14, italic=True)


def grid(document: WordDocument, rows: int, widths_cm: list[float]) -> Table:
    """A bordered, centred table with fixed column widths."""
    table = document.add_table(rows=rows, cols=len(widths_cm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths(table, widths_cm)
    return table


def widths(table: Table, widths_cm: list[float]) -> None:
    """Column widths that Word and LibreOffice both keep (the grid and every cell)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def fill(cell: _Cell, text: str, size: float, bold: bool, align: WD_PARAGRAPH_ALIGNMENT) -> None:
    """Write a cell's text (its first, empty paragraph)."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run(paragraph, text, size, bold=bold)


def number(value: int | str) -> str:
    """A count with the grouping of the current language (Vietnamese in the document: 1.500.000)."""
    return format_decimal(value) if isinstance(value, int) else value


def recipients_and_signature(
    document: WordDocument, on_behalf: str, title: str, signer: str, extra: tuple[str, ...] = ()
) -> None:
    """The foot of a commune document: "Nơi nhận" on the left, the signature on the right."""
    left, right = two_columns(document, 7.0, 9.5)
    line(left, _("Recipients:"), 12, bold=True, italic=True, align=LEFT)
    for name in (*extra, *recipients()):
        line(left, f"- {name};", 11, align=LEFT)
    line(left, _("- Filed: Office."), 11, align=LEFT)
    if on_behalf:
        line(right, on_behalf, 14, bold=True)
    line(right, title, 14, bold=True)
    for _blank in range(4):
        line(right, "", 14)
    line(right, signer, 14, bold=True)


def _no_borders(table: Table) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _page_number_header(section: Section) -> None:
    """The page number centred at the top, from page 2 (the first page's header stays empty)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    piece = run(paragraph, "", 14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    inner = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    inner.append(text)
    field.append(inner)
    piece._r.addnext(field)
