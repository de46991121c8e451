"""The entry form and the filters of the lists."""

from datetime import date
from datetime import timedelta
from typing import Any

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import HiddenField
from wtforms import IntegerField
from wtforms import RadioField
from wtforms import SelectChoice
from wtforms import SelectField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import ValidationError
from wtforms.validators import DataRequired
from wtforms.validators import InputRequired
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.widgets import ListWidget
from wtforms.widgets import RadioInput

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
from intranet.models import Attachment
from intranet.models import db
from intranet.models import LogKind
from intranet.models import LogStatus
from intranet.models import Organization
from intranet.models import User
from intranet.periods import local_today

EARLIEST = date(2000, 1, 1)
# Planned activities may be drafted a little ahead; anything later is a typing mistake.
DAYS_AHEAD = 31
DESCRIPTION_LIMIT = 10_000


def village_choices_for(user: User, none_label: Any) -> list[SelectChoice]:
    """A village-bound account gets its village only; others every village and commune-wide."""
    if user.village_id is not None:
        return village_choices(only=user.village_id)
    return [SelectChoice("", str(none_label)), *village_choices()]


def writer_field() -> RadioField:
    """On a village tablet: who on the team is writing (a tap on the roster)."""
    return RadioField(
        _l("Who is writing"),
        coerce=int,
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=RadioInput(),
    )


def set_roster(field: RadioField, roster: list[Any], last: int | None) -> None:
    """Offer the team's active members; the one who wrote last time is tapped already."""
    field.choices = [SelectChoice(str(m.id), m.full_name) for m in roster]
    if field.data is None and last in {m.id for m in roster}:
        field.data = last


def check_writer(field: RadioField) -> None:
    """With a roster, one of its members must be tapped; without one, nobody is recorded."""
    ids = {int(choice.value) for choice in field.choices or []}
    if not ids:
        field.data = None
    elif field.data not in ids:
        raise ValidationError(_l("Tap your name on the team's roster."))


class EntryForm(FilesMixin, VersionedForm):
    """An activity log entry: the fields of DESIGN section 3."""

    date = DayField(
        _l("Date"),
        validators=[InputRequired(_l("Enter the date of the activity."))],
    )
    kind = SelectField(
        _l("Kind of activity"),
        coerce=enum_or_raw(LogKind),
        choices=lambda: prompted_choices(LogKind),
        validators=[DataRequired(_l("Choose the kind of activity."))],
        invalid_choice_message=_l("Choose a kind of activity from the list."),
    )
    village = SelectField(
        _l("Village"),
        coerce=optional_int,
        invalid_choice_message=_l("Choose one of your villages from the list."),
    )
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Enter a title.")), max_length(200)],
    )
    description = TextAreaField(
        _l("What was done"),
        validators=[max_length(DESCRIPTION_LIMIT)],
        render_kw={"rows": 5},
    )
    participants = IntegerField(
        _l("Participants"),
        validators=[
            Optional(),
            NumberRange(min=0, max=100_000, message=_l("Enter a whole number from 0 to 100,000.")),
        ],
        render_kw={"inputmode": "numeric", "min": 0, "max": 100_000},
    )
    # The entry's files ticked for removal (edit only; an approved entry goes through a correction).
    remove_attachments = SelectMultipleField(
        _l("Remove"),
        coerce=int,
        choices=[],
        invalid_choice_message=_l("A file to remove is not one of this entry's files."),
    )
    # Never rendered: an entry always belongs to its author's organization, and a request
    # that names another one (a tampered form) is refused.
    organization = StringField()
    client_token = HiddenField()
    written_by = writer_field()

    def __init__(
        self,
        *args: Any,
        user: User,
        roster: list[Any] = (),
        last_writer: int | None = None,
        files: list[Attachment] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        set_roster(self.written_by, list(roster), last_writer)
        self.files = files or []
        self.remove_attachments.choices = [SelectChoice(a.id, a.name) for a in self.files]
        self.prepared = []
        self.status = 422
        self.village.choices = village_choices_for(user, _l("Commune-wide"))

    @staticmethod
    def latest() -> date:
        return local_today() + timedelta(days=DAYS_AHEAD)

    def validate_date(self, field: DayField) -> None:
        if field.data and not EARLIEST <= field.data <= self.latest():
            raise ValidationError(
                _l(
                    "The date must be between %(first)s and %(last)s.",
                    first=format_date(EARLIEST, "dd/MM/yyyy"),
                    last=format_date(self.latest(), "dd/MM/yyyy"),
                )
            )

    def validate_written_by(self, field: RadioField) -> None:
        check_writer(field)

    def validate_organization(self, field: HiddenField) -> None:
        if field.data and field.data != str(self.user.organization_id):
            raise ValidationError(_l("You can only write entries of your own organization."))

    def prepare_attachments(self, kept: list[Attachment] | None = None) -> bool:
        """The sent files checked against what the entry keeps after the ticked removals."""
        removed = set(self.remove_attachments.data or [])
        return super().prepare_attachments([a for a in self.files if a.id not in removed])

    def values(self) -> dict[str, Any]:
        """The entry's fields as the workflow takes them."""
        return {
            "date": self.date.data,
            "kind": self.kind.data,
            "village_id": self.village.data,
            "title": self.title.data.strip(),
            "description": (self.description.data or "").strip(),
            "participants": self.participants.data or 0,
        }


class FilterForm(Form):
    """The filters of the board and of /logs, bound to the query string (no CSRF on GET)."""

    class Meta:
        csrf = False

    org = SelectField(_l("Organization"), validate_choice=False)
    village = SelectField(_l("Village"), validate_choice=False)
    kind = SelectField(_l("Kind"), validate_choice=False)
    status = SelectField(_l("Status"), validate_choice=False)
    q = StringField(_l("Search"), validators=[max_length(100)])
    from_ = DayField(_l("From"), validators=[Optional()], name="from")
    to = DayField(_l("To"), validators=[Optional()])

    def __init__(self, *args: Any, with_status: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = SelectChoice("", str(_l("All")))
        orgs = db.session.execute(
            select(Organization.code, Organization.name)
            .where(Organization.is_active.is_(True))
            .order_by(Organization.name)
        ).all()
        self.org.choices = [everything] + [SelectChoice(code, name) for code, name in orgs]
        self.village.choices = [everything, *village_choices("code")]
        self.kind.choices = [everything] + labelled_choices(LogKind)
        self.status.choices = [everything] + labelled_choices(LogStatus)
        if not with_status:
            del self.status

    def criteria(self) -> dict[str, Any]:
        """The valid filters as plain values; invalid ones are dropped, never an error page."""
        self.validate()
        values = {
            "org": self.org.data or None,
            "village": self.village.data or None,
            "kind": self.kind.data if self.kind.data in LogKind.__members__ else None,
            "q": (self.q.data or "").strip()[:100] or None,
            "from": self.from_.data if not self.from_.errors else None,
            "to": self.to.data if not self.to.errors else None,
        }
        if "status" in self:
            status = self.status.data
            values["status"] = status if status in LogStatus.__members__ else None
        return values
