"""The year's judgements: the workspace per year, one page per village's assessment, the sets.

Every form is a plain POST that answers with a redirect (303) or the page again (422 with the
typed scores kept, 409 when someone saved first); htmx's boosted body swap improves it.
"""

from collections.abc import Callable
from typing import Any

import click
from flask import abort
from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import Response
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from intranet import saving
from intranet.assessments import appraisal
from intranet.assessments import criteria as criteria_edit
from intranet.assessments import document
from intranet.assessments import metrics
from intranet.assessments import queries
from intranet.assessments import scoring
from intranet.assessments import sets
from intranet.assessments import spreadsheet
from intranet.assessments import workflow
from intranet.assessments.forms import AppraisalForm
from intranet.assessments.forms import CriterionForm
from intranet.assessments.forms import DecisionForm
from intranet.assessments.forms import read_lines
from intranet.assessments.forms import ReturnForm
from intranet.assessments.forms import SheetForm
from intranet.models import Assessment
from intranet.models import AssessmentEvent
from intranet.models import AssessmentStatus
from intranet.models import CriteriaSet
from intranet.models import Criterion
from intranet.models import CriterionMode
from intranet.models import db
from intranet.models import Village
from intranet.periods import EARLIEST
from intranet.periods import latest
from intranet.periods import local_today
from intranet.permissions import Action
from intranet.permissions import current_actor
from intranet.permissions import require

bp = Blueprint("assessments", __name__, cli_group="assessments")


def _year_or_404(year: int) -> int:
    if not EARLIEST.year <= year <= latest().year:
        abort(404)
    return year


@bp.route("/assessments")
def index() -> Response:
    """The current cycle: this year's judgements (the village year ends on 31 October)."""
    require(Action.view_assessments)
    return redirect(url_for("assessments.year", year=local_today().year), 303)


@bp.route("/assessments/<int:year>")
def year(year: int) -> Response:
    """One cycle: each set's deadline and each village's assessment state."""
    require(Action.view_assessments)
    return _workspace(_year_or_404(year))


def _workspace(year: int, status: int = 200, **forms: Any) -> Response:
    """The workspace page; ``forms`` replaces a set's appraisal or decision form (typed, 422)."""
    columns, rows = queries.workspace(sets.sets_for(year), year, local_today())
    appraisal_forms = {c.criteria_set.code: AppraisalForm(formdata=None) for c in columns}
    decision_forms = {c.criteria_set.code: DecisionForm(formdata=None) for c in columns}
    appraisal_forms |= forms.get("appraisal", {})
    decision_forms |= forms.get("decision", {})
    body = render_template(
        "assessments/year.html",
        year=year,
        years=list(range(local_today().year, EARLIEST.year + 24, -1)),
        columns=columns,
        rows=rows,
        statuses=list(AssessmentStatus),
        appraisal_forms=appraisal_forms,
        decision_forms=decision_forms,
        problem=forms.get("problem"),
    )
    return Response(body, status)


def _set_or_404(code: str, year: int) -> CriteriaSet:
    found = sets.set_for(code, year)
    if found is None:
        abort(404)
    return found


