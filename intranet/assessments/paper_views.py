"""The commune's papers of a set's year, to download (issue 17, item 5): the police's proposal
(Tờ trình) and its list, each appraisal meeting's record (Biên bản) and each chair's decision
(Quyết định) and its list. Registered on the assessments blueprint.

Who: ``view_assessment_papers`` (the commune's offices, not the village accounts). When: the
proposal once every village is accepted (the police may draw it before, as a draft), a record
once its meeting is recorded, a decision once it is decided; before that the paper is 404.
"""

from dataclasses import dataclass
from typing import Any

from flask import abort
from flask import request
from flask import Response
from sqlalchemy import select

from intranet.assessments import appraisal
from intranet.assessments import lists
from intranet.assessments import papers
from intranet.assessments import sets
from intranet.assessments.routes import bp
from intranet.models import AppraisalMeeting
from intranet.models import Assessment
from intranet.models import ChairDecision
from intranet.models import CriteriaSet
from intranet.models import db
from intranet.models import User
from intranet.periods import EARLIEST
from intranet.periods import latest
from intranet.permissions import Action
from intranet.permissions import can
from intranet.permissions import current_actor
from intranet.permissions import require

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Papers:
    """The papers of a set's year the viewer may download now."""

    proposal: bool  # the proposal and its list
    final: bool  # every village accepted: the proposal is no longer a draft
    meetings: list[AppraisalMeeting]
    decisions: list[ChairDecision]


def available(criteria_set: CriteriaSet, year: int, user: User) -> Papers | None:
    """What the workspace links to (None: the viewer sees none of the commune's papers)."""
    if not can(user, Action.view_assessment_papers):
        return None
    final = papers.ready(criteria_set, year)
    started = db.session.scalar(
        select(Assessment.id)
        .where(Assessment.set_id == criteria_set.id, Assessment.year == year)
        .limit(1)
    )
    draft = started is not None and can(user, Action.appraise_assessments)
    return Papers(
        proposal=final or draft,
        final=final,
        meetings=_meetings(criteria_set, year),
        decisions=_decisions(criteria_set, year),
    )


@bp.context_processor
def _workspace_helpers() -> dict[str, Any]:
    """What the workspace's set boxes ask: the papers, the appraisal form's rows and labels."""
    return {
        "assessment_papers": lambda criteria_set, year: available(
            criteria_set, year, current_actor()
        ),
        "appraisal_waiting": appraisal.waiting,
        "set_labels": lambda criteria_set: [
            level.label for level in sets.with_tree(criteria_set.id).levels
        ],
    }


def _set(year: int, code: str) -> CriteriaSet:
    require(Action.view_assessment_papers)
    if not EARLIEST.year <= year <= latest().year:
        abort(404)
    found = sets.set_for(code, year)
    if found is None:
        abort(404)
    return found


def _download(body: bytes, mimetype: str, name: str) -> Response:
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def _proposal_set(year: int, code: str) -> CriteriaSet:
    criteria_set = _set(year, code)
    shown = available(criteria_set, year, current_actor())
    if shown is None or not shown.proposal:
        abort(404)
    return criteria_set


def _chosen(rows: list[Any], key: str) -> Any:
    """The meeting or decision named by ``?<key>=<id>``, else the latest; 404 when none."""
    if not rows:
        abort(404)
    wanted = request.args.get(key, type=int)
    if wanted is None:
        return rows[-1]
    found = next((row for row in rows if row.id == wanted), None)
    if found is None:
        abort(404)
    return found


@bp.route("/assessments/<int:year>/<code>/proposal.docx")
def proposal_docx(year: int, code: str) -> Response:
    """The commune police's proposal to the chair (Tờ trình) with the list of units."""
    criteria_set = _proposal_set(year, code)
    body = papers.proposal_docx(criteria_set, year)
    return _download(body, DOCX, f"to-trinh-{code}-{year}.docx")


@bp.route("/assessments/<int:year>/<code>/proposal.xlsx")
def proposal_xlsx(year: int, code: str) -> Response:
    """The proposal's list (units, scores, proposed ratings) as a workbook."""
    criteria_set = _proposal_set(year, code)
    body = lists.proposal_xlsx(criteria_set, year)
    return _download(body, XLSX, f"to-trinh-danh-sach-{code}-{year}.xlsx")


def _meetings(criteria_set: CriteriaSet, year: int) -> list[AppraisalMeeting]:
    return list(
        db.session.scalars(
            select(AppraisalMeeting)
            .where(AppraisalMeeting.set_id == criteria_set.id, AppraisalMeeting.year == year)
            .order_by(AppraisalMeeting.id)
        )
    )


def _decisions(criteria_set: CriteriaSet, year: int) -> list[ChairDecision]:
    return list(
        db.session.scalars(
            select(ChairDecision)
            .where(ChairDecision.set_id == criteria_set.id, ChairDecision.year == year)
            .order_by(ChairDecision.id)
        )
    )


@bp.route("/assessments/<int:year>/<code>/minutes.docx")
def minutes_docx(year: int, code: str) -> Response:
    """The appraisal meeting's record (Biên bản), with each unit's vote: ``?meeting=<id>``,
    else the latest meeting."""
    criteria_set = _set(year, code)
    meeting = _chosen(_meetings(criteria_set, year), "meeting")
    body = papers.minutes_docx(criteria_set, meeting)
    return _download(body, DOCX, f"bien-ban-tham-dinh-{code}-{year}.docx")


def _decision(year: int, code: str) -> tuple[CriteriaSet, ChairDecision]:
    criteria_set = _set(year, code)
    return criteria_set, _chosen(_decisions(criteria_set, year), "decision")


@bp.route("/assessments/<int:year>/<code>/decision.docx")
def decision_docx(year: int, code: str) -> Response:
    """The chair's decision (Quyết định) with its list: ``?decision=<id>``, else the latest."""
    criteria_set, decision = _decision(year, code)
    meeting = db.session.scalar(  # the meeting that appraised what the decision decides
        select(AppraisalMeeting)
        .join(Assessment, Assessment.meeting_id == AppraisalMeeting.id)
        .where(Assessment.decision_id == decision.id)
        .limit(1)
    )
    body = papers.decision_docx(criteria_set, decision, meeting)
    return _download(body, DOCX, f"quyet-dinh-{code}-{year}.docx")


@bp.route("/assessments/<int:year>/<code>/decision.xlsx")
def decision_xlsx(year: int, code: str) -> Response:
    """The decision's list as a workbook."""
    criteria_set, decision = _decision(year, code)
    body = lists.decision_xlsx(criteria_set, decision)
    return _download(body, XLSX, f"quyet-dinh-danh-sach-{code}-{year}.xlsx")
