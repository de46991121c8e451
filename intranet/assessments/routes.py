"""The year's judgements: the workspace per year, one page per unit's assessment (a village,
the commune ``xa``, an agency or enterprise by its code), the sets.

Every form is a plain POST that answers with a redirect (303) or the page again (422 with the
typed scores kept, 409 when someone saved first); htmx's boosted body swap improves it.
"""

import dataclasses
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
from intranet.assessments import ratings_workflow
from intranet.assessments import scoring
from intranet.assessments import sets
from intranet.assessments import spreadsheet
from intranet.assessments import units
from intranet.assessments import workflow
from intranet.assessments.forms import AppraisalForm
from intranet.assessments.forms import CorrectionForm
from intranet.assessments.forms import CriterionForm
from intranet.assessments.forms import DecisionForm
from intranet.assessments.forms import read_lines
from intranet.assessments.forms import ReturnForm
from intranet.assessments.forms import SheetForm
from intranet.forms import VersionedForm
from intranet.models import Assessment
from intranet.models import AssessmentEvent
from intranet.models import AssessmentStatus
from intranet.models import CriteriaSet
from intranet.models import Criterion
from intranet.models import CriterionMode
from intranet.models import db
from intranet.models import UnitKind
from intranet.models import User
from intranet.models import Village
from intranet.periods import EARLIEST
from intranet.periods import latest
from intranet.periods import local_today
from intranet.permissions import Action
from intranet.permissions import can
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
    """One cycle: each set's deadline and each unit's assessment state."""
    require(Action.view_assessments)
    return _workspace(_year_or_404(year))


def _workspace(year: int, status: int = 200, **forms: Any) -> Response:
    """The workspace page; ``forms`` replaces a set's appraisal or decision form (typed, 422)."""
    columns, groups = queries.workspace(sets.sets_for(year), year, local_today())
    groups = _visible(groups)
    appraisal_forms = {c.criteria_set.code: AppraisalForm(formdata=None) for c in columns}
    decision_forms = {c.criteria_set.code: DecisionForm(formdata=None) for c in columns}
    appraisal_forms |= forms.get("appraisal", {})
    decision_forms |= forms.get("decision", {})
    body = render_template(
        "assessments/year.html",
        year=year,
        years=list(range(local_today().year, EARLIEST.year + 24, -1)),
        columns=columns,
        groups=groups,
        statuses=list(AssessmentStatus),
        appraisal_forms=appraisal_forms,
        decision_forms=decision_forms,
        problem=forms.get("problem"),
    )
    return Response(body, status)


def _visible(groups: list[queries.UnitGroup]) -> list[queries.UnitGroup]:
    """The workspace's rows the user may open: a village account, its own village's row."""
    actor = current_actor()
    if actor.village_id is None:
        return groups
    shown = []
    for group in groups:
        rows = [r for r in group.rows if can(actor, Action.view_unit_assessment, r.place)]
        if rows:
            shown.append(dataclasses.replace(group, rows=rows))
    return shown


def _set_or_404(code: str, year: int) -> CriteriaSet:
    found = sets.set_for(code, year)
    if found is None:
        abort(404)
    return found


@bp.route("/assessments/<int:year>/<code>/list.xlsx")
def list_xlsx(year: int, code: str) -> Response:
    """The set's list for the year (its units, scores, proposed ratings) as a workbook: the
    commune's offices (a village account sees its own village's page only)."""
    require(Action.view_assessment_papers)
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

    def values(form: DecisionForm) -> dict[str, Any]:
        return {
            "number": form.number.data.strip(),
            "signed_on": form.signed_on.data,
            "signer": form.signer.data.strip(),
        }

    return _set_step(
        (year, code),
        Action.decide_assessments,
        DecisionForm(),
        "decision",
        values,
        workflow.decide,
        _("No assessment of this set is appraised and waiting for the decision."),
        _("The decision is recorded."),
    )


