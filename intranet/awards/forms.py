"""The awards register's forms: a commendation, and a gift to a household."""

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import HiddenField
from wtforms import IntegerField
from wtforms import SelectChoice
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import InputRequired
from wtforms.validators import NumberRange

from intranet.forms import enum_select
from intranet.forms import KeptFilesMixin
from intranet.forms import max_length
from intranet.forms import VersionedForm
from intranet.models import AwardForm as AwardKind
from intranet.models import AwardGiver
from intranet.models import db
from intranet.models import HouseholdKind
from intranet.models import Organization
from intranet.models import OrgKind
from intranet.models import RecipientKind
from intranet.models import Village

FIRST_YEAR = 2000
LAST_YEAR = 2100


def _year_field() -> IntegerField:
    message = _l("Enter a year such as 2025.")
    return IntegerField(
        _l("Festival year"),
        validators=[
            InputRequired(message),
            NumberRange(min=FIRST_YEAR, max=LAST_YEAR, message=message),
        ],
        render_kw={"inputmode": "numeric"},
    )


class AwardEntryForm(KeptFilesMixin, VersionedForm):
    """A commendation: who receives it, who gives it, in what form and why; the decision or
    certificate as files."""

    year = _year_field()
    recipient_kind = enum_select(_l("Recipient"), RecipientKind, _l("Choose from the list."))
    recipient = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter who receives it.")), max_length(200)],
        description=_l("A person's full name, or a team or organization."),
    )
    giver = enum_select(_l("Given by"), AwardGiver, _l("Choose from the list."))
    kind = enum_select(_l("Form"), AwardKind, _l("Choose from the list."))
    reason = TextAreaField(_l("For what"), validators=[max_length(2000)], render_kw={"rows": 3})
    client_token = HiddenField()


class GiftEntryForm(KeptFilesMixin, VersionedForm):
    """A gift to a poor or policy household; the decision or the signed receipt as files."""

    year = _year_field()
    household = StringField(
        _l("Household"),
        validators=[DataRequired(_l("Enter the head of the household.")), max_length(200)],
        description=_l("The head of the household, e.g. Hộ ông Rơ Mah Blơi."),
    )
    village = SelectField(
        _l("Village"), coerce=int, invalid_choice_message=_l("Choose a village from the list.")
    )
    household_kind = enum_select(
        _l("Kind of household"), HouseholdKind, _l("Choose from the list.")
    )
    giver = SelectField(
        _l("Given by"), coerce=int, invalid_choice_message=_l("Choose from the list.")
    )
    value = IntegerField(
        _l("Value (đồng)"),
        validators=[
            InputRequired(_l("Enter the value in đồng.")),
            NumberRange(min=0, max=1_000_000_000, message=_l("Enter the value in đồng.")),
        ],
        render_kw={"inputmode": "numeric"},
    )
    client_token = HiddenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        villages = db.session.execute(
            select(Village.id, Village.kind, Village.name).order_by(Village.code)
        ).all()
        self.village.choices = [
            SelectChoice(str(pk), f"{kind.label.capitalize()} {name}")
            for pk, kind, name in villages
        ]
        # Enterprises first: they give most of the gifts; then the other organizations.
        givers = db.session.execute(
            select(Organization.id, Organization.name, Organization.kind)
            .where(Organization.is_active.is_(True))
            .order_by((Organization.kind != OrgKind.enterprise), Organization.name)
        ).all()
        self.giver.choices = [SelectChoice(str(pk), name) for pk, name, _kind in givers]
