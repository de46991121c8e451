"""The team and member ratings' pages, on the assessments blueprint (issue 17 item 4).

``/assessments/<year>/ratings`` shows the draft with every broken rule beside its rows. The
police start it and save it (a plain POST: 303, 422 for a label not on the scale, 409 when
someone saved first, the typed labels kept); while they edit, htmx posts the form to
``…/ratings/check``, which answers the problems and each row's message without saving. The
chair decides (422 with the rules broken). The decision and the lists download as .docx and
.xlsx. They list every village's team and members: the commune's offices read them, not a
village's account.
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import Response
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import ValidationError
from wtforms.validators import InputRequired

from intranet import saving
from intranet.assessments import ratings as rules
from intranet.assessments import ratings_document
from intranet.assessments import ratings_workflow as workflow
from intranet.assessments.routes import bp
from intranet.forms import DayField
from intranet.forms import max_length
from intranet.forms import VersionedForm
from intranet.models import CriteriaSet
from intranet.models import db
from intranet.models import Position
from intranet.models import RatingDraft
from intranet.models import RatingStatus
from intranet.periods import EARLIEST
from intranet.periods import latest
from intranet.permissions import Action
from intranet.permissions import current_actor
from intranet.permissions import require
from intranet.rendering import render

NOTE_LIMIT = 500
REASON_LIMIT = 2000


def _year_or_404(year: int) -> int:
    if not EARLIEST.year <= year <= latest().year:
        abort(404)
    return year


class RatingsForm(VersionedForm):
    """The fixed part of the ratings form: CSRF token and version; the rows are read by
    ``read_rows`` (``label-<row id>``, ``note-<row id>``)."""


class RatingDecisionForm(VersionedForm):
    """The chair's decision on the ratings: its number, date and signer."""

    number = StringField(
        _l("Decision number"),
        validators=[InputRequired(_l("Enter the decision's number.")), max_length(50)],
    )
    signed_on = DayField(
        _l("Date signed"), validators=[InputRequired(_l("Enter the date of the decision."))]
    )
    signer = StringField(
        _l("Signed by"), validators=[InputRequired(_l("Enter who signed.")), max_length(120)]
    )


def read_rows(values: Any) -> dict[int, tuple[str, str]]:
    """Each row's label and note as typed (row id → (label, note))."""
    typed: dict[int, tuple[str, str]] = {}
    for name in values:
        if not name.startswith("label-"):
            continue
        key = name.removeprefix("label-")
        if key.isdigit() and len(key) < 19:
            note = (values.get(f"note-{key}") or "")[:NOTE_LIMIT]
            typed[int(key)] = (values.get(name) or "", note)
    return typed


def rule_names() -> dict[str, str]:
    return {
        "blank": _("Rating missing"),
        "cap": _("Over the cap"),
        "months": _("Less than the months required"),
        "leader": _("Leader above the team"),
        "gates": _("Conditions not met"),
    }


def shown_state(state: workflow.State) -> dict[str, Any]:
    """What the page and the check fragment show of a checked draft."""
    teams: list[tuple[Any, list[Any]]] = []
    for row in state.rows:
        if row.member_id is None:
            teams.append((row, []))
        elif teams:
            teams[-1][1].append(row)
    tallies = []
    for kind, what in ((rules.TEAM, _("Teams")), (rules.MEMBER, _("Members"))):
        counts = Counter(u.label for u in state.units if u.kind == kind and u.label)
        tallies.append((what, [(label, counts[label]) for label in state.rules.choices()]))
    return {
        "state": state,
        "problems_by_row": state.by_row(),
        "teams": teams,
        "choices": state.rules.choices(),
        "rule_names": rule_names(),
        "names": {u.key: u.name for u in state.units},
        "starts": {u.key: u.start for u in state.units if u.kind == rules.MEMBER},
        "positions": {1: Position.leader.label, 2: Position.deputy.label, 3: Position.member.label},
        "tallies": tallies,
    }


class RatingCorrectionForm(VersionedForm):
    """Why decided ratings are corrected (required): the new revision keeps it."""

    reason = TextAreaField(
        _l("Why the ratings are corrected"),
        validators=[max_length(REASON_LIMIT)],
        render_kw={"rows": 3},
    )

    def validate_reason(self, field: TextAreaField) -> None:
        if not (field.data or "").strip():
            raise ValidationError(_l("Say why the decided ratings are corrected."))


