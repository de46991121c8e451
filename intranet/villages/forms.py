"""The roster forms: a team member, and the chair's decision that set the team up."""

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms import HiddenField
from wtforms import SelectChoice
from wtforms import SelectField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import ValidationError
from wtforms.validators import DataRequired
from wtforms.validators import InputRequired
from wtforms.validators import Optional
from wtforms.validators import Regexp
from wtforms.widgets import CheckboxInput
from wtforms.widgets import ListWidget

from intranet.forms import DayField
from intranet.forms import enum_or_raw
from intranet.forms import enum_select
from intranet.forms import FilesMixin
from intranet.forms import Form
from intranet.forms import KeptFilesMixin
from intranet.forms import max_length
from intranet.forms import prompted_choices
from intranet.forms import VersionedForm
from intranet.logs.forms import check_writer
from intranet.logs.forms import set_roster
from intranet.logs.forms import writer_field
from intranet.models import DisputeKind
from intranet.models import Gender
from intranet.models import Position
from intranet.periods import local_today


def _not_in_future(form: Any, field: DayField) -> None:
    if field.data and field.data > local_today():
        raise ValidationError(_l("The date cannot be in the future."))


class MemberForm(VersionedForm):
    """A member of a village's security team."""

    full_name = StringField(
        _l("Full name"), validators=[DataRequired(_l("Enter the full name.")), max_length(120)]
    )
    position = enum_select(_l("Position"), Position, _l("Choose a position from the list."))
    phone = StringField(
        _l("Phone"),
        validators=[
            Optional(),
            Regexp(r"^[0-9 +.]{8,20}$", message=_l("Enter a phone number of 8 to 20 digits.")),
        ],
        render_kw={"inputmode": "tel", "autocomplete": "off"},
    )
    since = DayField(_l("Member since"), validators=[Optional(), _not_in_future])
    origin = StringField(
        _l("Background"),
        validators=[max_length(120)],
        description=_l("For example: former militia, village elder, youth union."),
    )


class TeamForm(KeptFilesMixin, VersionedForm):
    """The commune chair's decision that set up the team (number and date), and its scan."""

    decision_number = StringField(
        _l("Decision number"), validators=[DataRequired(_l("Enter the number.")), max_length(50)]
    )
    decision_date = DayField(
        _l("Decision date"),
        validators=[DataRequired(_l("Enter the date of the decision.")), _not_in_future],
    )


class PatrolForm(Form):
    """The village tablet's patrol: the day, who went (a tap each), a note."""

    date = DayField(
        _l("Date"),
        validators=[InputRequired(_l("Enter the date of the patrol.")), _not_in_future],
    )
    members = SelectMultipleField(
        _l("Who went"),
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        invalid_choice_message=_l("Tick members of this village's team only."),
    )
    note = TextAreaField(
        _l("Note"),
        validators=[max_length(2000)],
        render_kw={"rows": 3},
        description=_l("Where you went and what you saw."),
    )
    written_by = writer_field()
    client_token = HiddenField()

    def __init__(
        self,
        *args: Any,
        members: list[Any],
        crew: list[int] = (),
        writer: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members.choices = [SelectChoice(str(m.id), m.full_name) for m in members]
        if not self.is_submitted():  # the same members as last time, ticked already
            active = {m.id for m in members}
            self.members.data = [m for m in crew if m in active]
        set_roster(self.written_by, members, writer)

    def validate_members(self, field: SelectMultipleField) -> None:
        if not field.data:
            raise ValidationError(_l("Tick at least one member who went."))

    def validate_written_by(self, field: Any) -> None:
        check_writer(field)


class MediatorForm(Form):
    """A mediator of the village's mediation team."""

    full_name = StringField(
        _l("Full name"), validators=[DataRequired(_l("Enter the full name.")), max_length(120)]
    )
    gender = enum_select(_l("Gender"), Gender, _l("Choose from the list."))
    is_minority = BooleanField(_l("From an ethnic minority"))


class CaseForm(FilesMixin, Form):
    """A dispute brought to the mediation team."""

    received_on = DayField(
        _l("Received on"),
        validators=[InputRequired(_l("Enter the date the case was received.")), _not_in_future],
    )
    kind = SelectField(
        _l("Kind of dispute"),
        coerce=enum_or_raw(DisputeKind),
        choices=lambda: prompted_choices(DisputeKind),
        validators=[DataRequired(_l("Choose the kind of dispute."))],
        invalid_choice_message=_l("Choose a kind of dispute from the list."),
    )
    parties = TextAreaField(
        _l("Parties"),
        validators=[DataRequired(_l("Enter the parties' names.")), max_length(1000)],
        render_kw={"rows": 2},
        description=_l("Only the justice office, the police and this village see the names."),
    )
    summary = TextAreaField(
        _l("What it is about"), validators=[max_length(5000)], render_kw={"rows": 3}
    )
    client_token = HiddenField()


class CloseCaseForm(FilesMixin, VersionedForm):
    """How a case ended: settled, or not settled and referred (an outcome is required)."""

    result = SelectField(
        _l("Result"),
        choices=lambda: [
            SelectChoice("settled", str(_l("Settled"))),
            SelectChoice("not_settled", str(_l("Not settled"))),
        ],
        invalid_choice_message=_l("Choose from the list."),
    )
    outcome = TextAreaField(
        _l("Outcome"),
        validators=[DataRequired(_l("Write how the mediation ended.")), max_length(2000)],
        render_kw={"rows": 3},
    )
    referred_to = StringField(
        _l("Referred to"),
        validators=[max_length(200)],
        description=_l(
            "When not settled: who takes the case on (e.g. the commune People's Committee)."
        ),
    )

    def validate_referred_to(self, field: StringField) -> None:
        if self.result.data == "not_settled" and not (field.data or "").strip():
            raise ValidationError(_l("Say to whom the case is referred."))
