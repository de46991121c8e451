"""The lists of the commune's papers as workbooks: the proposal's list (Thống kê danh sách chấm
điểm, mức đề xuất phân loại) and the decision's list, the same rows as in the documents
(intranet/assessments/papers.py). Every string through intranet.spreadsheets (text, never a
formula); always in Vietnamese."""

from io import BytesIO

from flask_babel import force_locale
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from intranet import spreadsheets
from intranet.assessments import papers
from intranet.models import ChairDecision
from intranet.models import CriteriaSet

WIDTHS = (6, 30, 16, 16, 34)


def _workbook(
    name: str, title: str, basis: str, headers: list[str], rows: list[list[str]]
) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = name[:31]
    spreadsheets.heading(sheet, title, basis, headers)
    for values in rows:
        # Numbers (order, scores) as numbers, so the list sorts and sums; labels as text.
        sheet.append(spreadsheets.row(sheet, [int(v) if v.isdigit() else v for v in values]))
    sheet.freeze_panes = "C5"
    for index, width in enumerate(WIDTHS[: len(headers)], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def proposal_xlsx(criteria_set: CriteriaSet, year: int) -> bytes:
    """The proposal's list of every unit, its scores and the rating proposed."""
    with force_locale("vi"):
        headers, rows = papers.proposal_table(
            criteria_set, papers.proposal_rows(criteria_set, year)
        )
        title = papers.list_title(criteria_set, year)
        return _workbook(criteria_set.code, title, criteria_set.legal_basis, headers, rows)


def decision_xlsx(criteria_set: CriteriaSet, decision: ChairDecision) -> bytes:
    """The decision's list (its annex)."""
    with force_locale("vi"):
        headers, rows = papers.decision_table(
            criteria_set, papers.decision_rows(criteria_set, decision)
        )
        title = papers.annex_title(criteria_set, decision.year)
        basis = papers.attached_to(decision)
        return _workbook(criteria_set.code, title, basis, headers, rows)