@bp.route("/assessments/<int:year>/<code>/list.xlsx")
def list_xlsx(year: int, code: str) -> Response:
    """The set's list for the year (villages, scores, proposed ratings) as a workbook."""
    require(Action.view_assessments)
    criteria_set = _set_or_404(code, _year_or_404(year))
    name = f"danh-sach-{code}-{year}.xlsx"
    return Response(
        spreadsheet.xlsx_bytes(criteria_set, year),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/assessments/<int:year>/<code>/appraise", methods=["POST"])
def appraise(year: int, code: str) -> Response:
    """Record the steering committee's appraisal of the set's reviewed assessments."""
    criteria_set = _set_or_404(code, _year_or_404(year))
    require(Action.appraise_assessments, criteria_set)
    form = AppraisalForm()
    rows = appraisal.typed(request.form, appraisal.waiting(criteria_set, year))
    members = form.members_present.data if isinstance(form.members_present.data, int) else None
    votes, form.vote_errors = appraisal.check(
        rows, [level.label for level in criteria_set.levels], members
    )
    form.vote_rows = rows  # what was typed in each village's row, shown again when refused
    if not form.validate_on_submit() or form.vote_errors:
        return _workspace(year, 422, appraisal={code: form})
    values = {
        "held_on": form.held_on.data,
        "starts_at": form.starts_at.data,
        "place": (form.place.data or "").strip(),
        "chaired_by": form.chaired_by.data.strip(),
        "secretary": form.secretary.data.strip(),
        "members_present": form.members_present.data,
        "attendees": form.attendees.data.strip(),
        "opinions": (form.opinions.data or "").strip(),
        "votes_for": form.votes_for.data or 0,
        "votes_against": form.votes_against.data or 0,
    }
    try:
        meeting = workflow.appraise(criteria_set, year, current_actor(), values)
        appraisal.record(meeting, votes)
    except workflow.NothingToDo:
        problem = _("No assessment of this set is reviewed and waiting for the appraisal.")
        return _workspace(year, 422, appraisal={code: form}, problem=problem)
    except appraisal.Unvoted as unvoted:
        db.session.rollback()
        form.vote_errors = {i: _("Enter the votes for and against.") for i in unvoted.ids}
        problem = _("Another village was accepted meanwhile: vote on it too, then send again.")
        return _workspace(year, 409, appraisal={code: form}, problem=problem)
    saving.commit()
    flash(_("The appraisal is recorded."), "success")
    return redirect(url_for("assessments.year", year=year), 303)


@bp.route("/assessments/<int:year>/<code>/decide", methods=["POST"])
def decide(year: int, code: str) -> Response:
    """Record the chair's decision on the set's appraised assessments; they are locked."""
    criteria_set = _set_or_404(code, _year_or_404(year))
    require(Action.decide_assessments, criteria_set)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _workspace(year, 422, decision={code: form})
    values = {
        "number": form.number.data.strip(),
        "signed_on": form.signed_on.data,
        "signer": form.signer.data.strip(),
    }
    try:
        workflow.decide(criteria_set, year, current_actor(), values)
    except workflow.NothingToDo:
        problem = _("No assessment of this set is appraised and waiting for the decision.")
        return _workspace(year, 422, decision={code: form}, problem=problem)
    saving.commit()
    flash(_("The decision is recorded."), "success")
    return redirect(url_for("assessments.year", year=year), 303)


class Sheet:
    """Everything a village's assessment page shows: the set version, the figures, the lines."""

    def __init__(self, year: int, code: str, village_code: str) -> None:
        _year_or_404(year)
        village = db.session.scalar(select(Village).where(Village.code == village_code))
        if village is None:
            abort(404)
        assessment = workflow.find_by_code(code, village, year)
        if assessment is not None:
            criteria_set = sets.with_tree(assessment.set_id)
        else:
            found = sets.set_for(code, year)
            if found is None:
                abort(404)
            criteria_set = found
        self.year, self.village, self.criteria_set = year, village, criteria_set
        self.saved = assessment
        self.assessment = assessment or workflow.blank(criteria_set, village, year)
        self.figures = workflow.figures(current_actor(), criteria_set, village, year)
        self.suggested = workflow.suggestions(criteria_set.criteria, self.figures)
        self.leaves = scoring.leaves(criteria_set.criteria)
        self.lines = {line.criterion_id: line for line in (assessment.lines if assessment else [])}

    def context(self, **extra: Any) -> dict[str, Any]:
        lines = self.lines
        own = {c.id: lines[c.id].self_score if c.id in lines else None for c in self.leaves}
        review = {c.id: lines[c.id].review_score if c.id in lines else None for c in self.leaves}
        tree, levels = self.criteria_set.criteria, self.criteria_set.levels
        events = []
        if self.saved is not None:
            events = list(
                db.session.scalars(
                    select(AssessmentEvent)
                    .where(AssessmentEvent.assessment_id == self.saved.id)
                    .order_by(AssessmentEvent.id)
                )
            )
        return {
            "year": self.year,
            "village": self.village,
            "criteria_set": self.criteria_set,
            "assessment": self.assessment,
            "saved": self.saved,
            "criteria": tree,
            "leaf_ids": {c.id for c in self.leaves},
            "figures": self.figures,
            "suggested": self.suggested,
            "lines": lines,
            "own_totals": scoring.group_totals(tree, own),
            "review_totals": scoring.group_totals(tree, review),
            "own_result": scoring.result(tree, levels, own),
            "review_result": scoring.result(tree, levels, review),
            "period": workflow.period_of(self.criteria_set, self.year),
            "events": events,
            "event_labels": workflow.EVENT_LABELS,
            "metric_labels": metrics.METRIC_LABELS,
            "entered": {},
            "conflict": None,
            "problem": None,
            "errors": {},
            "review_entered": {},
            "review_errors": {},
            "form": SheetForm(version=self._version()),
            "return_form": ReturnForm(version=self._version()),
            **extra,
        }

    def _version(self) -> str:
        return str(self.saved.version) if self.saved is not None else ""

    def page(self, status: int = 200, **extra: Any) -> Response:
        context = self.context(**extra)
        return Response(render_template("assessments/show.html", **context), status)

    def to_page(self) -> Response:
        return redirect(self.url(), 303)

    def url(self) -> str:
        return url_for(
            "assessments.show",
            year=self.year,
            code=self.criteria_set.code,
            village_code=self.village.code,
        )


@bp.route("/assessments/<int:year>/<code>/<village_code>")
def show(year: int, code: str, village_code: str) -> Response:
    """A village's assessment: each line with its figure, the scores, the history."""
    require(Action.view_assessments)
    return Sheet(year, code, village_code).page()


@bp.route("/assessments/<int:year>/<code>/<village_code>/sheet.docx")
def sheet_docx(year: int, code: str, village_code: str) -> Response:
    """The village's scoring sheet as a Word document (Decree 30/2020 layout)."""
    require(Action.view_assessments)
    sheet = Sheet(year, code, village_code)
    assessment = _saved_or_404(sheet)
    body = document.docx_bytes(assessment, sheet.criteria_set)
    name = f"bang-cham-diem-{code}-{village_code}-{year}.docx"
    return Response(
        body,
        mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _conflict(sheet: Sheet, **typed: Any) -> Response:
    """Someone saved first: the saved assessment beside what was typed (kept), 409."""
    db.session.rollback()
    fresh = Sheet(sheet.year, sheet.criteria_set.code, sheet.village.code)
    message = _("Someone saved this assessment since you opened it. The saved scores are shown; "
                "what you typed is kept in the form, send it again to replace them.")  # fmt: skip
    return fresh.page(409, conflict=message, **typed)


def _nothing(entered: dict[int, Any]) -> bool:
    """True for a sheet sent without a single score (an empty form saves nothing)."""
    return all(line.score is None for line in entered.values())


@bp.route("/assessments/<int:year>/<code>/<village_code>", methods=["POST"])
def save(year: int, code: str, village_code: str) -> Response:
    """Save the village's own scores (the first save starts the assessment)."""
    sheet = Sheet(year, code, village_code)
    require(Action.score_assessment, sheet.assessment)
    form = SheetForm()
    entered, errors = read_lines(request.form, sheet.leaves)
    if not form.validate_on_submit() or errors or _nothing(entered):
        problem = _("Enter at least one score.") if _nothing(entered) else None
        return sheet.page(422, entered=entered, errors=errors, problem=problem)
    actor = current_actor()
    try:
        assessment = sheet.saved
        version = form.version.data
        if assessment is None:
            assessment = workflow.start(sheet.criteria_set, sheet.village, year, actor)
            version = str(assessment.version)
        workflow.save_scores(assessment, actor, entered, sheet.suggested, version)
        saving.commit(assessment)
    except workflow.ScoreErrors as refused:
        db.session.rollback()
        return Sheet(year, code, village_code).page(422, entered=entered, errors=refused.errors)
    except saving.Conflict:
        return _conflict(sheet, entered=entered)
    flash(_("The scores are saved."), "success")
    return sheet.to_page()


def _saved_or_404(sheet: Sheet) -> Assessment:
    if sheet.saved is None:
        abort(404)
    return sheet.saved


@bp.route("/assessments/<int:year>/<code>/<village_code>/submit", methods=["POST"])
def submit(year: int, code: str, village_code: str) -> Response:
    """Send the self-scored assessment to the commune police."""
    return _whole_sheet_step(
        (year, code, village_code),
        Action.score_assessment,
        workflow.submit,
        lambda codes: _("Score every line before sending: %(codes)s.", codes=codes),
        _("The assessment is sent to the commune police."),
    )


def _whole_sheet_step(
    place: tuple[int, str, str],
    action: Action,
    step: Callable[[Assessment, Any, str], None],
    missing: Callable[[str], str],
    done: str,
) -> Response:
    """A step that needs every line scored (sending, accepting): 422 naming the lines left,
    409 when someone else saved first, else the sheet with `done`. `place`: year, set code and
    village code, as in the URL."""
    sheet = Sheet(*place)
    assessment = _saved_or_404(sheet)
    require(action, assessment)
    form = SheetForm()
    if not form.validate_on_submit():
        return sheet.page(422)
    try:
        step(assessment, current_actor(), form.version.data)
        saving.commit(assessment)
    except workflow.Incomplete as incomplete:
        db.session.rollback()
        return Sheet(*place).page(422, problem=missing(", ".join(incomplete.missing)))
    except saving.Conflict:
        return _conflict(sheet)
    flash(done, "success")
    return sheet.to_page()


@bp.route("/assessments/<int:year>/<code>/<village_code>/review", methods=["POST"])
def review(year: int, code: str, village_code: str) -> Response:
    """Save the reviewing score and note of each line (the commune police)."""
    sheet = Sheet(year, code, village_code)
    assessment = _saved_or_404(sheet)
    require(Action.review_assessment, assessment)
    form = SheetForm()
    entered, errors = read_lines(request.form, sheet.leaves)
    if not form.validate_on_submit() or errors or _nothing(entered):
        problem = _("Enter at least one score.") if _nothing(entered) else None
        return sheet.page(422, review_entered=entered, review_errors=errors, problem=problem)
    try:
        workflow.save_review(assessment, current_actor(), entered, form.version.data)
        saving.commit(assessment)
    except workflow.ScoreErrors as refused:
        db.session.rollback()
        page = Sheet(year, code, village_code)
        return page.page(422, review_entered=entered, review_errors=refused.errors)
    except saving.Conflict:
        return _conflict(sheet, review_entered=entered)
    flash(_("The reviewing scores are saved."), "success")
    return sheet.to_page()


@bp.route("/assessments/<int:year>/<code>/<village_code>/return", methods=["POST"])
def return_assessment(year: int, code: str, village_code: str) -> Response:
    """Send the assessment back to the village with the reason."""
    sheet = Sheet(year, code, village_code)
    assessment = _saved_or_404(sheet)
    require(Action.review_assessment, assessment)
    form = ReturnForm()
    if not form.validate_on_submit():
        return sheet.page(422, return_form=form)
    try:
        workflow.return_assessment(assessment, current_actor(), form.reason.data, form.version.data)
        saving.commit(assessment)
    except saving.Conflict:
        return _conflict(sheet, return_form=form)
    flash(_("The assessment is returned to the village."), "success")
    return sheet.to_page()


@bp.route("/assessments/<int:year>/<code>/<village_code>/accept", methods=["POST"])
def accept(year: int, code: str, village_code: str) -> Response:
    """Accept the reviewing scores (a police approver who did not enter them)."""
    return _whole_sheet_step(
        (year, code, village_code),
        Action.accept_assessment,
        workflow.accept,
        lambda codes: _("Enter a reviewing score on every line first: %(codes)s.", codes=codes),
        _("The reviewing scores are accepted."),
    )


@bp.route("/assessments/sets/<int:set_id>")
def criteria_set(set_id: int) -> str:
    """One set version: its text, its criteria tree and its rating scale."""
    require(Action.view_assessments)
    shown = db.get_or_404(CriteriaSet, set_id)
    tree = sets.with_tree(shown.id)
    versions = db.session.scalars(
        select(CriteriaSet).where(CriteriaSet.code == tree.code).order_by(CriteriaSet.valid_from)
    ).all()
    return render_template(
        "assessments/criteria_set.html",
        criteria_set=tree,
        versions=versions,
        apply_from=criteria_edit.applies_from(tree, local_today().year),
        metric_labels=metrics.METRIC_LABELS,
    )


def _criterion_or_404(set_id: int, criterion_id: int) -> tuple[CriteriaSet, Criterion]:
    criterion = db.get_or_404(Criterion, criterion_id)
    if criterion.set_id != set_id:
        abort(404)
    return sets.with_tree(set_id), criterion


@bp.route("/assessments/sets/<int:set_id>/criteria/<int:criterion_id>")
def edit_criterion(set_id: int, criterion_id: int) -> str:
    """The form correcting one criterion (the commune police)."""
    require(Action.manage_criteria)
    shown, criterion = _criterion_or_404(set_id, criterion_id)
    form = CriterionForm(obj=criterion, version=str(shown.version))
    return render_template(
        "assessments/edit_criterion.html",
        criteria_set=shown,
        criterion=criterion,
        form=form,
        apply_from=criteria_edit.applies_from(shown, local_today().year),
        conflict=False,
    )


@bp.route("/assessments/sets/<int:set_id>/criteria/<int:criterion_id>", methods=["POST"])
def update_criterion(set_id: int, criterion_id: int) -> Response:
    """Save a corrected criterion: in place while no assessment uses the version, else in a
    new version from the first year no assessment uses (what was scored keeps its version)."""
    require(Action.manage_criteria)
    shown, criterion = _criterion_or_404(set_id, criterion_id)
    form = CriterionForm()
    apply_from = criteria_edit.applies_from(shown, local_today().year)
    if not form.validate_on_submit():
        body = render_template(
            "assessments/edit_criterion.html",
            criteria_set=shown,
            criterion=criterion,
            form=form,
            apply_from=apply_from,
            conflict=False,
        )
        return Response(body, 422)
    values = {
        "text": form.text.data.strip(),
        "max_points": criterion.max_points,
        "target": criterion.target,
        "deduct_per": criterion.deduct_per,
        "evidence_hint": (form.evidence_hint.data or "").strip(),
    }
    # Only the fields the form showed for this kind of line change.
    if criterion.mode != CriterionMode.gate and form.max_points.data is not None:
        values["max_points"] = form.max_points.data
    if criterion.metric:
        values["target"] = form.target.data
    if criterion.mode == CriterionMode.deduction:
        values["deduct_per"] = form.deduct_per.data
    try:
        saved = criteria_edit.update(
            shown, criterion, values, current_actor(), local_today().year, form.version.data
        )
        saving.commit(saved)
    except saving.Conflict:
        db.session.rollback()
        shown, criterion = _criterion_or_404(set_id, criterion_id)
        form.version.data = str(shown.version)
        body = render_template(
            "assessments/edit_criterion.html",
            criteria_set=shown,
            criterion=criterion,
            form=form,
            apply_from=criteria_edit.applies_from(shown, local_today().year),
            conflict=True,
        )
        return Response(body, 409)
    flash(_("The criterion is saved."), "success")
    return redirect(url_for("assessments.criteria_set", set_id=saved.id), 303)


@bp.cli.command("load-sets")
def load_sets() -> None:
    """Install the shipped example criteria sets that are missing."""
    added = sets.load_shipped()
    db.session.commit()
    click.echo(f"{added} criteria set(s) added.")
