"""State changes of the year's assessments (issue 17), shaped like logs/workflow.py.

draft → submitted → reviewed → appraised → decided, or submitted → returned → (rescored) →
submitted. The village's
own account scores and submits; the commune police enter the reviewing score per line and
return with a reason; a police approver who did not enter the reviewing scores accepts them
(four eyes, permissions.py). Every function checks the actor's right itself, writes the
assessment's history and an AuditEvent, and leaves the commit to the caller. Scores are
checked here, so the CLI and the views obey the same rules: each within its line's range, and
a self score that differs from what the records suggest needs a reason.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified

from intranet import audit
from intranet import saving
from intranet.assessments import appraisal
from intranet.assessments import metrics
from intranet.assessments import scoring
from intranet.assessments.sets import with_tree
from intranet.models import AppraisalMeeting
from intranet.models import Assessment
from intranet.models import AssessmentEvent
from intranet.models import AssessmentLine
from intranet.models import AssessmentStatus
from intranet.models import ChairDecision
from intranet.models import CriteriaSet
from intranet.models import Criterion
from intranet.models import CriterionMode
from intranet.models import db
from intranet.models import period_dates
from intranet.models import User
from intranet.models import utcnow
from intranet.models import Village
from intranet.periods import Period
from intranet.permissions import Action
from intranet.permissions import require

EVENT_LABELS = {
    "start": _l("started the assessment"),
    "score": _l("saved the village's scores"),
    "submit": _l("sent it to the commune police"),
    "resubmit": _l("sent it again after the return"),
    "review": _l("saved the reviewing scores"),
    "return": _l("returned it to the village"),
    "accept": _l("accepted the reviewing scores"),
    "appraise": _l("recorded the steering committee's appraisal"),
    "decide": _l("recorded the chair's decision"),
}


class ScoreErrors(ValueError):
    """Scores refused, per criterion id: the message to show beside each line."""

    def __init__(self, errors: dict[int, str]) -> None:
        super().__init__(errors)
        self.errors = errors


class Incomplete(ValueError):
    """An assessment sent on (submitted or accepted) with lines still unscored."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(missing)
        self.missing = missing


class MissingReason(ValueError):
    """A return always has a reason."""


class NothingToDo(ValueError):
    """No assessment of the set and year is in the state the step takes."""


@dataclass(frozen=True)
class Entered:
    """One line as typed: the score (None when left empty) and the words beside it."""

    score: int | None
    words: str = ""


def period_of(assessment_or_set: Assessment | CriteriaSet, year: int | None = None) -> Period:
    """The days an assessment judges (its set's period in its year)."""
    if isinstance(assessment_or_set, Assessment):
        return Period(*period_dates(assessment_or_set.criteria_set, assessment_or_set.year))
    assert year is not None
    return Period(*period_dates(assessment_or_set, year))


def figures(
    actor: User, criteria_set: CriteriaSet, village: Village, year: int
) -> dict[str, metrics.Figure]:
    """The figures the set's criteria name, for this village and year, as the actor sees them."""
    wanted = {c.metric: c.metric_param for c in criteria_set.criteria if c.metric}
    return metrics.figures_for(actor, village, period_of(criteria_set, year), wanted)


def suggestions(
    criteria: list[Criterion], found: Mapping[str, metrics.Figure]
) -> dict[int, int | None]:
    """What the records suggest for each scored line; figures that depend on who looks (tips)
    suggest nothing, so every scorer meets the same rule."""
    result: dict[int, int | None] = {}
    for criterion in scoring.leaves(criteria):
        figure = found.get(criterion.metric or "")
        value = None if figure is None or figure.viewer_dependent else figure.value
        result[criterion.id] = scoring.suggestion(criterion, value)
    return result


def load(assessment_id: int) -> Assessment | None:
    """An assessment with its lines."""
    return db.session.scalar(
        select(Assessment)
        .where(Assessment.id == assessment_id)
        .options(selectinload(Assessment.lines))
    )


def find(criteria_set: CriteriaSet, village: Village, year: int) -> Assessment | None:
    """The village's assessment of that year with that set version, with its lines."""
    return db.session.scalar(
        select(Assessment)
        .where(
            Assessment.set_id == criteria_set.id,
            Assessment.village_id == village.id,
            Assessment.year == year,
        )
        .options(selectinload(Assessment.lines))
    )


def find_by_code(code: str, village: Village, year: int) -> Assessment | None:
    """The village's assessment of that year under the set ``code``, whatever its version."""
    return db.session.scalar(
        select(Assessment)
        .join(CriteriaSet, Assessment.set_id == CriteriaSet.id)
        .where(
            CriteriaSet.code == code,
            Assessment.village_id == village.id,
            Assessment.year == year,
        )
        .options(selectinload(Assessment.lines))
    )