class Ratings:
    """The year's set, draft and rules state, loaded once per request: the latest revision,
    or the one asked for with ``?version=`` (an earlier decided one, read only)."""

    def __init__(self, year: int, revision: int | None = None) -> None:
        self.year = _year_or_404(year)
        found = workflow.rating_set(year)
        if found is None:
            abort(404)
        self.criteria_set: CriteriaSet = found
        self.versions = workflow.versions(found, year)
        self.latest: RatingDraft | None = self.versions[-1] if self.versions else None
        self.draft: RatingDraft | None = self.latest
        if revision is not None:
            self.draft = next((d for d in self.versions if d.revision == revision), None)
            if self.draft is None:
                abort(404)

    def saved(self) -> RatingDraft:
        if self.draft is None:
            abort(404)
        return self.draft

    def page(self, status: int = 200, typed: dict[int, tuple[str, str]] | None = None,
             **extra: Any) -> Response:  # fmt: skip
        state = workflow.state(self.draft, self.criteria_set, typed) if self.draft else None
        version = str(self.draft.version) if self.draft else ""
        context = {
            "year": self.year,
            "criteria_set": self.criteria_set,
            "draft": self.draft,
            **(shown_state(state) if state else {}),
            "typed": typed or {},
            "period": workflow.period_of(self.criteria_set, self.year),
            "form": RatingsForm(version=version),
            "decision_form": RatingDecisionForm(formdata=None, version=version),
            "errors": {},
            "conflict": None,
            "problem": None,
            "versions": self.versions,
            "is_latest": self.draft is self.latest,
            "correction_form": RatingCorrectionForm(formdata=None, version=version),
            **extra,
        }
        return render("assessments/ratings.html", "assessments/_ratings_form.html", status,
                      **context)  # fmt: skip

    def url(self) -> str:
        return url_for("assessments.ratings", year=self.year)

    def for_papers(self) -> RatingDraft:
        """The revision the documents show: the one asked for, else the latest decided, else
        the draft (a draft decision, without its number)."""
        if self.draft is not self.latest:
            return self.saved()
        decided = [d for d in self.versions if d.status == RatingStatus.decided]
        return decided[-1] if decided else self.saved()


def _version_asked() -> int | None:
    """The revision named by ``?version=``; 404 when malformed."""
    raw = request.args.get("version")
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= 999:
        abort(404)
    return int(raw)


@dataclass(frozen=True)
class Summary:
    """The ratings as the year's workspace lists them: the set, the latest decided revision
    (else the draft; None: not started), and the labels given to teams and to members."""

    criteria_set: CriteriaSet
    draft: RatingDraft | None
    teams: list[tuple[str, int]]
    members: list[tuple[str, int]]


@bp.app_template_global()
def ratings_summary(year: int) -> Summary | None:
    """For the year's workspace (year.html): where the ratings stand; two or three queries."""
    found = workflow.rating_set(year)
    if found is None:
        return None
    draft = workflow.latest_decided(found, year) or workflow.find(found, year)
    counts = workflow.tallies(draft) if draft else {}
    order = [level.label for level in found.levels] + ([draft.not_rated_label] if draft else [])

    def ordered(kind: str) -> list[tuple[str, int]]:
        mine = counts.get(kind, {})
        return [(label, mine[label]) for label in order if label in mine]

    return Summary(found, draft, ordered(rules.TEAM), ordered(rules.MEMBER))


@bp.route("/assessments/<int:year>/ratings")
def ratings(year: int) -> Response:
    """The year's ratings of the teams and members: the draft, its broken rules, the decision."""
    require(Action.view_assessment_papers)
    return Ratings(year, _version_asked()).page()


@bp.route("/assessments/<int:year>/ratings/correct", methods=["POST"])
def correct_ratings(year: int) -> Response:
    """Open a correction of the decided ratings (a police approver, with the reason): the next
    revision, edited under the same rules and decided again; the decided one stays readable."""
    require(Action.correct_ratings)
    shown = Ratings(year)
    draft = shown.saved()
    require(Action.correct_ratings, draft)
    form = RatingCorrectionForm()
    if not form.validate_on_submit():
        return shown.page(422, correction_form=form)
    try:
        workflow.correct(draft, current_actor(), form.reason.data, form.version.data)
        saving.commit()
    except saving.Conflict:
        db.session.rollback()
        message = _("The ratings changed since you opened them: check them and open the "
                    "correction again; your reason is kept.")  # fmt: skip
        form.version.data = str(Ratings(year).saved().version)
        return Ratings(year).page(409, correction_form=form, conflict=message)
    flash(_("The correction is opened: the commune police edit it and the chair decides it "
            "again with a new number."), "success")  # fmt: skip
    return redirect(shown.url(), 303)


@bp.route("/assessments/<int:year>/ratings/start", methods=["POST"])
def start_ratings(year: int) -> Response:
    """Start the year's draft, pre-filled from the records (the commune police)."""
    require(Action.edit_ratings)
    shown = Ratings(year)
    if shown.draft is not None:
        return redirect(shown.url(), 303)
    if not RatingsForm().validate_on_submit():
        return shown.page(422)
    workflow.start(shown.criteria_set, shown.year, current_actor())
    saving.commit()
    flash(_("The ratings draft is started, pre-filled from the records."), "success")
    return redirect(shown.url(), 303)


