"""The forms of the year's judgements: scores per line, a return's reason, a criterion's edit.

A scoring sheet has one score and one text per scored line, as many as the set has, so its
fields are read by ``read_lines`` (``score-<criterion id>``, ``words-<criterion id>``) beside a
base form that carries the CSRF token and the version the page showed.
"""

import re
from collections.abc import Iterable
from collections.abc import Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField
from wtforms import IntegerField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import TimeField
from wtforms import ValidationError
from wtforms.validators import InputRequired
from wtforms.validators import NumberRange
from wtforms.validators import Optional

from intranet.assessments.workflow import Entered
from intranet.forms import Form
from intranet.forms import max_length
from intranet.forms import VersionedForm
from intranet.models import Criterion

WORDS_LIMIT = 2000
SCORE = re.compile(r"-?[0-9]{1,4}")  # ASCII digits only: "²" is no score


class SheetForm(VersionedForm):
    """The fixed part of a scoring sheet: CSRF token and version."""


class ReturnForm(VersionedForm):
    """Why an assessment goes back to the village (required)."""

    reason = TextAreaField(
        _l("Why it goes back"), validators=[max_length(WORDS_LIMIT)], render_kw={"rows": 2}
    )

    def validate_reason(self, field: TextAreaField) -> None:
        if not (field.data or "").strip():
            raise ValidationError(_l("Say why the assessment goes back to the village."))


class CriterionForm(VersionedForm):
    """A criterion's words, points, target and hint, as the police correct them."""

    text = TextAreaField(_l("Content"), validators=[max_length(WORDS_LIMIT)], render_kw={"rows": 3})
    max_points = IntegerField(_l("Maximum points"), validators=[Optional(), NumberRange(0, 1000)])
    target = IntegerField(
        _l("Target of the figure"), validators=[Optional(), NumberRange(-1000, 100_000)]
    )
    deduct_per = IntegerField(
        _l("Points taken off per event"), validators=[Optional(), NumberRange(0, 1000)]
    )
    evidence_hint = TextAreaField(
        _l("Records that prove it"), validators=[max_length(WORDS_LIMIT)], render_kw={"rows": 2}
    )

    def validate_text(self, field: TextAreaField) -> None:
        if not (field.data or "").strip():
            raise ValidationError(_l("A criterion needs its content."))


class AppraisalForm(Form):
    """The steering committee's appraisal meeting: when, where, who, what was said, the vote on
    the whole list; each assessment's own vote is read by ``appraisal.typed``."""

    held_on = DateField(
        _l("Date of the meeting"),
        format="%Y-%m-%d",
        validators=[InputRequired(_l("Enter the date of the meeting."))],
    )
    starts_at = TimeField(_l("Time it opened"), validators=[Optional()])
    place = StringField(_l("Place"), validators=[max_length(200)])
    chaired_by = StringField(
        _l("Chaired by"),
        validators=[InputRequired(_l("Enter who chaired the meeting.")), max_length(120)],
    )
    secretary = StringField(
        _l("Secretary"),
        validators=[InputRequired(_l("Enter who kept the record.")), max_length(120)],
    )
    members_present = IntegerField(
        _l("Members present"),
        validators=[
            InputRequired(_l("Enter the number of members present.")),
            NumberRange(1, 1000, _l("Enter a number from 1 to 1000.")),
        ],
    )
    attendees = TextAreaField(
        _l("Attendees"), validators=[max_length(WORDS_LIMIT)], render_kw={"rows": 2}
    )
    opinions = TextAreaField(
        _l("Opinions"), validators=[max_length(WORDS_LIMIT)], render_kw={"rows": 2}
    )
    votes_for = IntegerField(_l("Votes for"), validators=[Optional(), NumberRange(0, 1000)])
    votes_against = IntegerField(_l("Votes against"), validators=[Optional(), NumberRange(0, 1000)])

    def validate_attendees(self, field: TextAreaField) -> None:
        if not (field.data or "").strip():
            raise ValidationError(_l("Say who attended the meeting."))

    def validate_votes_against(self, field: IntegerField) -> None:
        members = self.members_present.data
        cast = (self.votes_for.data or 0) + (field.data or 0)
        if isinstance(members, int) and cast > members:
            raise ValidationError(
                _("%(votes)d votes, but only %(members)d members were present.",
                  votes=cast, members=members)
            )  # fmt: skip


class DecisionForm(Form):
    """The chair's decision: its number, date and signer."""

    number = StringField(
        _l("Decision number"),
        validators=[InputRequired(_l("Enter the decision's number.")), max_length(50)],
    )
    signed_on = DateField(
        _l("Date signed"),
        format="%Y-%m-%d",
        validators=[InputRequired(_l("Enter the date of the decision."))],
    )
    signer = StringField(
        _l("Signed by"), validators=[InputRequired(_l("Enter who signed.")), max_length(120)]
    )


def read_lines(
    values: Mapping[str, str], criteria: Iterable[Criterion]
) -> tuple[dict[int, Entered], dict[int, str]]:
    """Each scored line as typed, and the lines whose score is not a whole number."""
    entered: dict[int, Entered] = {}
    errors: dict[int, str] = {}
    for criterion in criteria:
        raw = (values.get(f"score-{criterion.id}") or "").strip()
        words = (values.get(f"words-{criterion.id}") or "")[:WORDS_LIMIT]
        score: int | None = None
        if raw:
            if not SCORE.fullmatch(raw):
                errors[criterion.id] = _("Enter a whole number.")
            else:
                score = int(raw)
        entered[criterion.id] = Entered(score, words)
    return entered, errors