def blank(criteria_set: CriteriaSet, village: Village, year: int) -> Assessment:
    """An assessment not yet saved (what a page shows before the first score)."""
    return Assessment(
        criteria_set=criteria_set,
        set_id=criteria_set.id,
        village=village,
        village_id=village.id,
        year=year,
        status=AssessmentStatus.draft,
    )


def _history(assessment: Assessment, actor: User, action: str, comment: str = "") -> None:
    db.session.add(
        AssessmentEvent(assessment_id=assessment.id, actor=actor, action=action, comment=comment)
    )
    audit.record(
        f"assessment_{action}",
        assessment,
        actor=actor,
        status=assessment.status.value,
        year=assessment.year,
        set=assessment.criteria_set.code,
    )


def start(criteria_set: CriteriaSet, village: Village, year: int, actor: User) -> Assessment:
    """The village's assessment for the year, made with a line per scored criterion the first
    time; when two start it at once, the one who loses the unique index gets the winner's."""
    existing = find(criteria_set, village, year)
    if existing is not None:
        return existing
    assessment = blank(criteria_set, village, year)
    assessment.created_by_id = actor.id
    require(Action.score_assessment, assessment, user=actor)
    tree = with_tree(criteria_set.id)
    assessment.lines = [AssessmentLine(criterion_id=c.id) for c in scoring.leaves(tree.criteria)]
    db.session.add(assessment)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        found = find(criteria_set, village, year)
        if found is None:
            raise
        return found
    _history(assessment, actor, "start")
    return assessment


def _check(criterion: Criterion, score: int | None, errors: dict[int, str]) -> None:
    if score is None:
        return
    top = scoring.highest(criterion)
    if criterion.mode == CriterionMode.gate and score not in (0, 1):
        errors[criterion.id] = _("Enter 1 (met) or 0 (not met).")
    elif criterion.mode == CriterionMode.fixed and score not in (0, top):
        errors[criterion.id] = _("All or nothing: enter 0 or %(top)d.", top=top)
    elif not 0 <= score <= top:
        errors[criterion.id] = _("Enter a score from 0 to %(top)d.", top=top)


def save_scores(
    assessment: Assessment,
    actor: User,
    entered: Mapping[int, Entered],
    suggested: Mapping[int, int | None],
    version: str | None,
) -> None:
    """Save the village's own scores; a score unlike the records' suggestion needs a reason.
    ScoreErrors (nothing saved) names each refused line; Conflict when the version moved."""
    require(Action.score_assessment, assessment, user=actor)
    saving.check_version(assessment, version)
    criteria = {c.id: c for c in with_tree(assessment.set_id).criteria}
    errors: dict[int, str] = {}
    for line in assessment.lines:
        typed = entered.get(line.criterion_id, Entered(None))
        _check(criteria[line.criterion_id], typed.score, errors)
        hint = suggested.get(line.criterion_id)
        if typed.score is not None and hint is not None and typed.score != hint:
            if not typed.words.strip() and line.criterion_id not in errors:
                errors[line.criterion_id] = _(
                    "The records suggest %(hint)d: say why you score otherwise.", hint=hint
                )
    if errors:
        raise ScoreErrors(errors)
    for line in assessment.lines:
        typed = entered.get(line.criterion_id, Entered(None))
        line.self_score = typed.score
        hint = suggested.get(line.criterion_id)
        line.self_reason = typed.words.strip() if typed.score != hint else ""
    _touch(assessment)
    _history(assessment, actor, "score")


def _touch(assessment: Assessment) -> None:
    """Mark the assessment changed, so its version moves with its lines (optimistic lock)."""
    flag_modified(assessment, "status")


def result_of(assessment: Assessment, reviewing: bool) -> scoring.Result:
    """What the village's own scores (or the reviewing scores) reach under the set's scale."""
    tree = with_tree(assessment.set_id)
    scores = {
        line.criterion_id: line.review_score if reviewing else line.self_score
        for line in assessment.lines
    }
    return scoring.result(tree.criteria, tree.levels, scores)


def _unscored(assessment: Assessment, reviewing: bool) -> list[str]:
    codes = {c.id: c.code for c in with_tree(assessment.set_id).criteria}
    return [
        codes[line.criterion_id]
        for line in assessment.lines
        if (line.review_score if reviewing else line.self_score) is None
    ]


