"""A village's scoring sheet (Bảng chấm điểm) as a Word document, in the Decree 30/2020 layout.

The page, fonts, heading block and rules are the festival-day report's (reports/document.py
lays them out; its helpers are reused here rather than copied). The table has the columns the
Decision 510 sheet names: TT, nội dung chấm điểm, điểm chuẩn, điểm tự chấm, điểm cấp trên chấm;
groups in bold, a line without a score left empty, the totals at the foot, then the proposed
and accepted (or decided) labels. Always in Vietnamese, whatever the user's language.
"""

from io import BytesIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from intranet.assessments import scoring
from intranet.models import Assessment
from intranet.models import CriteriaSet
from intranet.models import CriterionMode
from intranet.reports.document import _body
from intranet.reports.document import _fill
from intranet.reports.document import _line
from intranet.reports.document import _rule
from intranet.reports.document import _setup
from intranet.reports.document import _two_columns
from intranet.reports.document import _widths
from intranet.reports.document import LEFT_CM
from intranet.reports.document import RIGHT_CM
from intranet.reports.document import TEXT_WIDTH_CM

WIDTHS_CM = [1.3, 9.2, 2.0, 2.0, 2.0]


def _score(value: int | None, gate: bool) -> str:
    if value is None:
        return ""
    if gate:
        return _("met") if value == 1 else _("not met")
    return str(value)


def _heading(document, assessment: Assessment, criteria_set: CriteriaSet) -> None:  # type: ignore[no-untyped-def]
    commune = current_app.config["COMMUNE_NAME"]
    left, right = _two_columns(document, LEFT_CM, RIGHT_CM)
    _line(left, _("%(commune)s COMMUNE", commune=commune.upper()), 13, bold=True)
    _line(left, assessment.village.display_name.upper(), 13, bold=True)
    _rule(left, 2.0, LEFT_CM)
    _line(right, _("SOCIALIST REPUBLIC OF VIET NAM"), 12, bold=True)
    _line(right, _("Independence - Freedom - Happiness"), 13, bold=True)
    _rule(right, 6.0, RIGHT_CM)
    _line(right, _("%(place)s, day … month … %(year)d", place=commune, year=assessment.year), 14,
          italic=True)  # fmt: skip
    _line(document, "", 8)
    _line(document, _("SCORING SHEET"), 14, bold=True)
    _line(document, criteria_set.title, 14, bold=True)
    _line(document, _("Year %(year)d", year=assessment.year), 14, bold=True)
    _line(document, criteria_set.legal_basis, 12, italic=True)
    _rule(document, 4.0, TEXT_WIDTH_CM)


def _table(document, assessment: Assessment, criteria_set: CriteriaSet) -> None:  # type: ignore[no-untyped-def]
    tree = criteria_set.criteria
    lines = {line.criterion_id: line for line in assessment.lines}
    leaves = {c.id for c in scoring.leaves(tree)}
    own = {cid: line.self_score for cid, line in lines.items()}
    review = {cid: line.review_score for cid, line in lines.items()}
    own_groups, review_groups = scoring.group_totals(tree, own), scoring.group_totals(tree, review)
    reviewed = assessment.review_by_id is not None
    grid = document.add_table(rows=2 + len(tree), cols=5)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(grid, WIDTHS_CM)
    headers = (_("No."), _("Content"), _("Standard points"), _("Own score"), _("Reviewing score"))
    for cell, header in zip(grid.rows[0].cells, headers, strict=True):
        _fill(cell, header, 12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    right, left = WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT
    for row, criterion in zip(grid.rows[1:], tree, strict=False):
        gate = criterion.mode == CriterionMode.gate
        group = criterion.id not in leaves
        if group:
            cells = (
                str(criterion.max_points or ""),
                str(own_groups.get(criterion.id, 0)) if criterion.max_points else "",
                str(review_groups.get(criterion.id, 0))
                if criterion.max_points and reviewed
                else "",
            )
        else:
            line = lines.get(criterion.id)
            cells = (
                _("condition") if gate else str(criterion.max_points),
                _score(line.self_score if line else None, gate),
                _score(line.review_score if line else None, gate),
            )
        _fill(row.cells[0], criterion.code, 12, bold=group, align=WD_ALIGN_PARAGRAPH.CENTER)
        _fill(row.cells[1], criterion.text, 12, bold=group, align=left)
        for cell, text in zip(row.cells[2:], cells, strict=True):
            _fill(cell, text, 12, bold=group, align=right)
    own_result = scoring.result(tree, criteria_set.levels, own)
    review_result = scoring.result(tree, criteria_set.levels, review)
    foot = grid.rows[-1].cells
    _fill(foot[0].merge(foot[1]), _("Total"), 12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    totals = (str(own_result.maximum), str(own_result.total),
              str(review_result.total) if reviewed else "")  # fmt: skip
    for cell, text in zip(foot[2:], totals, strict=True):
        _fill(cell, text, 12, bold=True, align=right)
    _line(document, "", 6)
    _body(document, _("Rating proposed by the village: %(label)s.", label=own_result.level))
    if assessment.decided_label:
        _body(document, _("Rating decided: %(label)s (decision No. %(number)s).",
                          label=assessment.decided_label, number=assessment.decision.number),
              bold=True)  # fmt: skip
    elif assessment.reviewed_label:
        _body(document, _("Rating after the commune police's review: %(label)s.",
                          label=assessment.reviewed_label), bold=True)  # fmt: skip


def _signature(document) -> None:  # type: ignore[no-untyped-def]
    left, right = _two_columns(document, 8.0, 8.5)
    _line(left, _("CONFIRMED BY THE COMMUNE POLICE"), 13, bold=True)
    _line(right, _("VILLAGE HEAD"), 13, bold=True)
    for _blank in range(4):
        _line(right, "", 14)


def docx_bytes(assessment: Assessment, criteria_set: CriteriaSet) -> bytes:
    """The village's scoring sheet, ready to sign and file with the dossier."""
    with force_locale("vi"):
        document = Document()
        _setup(document)
        _heading(document, assessment, criteria_set)
        _line(document, "", 6)
        _table(document, assessment, criteria_set)
        _signature(document)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