def _set_step(
    place: tuple[int, str],
    action: Action,
    form: Any,
    slot: str,
    values: Callable[[Any], dict[str, Any]],
    step: Callable[[CriteriaSet, int, User, dict[str, Any]], object],
    nothing: str,
    done: str,
) -> Response:
    """A step on every assessment of a set and year waiting for it (the appraisal, the
    decision): 422 with the form kept in the workspace (``slot``: its place there) when it is
    not valid or nothing waits, else the workspace with ``done``."""
    year, code = place
    criteria_set = _set_or_404(code, _year_or_404(year))
    require(action, criteria_set)
    if not form.validate_on_submit():
        return _workspace(year, 422, **{slot: {code: form}})
    try:
        step(criteria_set, year, current_actor(), values(form))
    except workflow.NothingToDo:
        return _workspace(year, 422, **{slot: {code: form}}, problem=nothing)
    saving.commit()
    flash(done, "success")
    return redirect(url_for("assessments.year", year=year), 303)


class Sheet:
    """Everything a unit's assessment page shows: the set version, the figures, the lines, the
    revisions (a corrected assessment keeps its decided ones, readable with ``?revision=``)."""

    def __init__(self, year: int, code: str, unit_code: str, revision: int | None = None) -> None:
        _year_or_404(year)
        place = units.find(unit_code)
        if place is None:
            abort(404)
        # A village account sees its own village's page and sheet only (the others: 404).
        require(Action.view_unit_assessment, place)
        self.revisions = workflow.revisions(code, place, year)
        latest = self.revisions[-1] if self.revisions else None
        assessment = latest
        if revision is not None:
            assessment = next((a for a in self.revisions if a.revision == revision), None)
            if assessment is None:
                abort(404)
        if assessment is not None:
            criteria_set = sets.with_tree(assessment.set_id)
        else:
            found = sets.set_for(code, year)
            if found is None:
                abort(404)
            criteria_set = found
        kind = UnitKind.village if isinstance(place, Village) else place.kind
        if criteria_set.unit_kind != kind:
            abort(404)
        self.year, self.place, self.criteria_set = year, place, criteria_set
        self.saved = assessment
        self.is_latest = assessment is latest
        self.assessment = assessment or workflow.blank(criteria_set, place, year)
        self.figures = workflow.figures(current_actor(), criteria_set, place, year)
        self.suggested = workflow.suggestions(criteria_set.criteria, self.figures)
        self.leaves = scoring.leaves(criteria_set.criteria)
        self.lines = {line.criterion_id: line for line in (assessment.lines if assessment else [])}

    def decided(self) -> Assessment | None:
        """The latest decided revision: what the documents show."""
        return next(
            (a for a in reversed(self.revisions) if a.status == AssessmentStatus.decided), None
        )

    def context(self, **extra: Any) -> dict[str, Any]:
        lines = self.lines
        own = {c.id: lines[c.id].self_score if c.id in lines else None for c in self.leaves}
        review = {c.id: lines[c.id].review_score if c.id in lines else None for c in self.leaves}
        tree, levels = self.criteria_set.criteria, self.criteria_set.levels
        events: list[AssessmentEvent] = []
        if self.revisions:
            events = list(
                db.session.scalars(
                    select(AssessmentEvent)
                    .where(AssessmentEvent.assessment_id.in_([a.id for a in self.revisions]))
                    .order_by(AssessmentEvent.id)
                )
            )
        above = self.criteria_set.unit_kind == UnitKind.commune
        return {
            "year": self.year,
            "place": self.place,
            "unit_code": self.place.code,
            "is_village": isinstance(self.place, Village),
            "above": above,
            "criteria_set": self.criteria_set,
            "assessment": self.assessment,
            "saved": self.saved,
            "revisions": self.revisions,
            "is_latest": self.is_latest,
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
            "vote": appraisal.of_assessment(self.saved),
            "revision_of": {a.id: a.revision for a in self.revisions},
            "event_labels": workflow.EVENT_LABELS_ABOVE if above else workflow.EVENT_LABELS,
            "metric_labels": metrics.METRIC_LABELS,
            "entered": {},
            "conflict": None,
            "problem": None,
            "errors": {},
            "review_entered": {},
            "review_errors": {},
            "form": SheetForm(version=self._version()),
            "return_form": ReturnForm(version=self._version()),
            "correction_form": CorrectionForm(version=self._version()),
            **extra,
        }

    def _version(self) -> str:
        return str(self.saved.version) if self.saved is not None else ""

    def page(self, status: int = 200, **extra: Any) -> Response:
        context = self.context(**extra)
        return Response(render_template("assessments/show.html", **context), status)

    def again(self) -> "Sheet":
        """The same page read afresh (after a rollback)."""
        return Sheet(self.year, self.criteria_set.code, self.place.code)

    def to_page(self) -> Response:
        return redirect(self.url(), 303)

    def url(self) -> str:
        return url_for(
            "assessments.show",
            year=self.year,
            code=self.criteria_set.code,
            unit_code=self.place.code,
        )