def submit(assessment: Assessment, actor: User, version: str | None) -> None:
    """Send the scored assessment to the commune police, with the level its scores reach."""
    require(Action.score_assessment, assessment, user=actor)
    saving.check_version(assessment, version)
    missing = _unscored(assessment, reviewing=False)
    if missing:
        raise Incomplete(missing)
    action = "resubmit" if assessment.status == AssessmentStatus.returned else "submit"
    assessment.status = AssessmentStatus.submitted
    assessment.submitted_by_id = actor.id
    assessment.submitted_at = utcnow()
    assessment.proposed_label = result_of(assessment, reviewing=False).level
    _history(assessment, actor, action)


def save_review(
    assessment: Assessment, actor: User, entered: Mapping[int, Entered], version: str | None
) -> None:
    """Save the reviewing score and note of each line (the police); the one who saves them may
    not be the one who accepts them."""
    require(Action.review_assessment, assessment, user=actor)
    saving.check_version(assessment, version)
    criteria = {c.id: c for c in with_tree(assessment.set_id).criteria}
    errors: dict[int, str] = {}
    for line in assessment.lines:
        _check(
            criteria[line.criterion_id], entered.get(line.criterion_id, Entered(None)).score, errors
        )
    if errors:
        raise ScoreErrors(errors)
    for line in assessment.lines:
        typed = entered.get(line.criterion_id, Entered(None))
        line.review_score = typed.score
        line.review_note = typed.words.strip()
    assessment.review_by_id = actor.id
    _touch(assessment)
    _history(assessment, actor, "review")


def return_assessment(
    assessment: Assessment, actor: User, reason: str, version: str | None
) -> None:
    """Send a submitted assessment back to the village, with the reason (and the lines' notes)."""
    require(Action.review_assessment, assessment, user=actor)
    saving.check_version(assessment, version)
    reason = reason.strip()
    if not reason:
        raise MissingReason
    assessment.status = AssessmentStatus.returned
    assessment.return_reason = reason
    _history(assessment, actor, "return", reason)


def accept(assessment: Assessment, actor: User, version: str | None) -> None:
    """Accept the reviewing scores (four eyes): the assessment is reviewed, with its level."""
    require(Action.accept_assessment, assessment, user=actor)
    saving.check_version(assessment, version)
    missing = _unscored(assessment, reviewing=True)
    if missing:
        raise Incomplete(missing)
    assessment.status = AssessmentStatus.reviewed
    assessment.accepted_by_id = actor.id
    assessment.accepted_at = utcnow()
    assessment.reviewed_label = result_of(assessment, reviewing=True).level
    _history(assessment, actor, "accept")


def _in_state(criteria_set: CriteriaSet, year: int, status: AssessmentStatus) -> list[Assessment]:
    return list(
        db.session.scalars(
            select(Assessment)
            .where(
                Assessment.set_id == criteria_set.id,
                Assessment.year == year,
                Assessment.status == status,
            )
            .order_by(Assessment.id)
            .with_for_update(of=Assessment)  # not the outer-joined meeting and decision
        )
    )


def appraise(
    criteria_set: CriteriaSet, year: int, actor: User, values: Mapping[str, Any]
) -> AppraisalMeeting:
    """Record the steering committee's meeting (the police, its standing office): every
    reviewed assessment of the set and year is appraised by it."""
    require(Action.appraise_assessments, criteria_set, user=actor)
    covered = _in_state(criteria_set, year, AssessmentStatus.reviewed)
    if not covered:
        raise NothingToDo
    meeting = AppraisalMeeting(set_id=criteria_set.id, year=year, recorded_by_id=actor.id, **values)
    db.session.add(meeting)
    db.session.flush()
    for assessment in covered:
        assessment.status = AssessmentStatus.appraised
        assessment.meeting_id = meeting.id
        _history(assessment, actor, "appraise", meeting.held_on.strftime("%d/%m/%Y"))
    return meeting


def decide(
    criteria_set: CriteriaSet, year: int, actor: User, values: Mapping[str, Any]
) -> ChairDecision:
    """Record the chair's decision: every appraised assessment of the set and year is decided
    with the label the committee agreed (the one the police accepted when there was no vote on
    it), and locked."""
    require(Action.decide_assessments, criteria_set, user=actor)
    covered = _in_state(criteria_set, year, AssessmentStatus.appraised)
    if not covered:
        raise NothingToDo
    decision = ChairDecision(set_id=criteria_set.id, year=year, decided_by_id=actor.id, **values)
    db.session.add(decision)
    db.session.flush()
    agreed = appraisal.agreed(covered)  # the label the committee voted, else the reviewed one
    for assessment in covered:
        assessment.status = AssessmentStatus.decided
        assessment.decision_id = decision.id
        assessment.decided_label = agreed.get(assessment.id, assessment.reviewed_label)
        _history(assessment, actor, "decide", decision.number)
    return decision
