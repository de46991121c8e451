"""The chair's decision on the ratings (Quyết định xếp loại Tổ bảo vệ an ninh, trật tự và tổ
viên) as a Word document in Decree 30/2020's layout, and its lists as a workbook.

The page, heading pieces, tables and signature come from `intranet/documents.py`. Before the
decision the document says "DRAFT" and leaves the number and date blank. The lists are the
decision's annex: the teams, then the members, each with the rating; always in Vietnamese.
"""

from collections import Counter
from io import BytesIO

from docx.document import Document as WordDocument
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from intranet import documents as layout
from intranet import spreadsheets
from intranet.assessments import ratings_workflow as workflow
from intranet.documents import CENTER
from intranet.documents import LEFT
from intranet.documents import LEFT_CM
from intranet.documents import RIGHT_CM
from intranet.documents import TEXT_WIDTH_CM
from intranet.models import CriteriaSet
from intranet.models import Position
from intranet.models import RatingDraft
from intranet.models import RatingRow
from intranet.models import RatingStatus

TEAM_WIDTHS_CM = [1.3, 8.2, 7.0]
MEMBER_WIDTHS_CM = [1.2, 5.0, 2.6, 3.7, 4.0]
POSITIONS = {1: Position.leader, 2: Position.deputy, 3: Position.member}


def _position(row: RatingRow) -> str:
    return POSITIONS[row.position_order].label if row.position_order in POSITIONS else ""


def _decided(draft: RatingDraft) -> bool:
    return draft.status == RatingStatus.decided


def _heading(document: WordDocument, draft: RatingDraft) -> None:
    commune = current_app.config["COMMUNE_NAME"]
    left, right = layout.two_columns(document, LEFT_CM, RIGHT_CM)
    layout.line(left, _("PEOPLE'S COMMITTEE"), 13, bold=True)
    layout.line(left, _("OF %(commune)s COMMUNE", commune=commune.upper()), 13, bold=True)
    layout.rule(left, 2.0, LEFT_CM)
    number = draft.number if _decided(draft) else "      /QĐ-UBND"
    layout.line(left, _("No.: %(number)s", number=number), 13)
    layout.line(right, _("SOCIALIST REPUBLIC OF VIET NAM"), 12, bold=True)
    layout.line(right, _("Independence - Freedom - Happiness"), 13, bold=True)
    layout.rule(right, 6.0, RIGHT_CM)
    if _decided(draft) and draft.signed_on is not None:
        day = draft.signed_on
        when = _("%(place)s, day %(day)02d month %(month)02d %(year)d",
                 place=commune, day=day.day, month=day.month, year=day.year)  # fmt: skip
    else:
        when = _("%(place)s, day … month … %(year)d", place=commune, year=draft.year)
    layout.line(right, when, 14, italic=True)
    layout.line(document, "", 8)
    if not _decided(draft):
        layout.line(document, _("DRAFT"), 13, bold=True)
    layout.line(document, _("DECISION"), 14, bold=True)
    layout.line(document, _("On rating the security and order protection teams and their members "
                            "in %(year)d", year=draft.year), 14, bold=True)  # fmt: skip
    layout.rule(document, 4.0, TEXT_WIDTH_CM)
    layout.line(document, _("CHAIR OF THE PEOPLE'S COMMITTEE OF %(commune)s COMMUNE",
                            commune=commune.upper()), 14, bold=True)  # fmt: skip


def _body(document: WordDocument, draft: RatingDraft, criteria_set: CriteriaSet,
          rows: list[RatingRow]) -> None:  # fmt: skip
    first, last = workflow.period_of(criteria_set, draft.year)
    layout.body(
        document, _("Pursuant to the Law on Organization of Local Government;"), italic=True
    )
    layout.body(document, _("Pursuant to the Law on Forces Participating in Protecting Security "
                            "and Order at the Grassroots Level of 2023;"), italic=True)  # fmt: skip
    layout.body(document, _("Pursuant to %(basis)s;", basis=criteria_set.legal_basis), italic=True)
    layout.body(document, _("At the proposal of the Chief of the commune police (the standing "
                            "office of the steering committee)."), italic=True)  # fmt: skip
    layout.line(document, _("DECIDES:"), 14, bold=True)
    teams = [r for r in rows if r.member_id is None]
    members = [r for r in rows if r.member_id is not None]
    layout.body(document, _("Article 1. To rate the security and order protection teams and their "
                            "members for the period from %(first)s to %(last)s as in the attached "
                            "lists:", first=first.strftime("%d/%m/%Y"),
                            last=last.strftime("%d/%m/%Y")))  # fmt: skip
    order = [level.label for level in criteria_set.levels] + [draft.not_rated_label]
    for what, found in ((_("Teams"), teams), (_("Members"), members)):
        counts = Counter(r.label for r in found)
        parts = [f"{label}: {counts[label]}" for label in order if counts[label]]
        layout.body(document, f"- {what}: " + "; ".join(parts) + ".")
    layout.body(document, _("Article 2. The commune police, as the standing office of the "
                            "steering committee, announce the ratings to the teams and their "
                            "members and keep them in the records."))  # fmt: skip
    layout.body(document, _("Article 3. The Office of the People's Committee, the commune police, "
                            "the village heads, the teams and the persons named in Article 1 "
                            "carry out this decision, which takes effect on the date of "
                            "signing."))  # fmt: skip
    title = _("CHAIR")
    signer = draft.signer if _decided(draft) else ""
    layout.recipients_and_signature(
        document, _("ON BEHALF OF THE PEOPLE'S COMMITTEE"), title, signer, (_("As Article 3"),)
    )


