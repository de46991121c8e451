"""The festival day's report as a Word document (Decree 30/2020's layout: `intranet/documents.py`).

The kind of document ("BÁO CÁO") and its summary, bold and centred, a short rule; the numbered
sections with their tables and chosen photos (two per row, as wide as half the text, captioned
in italics); the signature block ("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH") beside the
recipients ("Nơi nhận:" bold italic 12 pt, the list in 11 pt).
"""

from io import BytesIO

from docx.document import Document as WordDocument
from docx.shared import Cm
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from intranet import documents as layout
from intranet.documents import CENTER
from intranet.documents import LEFT
from intranet.documents import LEFT_CM
from intranet.documents import RIGHT
from intranet.documents import RIGHT_CM
from intranet.documents import TEXT_WIDTH_CM
from intranet.reports import photos as report_photos
from intranet.reports import tables
from intranet.reports.figures import Report
from intranet.reports.photos import Photo

# Photos two per row, each in a borderless half of the text width, never taller than this.
PHOTO_CELL_CM = TEXT_WIDTH_CM / 2
PHOTO_WIDTH_CM = PHOTO_CELL_CM - 0.5  # the cell's own margins, and a gap between the two
PHOTO_HEIGHT_CM = 6.0


def _heading_block(document: WordDocument, report: Report) -> None:
    commune = current_app.config["COMMUNE_NAME"]
    left, right = layout.two_columns(document, LEFT_CM, RIGHT_CM)
    layout.line(left, _("PEOPLE'S COMMITTEE"), 13, bold=True)
    layout.line(left, _("%(commune)s COMMUNE", commune=commune.upper()), 13, bold=True)
    layout.rule(left, 2.0, LEFT_CM)
    number = report.narrative.number if report.narrative and report.narrative.number else "      "
    layout.line(left, _("No. %(number)s/BC-UBND", number=number), 13)
    layout.national_title(right, commune, report.year)
    layout.line(document, "", 8)
    layout.line(document, _("REPORT"), 14, bold=True)
    layout.line(document, _("Review of the movement “All people protect national security” in "
                            "%(year)d", year=report.year), 14, bold=True)  # fmt: skip
    layout.rule(document, 4.0, TEXT_WIDTH_CM)


def _table(document: WordDocument, table: tables.Table) -> None:
    rows = table.rows + ([table.foot] if table.foot else [])
    columns = len(table.headers)
    size = 12 if columns <= 5 else 11
    first = {2: 10.0, 3: 7.5, 4: 6.0, 5: 4.5}.get(columns, 3.6)
    rest = [(TEXT_WIDTH_CM - first) / (columns - 1)] * (columns - 1)
    grid = layout.grid(document, 1 + max(len(rows), 1), [first, *rest])
    for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
        layout.fill(cell, header, size, bold=True, align=CENTER)
    if not rows:
        merged = grid.rows[1].cells[0].merge(grid.rows[1].cells[-1])
        layout.fill(merged, _("None in this period."), size, bold=False, align=CENTER)
    for index, row in enumerate(rows, start=1):
        is_foot = table.foot is not None and index == len(rows)
        for column, (cell, value) in enumerate(zip(grid.rows[index].cells, row, strict=True)):
            text = "" if value.value is None else layout.number(value.value)
            if value.is_number:
                align = RIGHT
            elif column == 0 or len(text) > 24:
                align = LEFT
            else:
                align = CENTER
            layout.fill(cell, text, size, bold=is_foot, align=align)
    layout.line(document, "", 6)


def _photo_size(photo: Photo) -> tuple[float, float]:
    """The photo's width and height on paper: as wide as its half of the text, no taller than
    PHOTO_HEIGHT_CM (a portrait photo is narrower), its proportions kept."""
    ratio = (photo.height / photo.width) if photo.width and photo.height else 0.75
    width = min(PHOTO_WIDTH_CM, PHOTO_HEIGHT_CM / ratio)
    return width, width * ratio


def _photos(document: WordDocument, shown: list[Photo], data: dict[int, bytes]) -> None:
    """The section's photos, two per row, each captioned “Ảnh: <title> (<dd/mm/yyyy>)”."""
    shown = [photo for photo in shown if data.get(photo.attachment_id)]
    for start in range(0, len(shown), 2):
        left, right = layout.two_columns(document, PHOTO_CELL_CM, PHOTO_CELL_CM)
        for cell, photo in zip((left, right), shown[start : start + 2], strict=False):
            picture = layout.line(cell, "", 12)
            width, height = _photo_size(photo)
            picture.add_run().add_picture(
                BytesIO(data[photo.attachment_id]), width=Cm(width), height=Cm(height)
            )
            layout.line(cell, photo.caption, 12, italic=True, after=6)
        if len(shown[start : start + 2]) == 1:
            layout.line(right, "", 12)  # a cell needs a paragraph
        layout.line(document, "", 4)


def _signature(document: WordDocument, report: Report) -> None:
    signer = report.narrative.signer if report.narrative and report.narrative.signer else ""
    layout.recipients_and_signature(
        document, _("ON BEHALF OF THE PEOPLE'S COMMITTEE"), _("CHAIR"), signer
    )


def docx_bytes(report: Report, chosen: dict[str, list[Photo]] | None = None) -> bytes:
    """The report in Vietnamese (whatever the user's language), ready for the chair to sign,
    with the photos chosen for its sections (``photos.chosen``)."""
    chosen = chosen or {}
    data = report_photos.image_bytes(photo for shown in chosen.values() for photo in shown)
    with force_locale("vi"):
        document = layout.new_document()
        _heading_block(document, report)
        layout.line(document, "", 6)
        layout.body(
            document,
            _("The %(commune)s commune People's Committee reports on the movement “All people "
              "protect national security” from %(start)s to %(end)s, against the same period of "
              "the year before, from the data approved in the commune intranet, as follows:",
              commune=current_app.config["COMMUNE_NAME"],
              start=f"{report.period.start:%d/%m/%Y}", end=f"{report.period.end:%d/%m/%Y}"),
        )  # fmt: skip
        sections = tables.sections(report)
        for number, section in enumerate(sections, start=1):
            layout.body(document, f"{layout.roman(number)}. {section.title.upper()}", bold=True)
            for index, table in enumerate(section.tables, start=1):
                layout.body(document, f"{index}. {table.title}", italic=True, bold=True)
                _table(document, table)
            for note in section.notes:
                layout.body(document, note, italic=True)
            _photos(document, chosen.get(section.key, []), data)
        narrative = report.narrative
        for offset, (title, text) in enumerate(
            (
                (_("General assessment"), narrative.assessment if narrative else ""),
                (_("Tasks for next year"), narrative.tasks if narrative else ""),
            ),
            start=1,
        ):
            layout.body(
                document, f"{layout.roman(len(sections) + offset)}. {title.upper()}", bold=True
            )
            for paragraph in layout.paragraphs(text) or ["……………………………………………………………"]:
                layout.body(document, paragraph)
        layout.body(document, _("This is the report of the %(commune)s commune People's Committee.",
                          commune=current_app.config["COMMUNE_NAME"]))  # fmt: skip
        _signature(document, report)
    return layout.to_bytes(document)
