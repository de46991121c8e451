"""A unit's scoring sheet (Bảng chấm điểm) as a Word document, in the Decree 30/2020 layout.

The page, fonts, heading and rules come from `intranet/documents.py`, as for the festival
day's report. The table has the columns the
Decision 510 sheet names: TT, nội dung chấm điểm, điểm chuẩn, điểm tự chấm, điểm cấp trên chấm;
groups in bold, a line without a score left empty, the totals at the foot, then the proposed
and accepted (or decided) labels. Always in Vietnamese, whatever the user's language.
"""

from docx.document import Document as WordDocument
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from intranet import documents as layout
from intranet.assessments import scoring
from intranet.documents import CENTER
from intranet.documents import LEFT
from intranet.documents import LEFT_CM
from intranet.documents import RIGHT
from intranet.documents import RIGHT_CM
from intranet.documents import TEXT_WIDTH_CM
from intranet.models import Assessment
from intranet.models import CriteriaSet
from intranet.models import CriterionMode
from intranet.models import UnitKind

WIDTHS_CM = [1.3, 9.2, 2.0, 2.0, 2.0]


def _score(value: int | None, gate: bool) -> str:
    if value is None:
        return ""
    if gate:
        return _("met") if value == 1 else _("not met")
    return str(value)


def _heading(document: WordDocument, assessment: Assessment, criteria_set: CriteriaSet) -> None:
    commune = current_app.config["COMMUNE_NAME"]
    left, right = layout.two_columns(document, LEFT_CM, RIGHT_CM)
    layout.line(left, _("%(commune)s COMMUNE", commune=commune.upper()), 13, bold=True)
    if assessment.village is not None or assessment.unit_kind != UnitKind.commune:
        layout.line(left, assessment.unit_name.upper(), 13, bold=True)
    layout.rule(left, 2.0, LEFT_CM)
    layout.national_title(right, commune, assessment.year)
    layout.line(document, "", 8)
    layout.line(document, _("SCORING SHEET"), 14, bold=True)
    layout.line(document, criteria_set.title, 14, bold=True)
    layout.line(document, _("Year %(year)d", year=assessment.year), 14, bold=True)
    layout.line(document, criteria_set.legal_basis, 12, italic=True)
    layout.rule(document, 4.0, TEXT_WIDTH_CM)


def _table(document: WordDocument, assessment: Assessment, criteria_set: CriteriaSet) -> None:
    tree = criteria_set.criteria
    lines = {line.criterion_id: line for line in assessment.lines}
    leaves = {c.id for c in scoring.leaves(tree)}
    own = {cid: line.self_score for cid, line in lines.items()}
    review = {cid: line.review_score for cid, line in lines.items()}
    own_groups, review_groups = scoring.group_totals(tree, own), scoring.group_totals(tree, review)
    reviewed = assessment.review_by_id is not None
    grid = layout.grid(document, 2 + len(tree), WIDTHS_CM)
    headers = (_("No."), _("Content"), _("Standard points"), _("Own score"), _("Reviewing score"))
    for cell, header in zip(grid.rows[0].cells, headers, strict=True):
        layout.fill(cell, header, 12, bold=True, align=CENTER)
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
        layout.fill(row.cells[0], criterion.code, 12, bold=group, align=CENTER)
        layout.fill(row.cells[1], criterion.text, 12, bold=group, align=LEFT)
        for cell, text in zip(row.cells[2:], cells, strict=True):
            layout.fill(cell, text, 12, bold=group, align=RIGHT)
    own_result = scoring.result(tree, criteria_set.levels, own)
    review_result = scoring.result(tree, criteria_set.levels, review)
    foot = grid.rows[-1].cells
    layout.fill(foot[0].merge(foot[1]), _("Total"), 12, bold=True, align=CENTER)
    totals = (str(own_result.maximum), str(own_result.total),
              str(review_result.total) if reviewed else "")  # fmt: skip
    for cell, text in zip(foot[2:], totals, strict=True):
        layout.fill(cell, text, 12, bold=True, align=RIGHT)
    layout.line(document, "", 6)
    if assessment.village is not None:
        proposed = _("Rating proposed by the village: %(label)s.", label=own_result.level)
    else:
        proposed = _("Rating proposed by the unit: %(label)s.", label=own_result.level)
    layout.body(document, proposed)
    if assessment.decided_label:
        layout.body(document, _("Rating decided: %(label)s (decision No. %(number)s).",
                          label=assessment.decided_label, number=assessment.decision.number),
              bold=True)  # fmt: skip
    elif assessment.reviewed_label:
        layout.body(document, _("Rating after the commune police's review: %(label)s.",
                          label=assessment.reviewed_label), bold=True)  # fmt: skip


def _signature(document: WordDocument) -> None:
    left, right = layout.two_columns(document, 8.0, 8.5)
    layout.line(left, _("CONFIRMED BY THE COMMUNE POLICE"), 13, bold=True)
    layout.line(right, _("VILLAGE HEAD"), 13, bold=True)
    for _blank in range(4):
        layout.line(right, "", 14)


def docx_bytes(assessment: Assessment, criteria_set: CriteriaSet) -> bytes:
    """The village's scoring sheet, ready to sign and file with the dossier."""
    with force_locale("vi"):
        document = layout.new_document()
        _heading(document, assessment, criteria_set)
        layout.line(document, "", 6)
        _table(document, assessment, criteria_set)
        _signature(document)
    return layout.to_bytes(document)