def _revision_asked() -> int | None:
    """The revision named by ``?revision=`` (an older one, read only); 404 when malformed."""
    raw = request.args.get("revision")
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= 999:
        abort(404)
    return int(raw)


@bp.route("/assessments/<int:year>/<code>/<unit_code>")
def show(year: int, code: str, unit_code: str) -> Response:
    """A unit's assessment: each line with its figure, the scores, the revisions, the history."""
    require(Action.view_assessments)
    return Sheet(year, code, unit_code, _revision_asked()).page()


@bp.route("/assessments/<int:year>/<code>/<unit_code>/sheet.docx")
def sheet_docx(year: int, code: str, unit_code: str) -> Response:
    """The unit's scoring sheet as a Word document (Decree 30/2020 layout): the revision asked
    for, else the latest decided one, else the latest."""
    require(Action.view_assessments)
    revision = _revision_asked()
    sheet = Sheet(year, code, unit_code, revision)
    assessment = _saved_or_404(sheet)
    if revision is None:
        assessment = sheet.decided() or assessment
    body = document.docx_bytes(assessment, sets.with_tree(assessment.set_id))
    name = f"bang-cham-diem-{code}-{unit_code}-{year}.docx"
    return Response(
        body,
        mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _conflict(sheet: Sheet, **typed: Any) -> Response:
    """Someone saved first: the saved assessment beside what was typed (kept), 409."""
    db.session.rollback()
    message = _("Someone saved this assessment since you opened it. The saved scores are shown; "
                "what you typed is kept in the form, send it again to replace them.")  # fmt: skip
    return sheet.again().page(409, conflict=message, **typed)


def _nothing(entered: dict[int, Any]) -> bool:
    """True for a sheet sent without a single score (an empty form saves nothing)."""
    return all(line.score is None for line in entered.values())


@bp.route("/assessments/<int:year>/<code>/<unit_code>", methods=["POST"])
def save(year: int, code: str, unit_code: str) -> Response:
    """Save the unit's own scores (the first save starts the assessment)."""
    sheet = Sheet(year, code, unit_code)
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
            assessment = workflow.start(sheet.criteria_set, sheet.place, year, actor)
            version = str(assessment.version)
        workflow.save_scores(assessment, actor, entered, sheet.suggested, version)
        saving.commit(assessment)
    except workflow.ScoreErrors as refused:
        db.session.rollback()
        return sheet.again().page(422, entered=entered, errors=refused.errors)
    except saving.Conflict:
        return _conflict(sheet, entered=entered)
    flash(_("The scores are saved."), "success")
    return sheet.to_page()


def _saved_or_404(sheet: Sheet) -> Assessment:
    if sheet.saved is None:
        abort(404)
    return sheet.saved


def _step(
    sheet: Sheet,
    action: Action,
    form: VersionedForm,
    step: Callable[[Assessment, User, str | None], object],
    done: str,
    typed: dict[str, Any] | None = None,
    missing: Callable[[str], str] | None = None,
    ready: bool = True,
) -> Response:
    """One step on a unit's saved assessment, as every such view takes it: 403 unless the user
    may; 422 with what was typed (``typed``: the page's names for it) when the form is not
    valid or not ``ready``, or when the workflow refuses (a line's score: beside the line; an
    unscored line: ``missing`` names them); 409 when someone saved first; else the page again
    with ``done``."""
    assessment = _saved_or_404(sheet)
    require(action, assessment)
    typed = typed or {}
    if not form.validate_on_submit() or not ready:
        return sheet.page(422, **typed)
    try:
        step(assessment, current_actor(), form.version.data)
        saving.commit(assessment)
    except workflow.ScoreErrors as refused:
        db.session.rollback()
        return sheet.again().page(422, **typed | {"review_errors": refused.errors})
    except workflow.Incomplete as incomplete:
        db.session.rollback()
        assert missing is not None
        return sheet.again().page(422, problem=missing(", ".join(incomplete.missing)))
    except saving.Conflict:
        return _conflict(sheet, **typed)
    flash(done, "success")
    return sheet.to_page()


@bp.route("/assessments/<int:year>/<code>/<unit_code>/submit", methods=["POST"])
def submit(year: int, code: str, unit_code: str) -> Response:
    """Send the self-scored assessment for review (the commune's: to the reviewing level)."""
    sheet = Sheet(year, code, unit_code)
    above = sheet.criteria_set.unit_kind == UnitKind.commune
    return _step(
        sheet,
        Action.score_assessment,
        SheetForm(),
        workflow.submit,
        _("The assessment is sent to the reviewing level.")
        if above
        else _("The assessment is sent to the commune police."),
        missing=lambda codes: _("Score every line before sending: %(codes)s.", codes=codes),
    )


@bp.route("/assessments/<int:year>/<code>/<unit_code>/review", methods=["POST"])
def review(year: int, code: str, unit_code: str) -> Response:
    """Save the reviewing score and note of each line (the commune police; for the commune,
    the reviewing level's as received)."""
    sheet = Sheet(year, code, unit_code)
    entered, errors = read_lines(request.form, sheet.leaves)
    problem = _("Enter at least one score.") if _nothing(entered) else None
    return _step(
        sheet,
        Action.review_assessment,
        SheetForm(),
        lambda assessment, actor, version: workflow.save_review(
            assessment, actor, entered, version
        ),
        _("The reviewing scores are saved."),
        typed={"review_entered": entered, "review_errors": errors, "problem": problem},
        ready=not errors and problem is None,
    )


@bp.route("/assessments/<int:year>/<code>/<unit_code>/return", methods=["POST"])
def return_assessment(year: int, code: str, unit_code: str) -> Response:
    """Send the assessment back with the reason."""
    form = ReturnForm()
    return _step(
        Sheet(year, code, unit_code),
        Action.review_assessment,
        form,
        lambda assessment, actor, version: workflow.return_assessment(
            assessment, actor, form.reason.data, version
        ),
        _("The assessment is returned."),
        typed={"return_form": form},
    )


@bp.route("/assessments/<int:year>/<code>/<unit_code>/accept", methods=["POST"])
def accept(year: int, code: str, unit_code: str) -> Response:
    """Accept the reviewing scores (a police approver who did not enter them)."""
    return _step(
        Sheet(year, code, unit_code),
        Action.accept_assessment,
        SheetForm(),
        workflow.accept,
        _("The reviewing scores are accepted."),
        missing=lambda codes: _(
            "Enter a reviewing score on every line first: %(codes)s.", codes=codes
        ),
    )


@bp.route("/assessments/<int:year>/<code>/<unit_code>/correct", methods=["POST"])
def correct(year: int, code: str, unit_code: str) -> Response:
    """Open a correction of the decided assessment: a new revision, with the reason, that
    goes through review and decision again (a police approver)."""
    form = CorrectionForm()
    return _step(
        Sheet(year, code, unit_code),
        Action.correct_assessment,
        form,
        lambda assessment, actor, version: _correct(assessment, actor, form, version),
        _("The correction is opened: it goes through review and decision again."),
        typed={"correction_form": form},
    )


def _correct(
    assessment: Assessment, actor: User, form: CorrectionForm, version: str | None
) -> None:
    saving.check_version(assessment, version)
    workflow.correct(assessment, actor, form.reason.data)


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
        rules=ratings_workflow.rules_data(tree) if tree.unit_kind == UnitKind.team else None,
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


@bp.cli.command("load-units")
def load_units() -> None:
    """Add the commune and a unit per state enterprise when missing (the assessed units)."""
    added = units.load()
    db.session.commit()
    click.echo(f"{added} assessed unit(s) added.")
