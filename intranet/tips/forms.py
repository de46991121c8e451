"""The tip forms: relaying information, handling it, opening a sealed informant, the filters."""

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import HiddenField
from wtforms import SelectChoice
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import ValidationError
from wtforms.validators import DataRequired
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import Optional

from intranet.forms import DayField
from intranet.forms import enum_or_raw
from intranet.forms import FilesMixin
from intranet.forms import Form
from intranet.forms import labelled_choices
from intranet.forms import max_length
from intranet.forms import optional_int
from intranet.forms import prompted_choices
from intranet.forms import VersionedForm
from intranet.forms import village_choices
from intranet.models import db
from intranet.models import Tip
from intranet.models import TIP_TRANSITIONS
from intranet.models import TipCategory
from intranet.models import TipChannel
from intranet.models import TipStatus
from intranet.models import User
from intranet.periods import local_today
from intranet.permissions import police_users


def _not_in_future(form: Any, field: DayField) -> None:
    if field.data and field.data > local_today():
        raise ValidationError(_l("The date cannot be in the future."))


class TipForm(FilesMixin, Form):
    """Information a resident brought. The informant's name and contact are sealed at once."""

    received_on = DayField(_l("Received on"), validators=[Optional(), _not_in_future])
    channel = SelectField(
        _l("How it came in"),
        coerce=enum_or_raw(TipChannel),
        choices=lambda: labelled_choices(TipChannel),
        invalid_choice_message=_l("Choose how the information came in from the list."),
    )
    village = SelectField(
        _l("Village"),
        coerce=optional_int,
        validators=[InputRequired(_l("Choose the village the information is about."))],
        invalid_choice_message=_l("Choose a village from the list."),
    )
    category = SelectField(
        _l("Category"),
        coerce=enum_or_raw(TipCategory),
        choices=lambda: prompted_choices(TipCategory),
        validators=[DataRequired(_l("Choose what the information is about."))],
        invalid_choice_message=_l("Choose a category from the list."),
    )
    summary = TextAreaField(
        _l("What happened"),
        validators=[DataRequired(_l("Write what the resident reported.")), max_length(5000)],
        render_kw={"rows": 5},
    )
    informant_name = StringField(
        _l("Name (optional)"),
        validators=[max_length(120)],
        render_kw={"autocomplete": "off"},
    )
    informant_contact = StringField(
        _l("Phone or address (optional)"),
        validators=[max_length(200)],
        render_kw={"autocomplete": "off"},
    )
    client_token = HiddenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.village.choices = [SelectChoice("", str(_l("Choose a village"))), *village_choices()]

    def validate_village(self, field: SelectField) -> None:
        if field.data is None:
            raise ValidationError(_l("Choose the village the information is about."))


def police_officers() -> list[User]:
    """The active police accounts, who may handle a tip (permissions.police_users)."""
    return list(db.session.scalars(select(User).where(police_users()).order_by(User.full_name)))


class HandleForm(VersionedForm):
    """Move a tip on (received → verifying → valuable / not valuable / referred)."""

    # The choice is checked by validate_status, which says which move is not allowed.
    status = SelectField(_l("Status"), validate_choice=False)
    handling_officer = SelectField(
        _l("Handling officer"),
        coerce=optional_int,
        invalid_choice_message=_l("Choose an officer from the list."),
    )
    outcome = TextAreaField(
        _l("Outcome note"), validators=[max_length(5000)], render_kw={"rows": 4}
    )
    referred_to = StringField(
        _l("Referred to"),
        validators=[max_length(200)],
        description=_l("When referred: the unit that takes it on (e.g. the provincial police)."),
    )

    def __init__(self, *args: Any, tip: Tip, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tip = tip
        self.status.choices = [SelectChoice(tip.status.value, tip.status.label)] + [
            SelectChoice(status.value, status.label)
            for status in TipStatus
            if status in TIP_TRANSITIONS[tip.status]
        ]
        self.handling_officer.choices = [SelectChoice("", str(_l("Nobody yet")))] + [
            SelectChoice(str(user.id), user.full_name) for user in police_officers()
        ]

    def validate_status(self, field: SelectField) -> None:
        """A move the workflow allows, said in words when it does not (valuable → received)."""
        current = self.tip.status
        try:
            wanted = TipStatus(field.data)
        except ValueError:
            raise ValidationError(_l("Choose a status from the list.")) from None
        if wanted == current and current.is_closed:
            raise ValidationError(
                _l("This tip is closed as “%(current)s”; it stays as it is.", current=current.label)
            )
        if wanted != current and wanted not in TIP_TRANSITIONS[current]:
            raise ValidationError(
                _l(
                    "A tip that is “%(current)s” cannot become “%(wanted)s”.",
                    current=current.label,
                    wanted=wanted.label,
                )
            )

    def validate_outcome(self, field: TextAreaField) -> None:
        closing = self.status.data in {s.value for s in TipStatus if s.is_closed}
        if closing and not (field.data or "").strip():
            raise ValidationError(_l("Write the outcome before closing the tip."))

    def validate_referred_to(self, field: StringField) -> None:
        if self.status.data == TipStatus.referred.value and not (field.data or "").strip():
            raise ValidationError(_l("Say to whom the tip is referred."))


class OpenInformantForm(Form):
    """The reason an approver gives before seeing who gave a tip; it goes to the audit log."""

    reason = TextAreaField(
        _l("Why you need to know who gave it"),
        validators=[
            DataRequired(_l("Write why you open the informant's details.")),
            Length(min=10, max=500, message=_l("Write the reason in 10 to 500 characters.")),
        ],
        render_kw={"rows": 2},
    )


class TipFilterForm(Form):
    """The register's filters, bound to the query string (no CSRF on GET)."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), validate_choice=False)
    category = SelectField(_l("Category"), validate_choice=False)
    village = SelectField(_l("Village"), validate_choice=False)
    q = StringField(_l("Search"), validators=[max_length(100)])
    from_ = DayField(_l("From"), validators=[Optional()], name="from")
    to = DayField(_l("To"), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = SelectChoice("", str(_l("All")))
        self.status.choices = [everything] + labelled_choices(TipStatus)
        self.category.choices = [everything] + labelled_choices(TipCategory)
        self.village.choices = [everything, *village_choices("code")]

    def criteria(self) -> dict[str, Any]:
        """The valid filters as plain values; invalid ones are dropped, never an error page."""
        self.validate()
        return {
            "status": self.status.data if self.status.data in TipStatus.__members__ else None,
            "category": (
                self.category.data if self.category.data in TipCategory.__members__ else None
            ),
            "village": self.village.data or None,
            "q": (self.q.data or "").strip()[:100] or None,
            "from": self.from_.data if not self.from_.errors else None,
            "to": self.to.data if not self.to.errors else None,
        }