@bp.route("/assessments/<int:year>/ratings", methods=["POST"])
def save_ratings(year: int) -> Response:
    """Save the draft's labels and notes; the rules it breaks show beside its rows."""
    require(Action.edit_ratings)
    shown = Ratings(year)
    draft = shown.saved()
    require(Action.edit_ratings, draft)
    form = RatingsForm()
    typed = read_rows(request.form)
    if not form.validate_on_submit():
        return shown.page(422, typed=typed)
    try:
        workflow.save(draft, shown.criteria_set, current_actor(), typed, form.version.data)
        saving.commit(draft)
    except workflow.BadLabels as refused:
        db.session.rollback()
        problem = _("Some ratings are not on the scale: choose them from the list.")
        return Ratings(year).page(422, typed=typed, errors=refused.errors, problem=problem)
    except saving.Conflict:
        db.session.rollback()
        message = _("Someone saved the ratings since you opened them. The saved ratings are "
                    "shown; what you chose is kept in the form, save again to replace "
                    "them.")  # fmt: skip
        return Ratings(year).page(409, typed=typed, conflict=message)
    problems = workflow.state(draft, shown.criteria_set).problems
    if problems:
        flash(_("The ratings are saved, but they break a rule: see the list below."), "warning")
    else:
        flash(_("The ratings are saved."), "success")
    return redirect(shown.url(), 303)


@bp.route("/assessments/<int:year>/ratings/check", methods=["POST"])
def check_ratings(year: int) -> Response:
    """The rules checked against the labels as typed, nothing saved (htmx while editing)."""
    require(Action.edit_ratings)
    shown = Ratings(year)
    draft = shown.saved()
    require(Action.edit_ratings, draft)
    if not RatingsForm().validate_on_submit():
        return shown.page(422)
    typed = read_rows(request.form)
    state = workflow.state(draft, shown.criteria_set, typed)
    body = render_template("assessments/_ratings_check.html", errors={}, **shown_state(state))
    return Response(body, 200)


@bp.route("/assessments/<int:year>/ratings/decide", methods=["POST"])
def decide_ratings(year: int) -> Response:
    """The chair's decision: refused (422) while the draft breaks a rule; locked after."""
    require(Action.decide_ratings)
    shown = Ratings(year)
    draft = shown.saved()
    require(Action.decide_ratings, draft)
    form = RatingDecisionForm()
    if not form.validate_on_submit():
        return shown.page(422, decision_form=form)
    values = {
        "number": form.number.data.strip(),
        "signed_on": form.signed_on.data,
        "signer": form.signer.data.strip(),
    }
    earlier = {d.number for d in shown.versions if d is not draft}
    if values["number"] in earlier:
        form.number.errors = [_("This number is an earlier decision's: a correction is decided "
                                "with a new number.")]  # fmt: skip
        return shown.page(422, decision_form=form)
    try:
        workflow.decide(draft, shown.criteria_set, current_actor(), values, form.version.data)
        saving.commit(draft)
    except workflow.Broken:
        db.session.rollback()
        problem = _("The ratings break the rules listed below: the commune police correct the "
                    "draft before the chair decides.")  # fmt: skip
        return Ratings(year).page(422, decision_form=form, problem=problem)
    except saving.Conflict:
        db.session.rollback()
        message = _("The draft changed since you opened it: check the ratings again and decide.")
        form.version.data = str(Ratings(year).saved().version)
        return Ratings(year).page(409, decision_form=form, conflict=message)
    flash(_("The chair's decision on the ratings is recorded; they are locked."), "success")
    return redirect(shown.url(), 303)


def _download(body: bytes, name: str, mimetype: str) -> Response:
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.route("/assessments/<int:year>/ratings/decision.docx")
def ratings_docx(year: int) -> Response:
    """The chair's decision on the ratings (a draft until decided) as a Word document."""
    require(Action.view_assessment_papers)
    shown = Ratings(year, _version_asked())
    draft = shown.for_papers()
    body = ratings_document.docx_bytes(draft, shown.criteria_set)
    return _download(
        body,
        f"quyet-dinh-xep-loai-to-bao-ve-{year}.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@bp.route("/assessments/<int:year>/ratings/list.xlsx")
def ratings_xlsx(year: int) -> Response:
    """The lists of the teams and members with their ratings as a workbook."""
    require(Action.view_assessment_papers)
    shown = Ratings(year, _version_asked())
    draft = shown.for_papers()
    body = ratings_document.xlsx_bytes(draft, shown.criteria_set)
    return _download(
        body,
        f"danh-sach-xep-loai-to-bao-ve-{year}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