def _lists(document: WordDocument, draft: RatingDraft, rows: list[RatingRow]) -> None:
    teams = [r for r in rows if r.member_id is None]
    members = [r for r in rows if r.member_id is not None]
    names = {r.team_id: r.full_name for r in teams}
    layout.line(document, "", 8)
    layout.line(document, _("LIST OF THE TEAMS RATED"), 14, bold=True)
    if _decided(draft):
        layout.line(document, _("(Attached to Decision No. %(number)s)", number=draft.number),
                    13, italic=True)  # fmt: skip
    grid = layout.grid(document, 1 + len(teams), TEAM_WIDTHS_CM)
    headers = (_("No."), _("Team (village)"), _("Rating"))
    for cell, header in zip(grid.rows[0].cells, headers, strict=True):
        layout.fill(cell, header, 12, bold=True, align=CENTER)
    for number, (row, line) in enumerate(zip(grid.rows[1:], teams, strict=True), start=1):
        for cell, text in zip(row.cells, (str(number), line.full_name, line.label), strict=True):
            layout.fill(cell, text, 12, bold=False, align=LEFT)
    layout.line(document, "", 8)
    layout.line(document, _("LIST OF THE MEMBERS RATED"), 14, bold=True)
    grid = layout.grid(document, 1 + len(members), MEMBER_WIDTHS_CM)
    headers = (_("No."), _("Full name"), _("Position"), _("Team (village)"), _("Rating"))
    for cell, header in zip(grid.rows[0].cells, headers, strict=True):
        layout.fill(cell, header, 12, bold=True, align=CENTER)
    for number, (row, line) in enumerate(zip(grid.rows[1:], members, strict=True), start=1):
        team = names.get(line.team_id, "")
        texts = (str(number), line.full_name, _position(line), team, line.label)
        for cell, text in zip(row.cells, texts, strict=True):
            layout.fill(cell, text, 11, bold=False, align=LEFT)


def docx_bytes(draft: RatingDraft, criteria_set: CriteriaSet) -> bytes:
    """The decision with its lists, ready to sign (or, before the decision, to check)."""
    rows = workflow.rows_of(draft)
    with force_locale("vi"):
        document = layout.new_document()
        _heading(document, draft)
        layout.line(document, "", 6)
        _body(document, draft, criteria_set, rows)
        _lists(document, draft, rows)
    return layout.to_bytes(document)


WIDTHS = (6, 30, 16, 28, 30, 40)


def xlsx_bytes(draft: RatingDraft, criteria_set: CriteriaSet) -> bytes:
    """The teams and the members with their ratings: one sheet each, text cells as text."""
    rows = workflow.rows_of(draft)
    names = {r.team_id: r.full_name for r in rows if r.member_id is None}
    book = Workbook()
    with force_locale("vi"):
        state = _("Decision No. %(number)s", number=draft.number) if _decided(draft) else _("DRAFT")
        title = f"{criteria_set.title} – {_('Year %(year)d', year=draft.year)} – {state}"
        sheets = (
            (_("Teams"), [r for r in rows if r.member_id is None],
             [_("No."), _("Team (village)"), "", "", _("Rating"), _("Note")]),
            (_("Members"), [r for r in rows if r.member_id is not None],
             [_("No."), _("Full name"), _("Position"), _("Team (village)"), _("Rating"),
              _("Note")]),
        )  # fmt: skip
        first = True
        for name, found, headers in sheets:
            sheet = book.active if first else book.create_sheet()
            first = False
            sheet.title = name[:31]
            spreadsheets.heading(sheet, title, criteria_set.legal_basis, headers)
            for number, row in enumerate(found, start=1):
                if row.member_id is None:
                    values = [number, row.full_name, "", "", row.label, row.note]
                else:
                    values = [number, row.full_name, _position(row), names.get(row.team_id, ""),
                              row.label, row.note]  # fmt: skip
                sheet.append(spreadsheets.row(sheet, values))
            sheet.freeze_panes = "C5"
            for index, width in enumerate(WIDTHS, start=1):
                sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
