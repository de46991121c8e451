"""The list of a set's assessments for a year as a workbook (Thống kê danh sách chấm điểm, mức đề
xuất phân loại): every unit the set judges (villages, the commune, or the agencies and
enterprises) with the state of its latest decided revision (else its latest), its own and
reviewing totals, the proposed level and the result. Text cells through intranet.spreadsheets;
numbers stay numbers."""

from io import BytesIO

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intranet import spreadsheets
from intranet.assessments import scoring
from intranet.assessments import units
from intranet.models import Assessment
from intranet.models import AssessmentStatus
from intranet.models import CriteriaSet
from intranet.models import db
from intranet.models import UnitKind
from intranet.models import Village

WIDTHS = (6, 28, 30, 14, 14, 28, 28)


def _rows(criteria_set: CriteriaSet, year: int) -> list[list[object]]:
    """One row per unit, in the workspace's order: three queries, whatever the number of
    units. A corrected unit shows its latest decided revision (the list that was decided)."""
    places = units.of_kind(criteria_set.unit_kind)
    chosen: dict[tuple[str, int], Assessment] = {}
    for a in db.session.scalars(
        select(Assessment)
        .where(Assessment.set_id == criteria_set.id, Assessment.year == year)
        .order_by(Assessment.revision)
        .options(selectinload(Assessment.lines))
    ):
        key = ("v", a.village_id) if a.village_id is not None else ("u", a.unit_id or 0)
        held = chosen.get(key)
        if held is None or held.status != AssessmentStatus.decided or a.status == held.status:
            chosen[key] = a
    tree, levels = criteria_set.criteria, criteria_set.levels
    rows: list[list[object]] = []
    for number, place in enumerate(places, start=1):
        assessment = chosen.get(("v" if isinstance(place, Village) else "u", place.id))
        if assessment is None:
            rows.append([number, place.display_name, _("Not started"), None, None, "", ""])
            continue
        own = {line.criterion_id: line.self_score for line in assessment.lines}
        review = {line.criterion_id: line.review_score for line in assessment.lines}
        reviewed = assessment.review_by_id is not None
        rows.append(
            [
                number,
                place.display_name,
                assessment.status_label,
                scoring.result(tree, levels, own).total,
                scoring.result(tree, levels, review).total if reviewed else None,
                assessment.proposed_label,
                assessment.decided_label or assessment.reviewed_label,
            ]
        )
    return rows


def xlsx_bytes(criteria_set: CriteriaSet, year: int) -> bytes:
    """The list, in Vietnamese whatever the user's language."""
    with force_locale("vi"):
        title = f"{criteria_set.title} – {_('Year %(year)d', year=year)}"
        headers = [
            _("No."), _("Village") if criteria_set.unit_kind == UnitKind.village else _("Unit"),
            _("State"), _("Own score"), _("Reviewing score"),
            _("Proposed rating"), _("Rating result"),
        ]  # fmt: skip
        rows = _rows(criteria_set, year)
    book = Workbook()
    sheet = book.active
    sheet.title = criteria_set.code[:31]
    spreadsheets.heading(sheet, title, criteria_set.legal_basis, headers)
    for row in rows:
        sheet.append(spreadsheets.row(sheet, row))
    sheet.freeze_panes = "C5"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
