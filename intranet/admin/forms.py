"""The administrator's forms: users, organizations, villages."""

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import BooleanField
from wtforms import PasswordField
from wtforms import SelectChoice
from wtforms import SelectField
from wtforms import StringField
from wtforms import ValidationError
from wtforms.validators import DataRequired
from wtforms.validators import Regexp

from intranet.auth.policy import password_problem
from intranet.auth.policy import username_problem
from intranet.forms import enum_select
from intranet.forms import max_length
from intranet.forms import optional_int
from intranet.forms import VersionedForm
from intranet.forms import whole_number
from intranet.models import db
from intranet.models import Organization
from intranet.models import OrgKind
from intranet.models import Role
from intranet.models import User
from intranet.models import Village
from intranet.models import VillageKind

CODE_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
CODE_MESSAGE = _l("Use lowercase letters without accents, digits, dots, dashes or underscores.")


def organization_choices() -> list[SelectChoice]:
    """Every organization, by name."""
    rows = db.session.execute(
        select(Organization.id, Organization.name).order_by(Organization.name)
    ).all()
    return [SelectChoice(value=str(pk), label=name) for pk, name in rows]


def village_choices(none_label: Any) -> list[SelectChoice]:
    """Every village by code, after a first choice meaning none."""
    rows = db.session.execute(select(Village.id, Village.code, Village.name).order_by(Village.code))
    return [SelectChoice(value="", label=str(none_label))] + [
        SelectChoice(value=str(pk), label=f"{code} · {name}") for pk, code, name in rows
    ]


class UserEditForm(VersionedForm):
    """What the administrator may change on an existing account."""

    full_name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Enter the full name.")), max_length(200)],
    )
    organization = SelectField(
        _l("Organization"),
        coerce=int,
        choices=lambda: organization_choices(),
        invalid_choice_message=_l("Choose an organization from the list."),
    )
    role = enum_select(_l("Role"), Role, _l("Choose a role from the list."))
    village = SelectField(
        _l("Village"),
        coerce=optional_int,
        choices=lambda: village_choices(_l("None (commune level)")),
        invalid_choice_message=_l("Choose a village from the list."),
    )
    locale = SelectField(
        _l("Language"),
        choices=[SelectChoice("vi", "Tiếng Việt"), SelectChoice("en", "English")],
        invalid_choice_message=_l("Choose a language from the list."),
    )
    is_active = BooleanField(_l("Account active"))


class UserCreateForm(UserEditForm):
    """A new account: the fields above plus a username and a first password."""

    username = StringField(
        _l("Username"),
        validators=[DataRequired(_l("Enter a username."))],
        render_kw={"autocapitalize": "none", "spellcheck": "false", "autocomplete": "off"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter a password."))],
        render_kw={"autocomplete": "new-password"},
    )

    def validate_username(self, field: StringField) -> None:
        problem = username_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def validate_password(self, field: PasswordField) -> None:
        problem = password_problem(field.data, self.username.data or "", self.full_name.data or "")
        if problem:
            raise ValidationError(problem)


class PasswordForm(VersionedForm):
    """The administrator sets a new password for someone."""

    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Enter a password."))],
        render_kw={"autocomplete": "new-password"},
    )

    def __init__(self, *args: Any, account: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._account = account

    def validate_password(self, field: PasswordField) -> None:
        names = (self._account.username, self._account.full_name) if self._account else ()
        problem = password_problem(field.data, *names)
        if problem:
            raise ValidationError(problem)


class OrganizationForm(VersionedForm):
    """An organization's name, kind, parent and whether it is still active."""

    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter the name.")), max_length(200)],
    )
    kind = enum_select(_l("Kind"), OrgKind, _l("Choose a kind from the list."))
    parent = SelectField(
        _l("Belongs to"),
        coerce=optional_int,
        invalid_choice_message=_l("Choose an organization from the list."),
    )
    is_active = BooleanField(_l("Active"))

    def __init__(self, *args: Any, editing: Organization | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own_id = editing.id if editing else None
        self.parent.choices = [SelectChoice("", str(_l("None")))] + [
            choice for choice in organization_choices() if choice.value != str(own_id)
        ]


class OrganizationCreateForm(OrganizationForm):
    """A new organization also gets its permanent code."""

    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(_l("Enter a code.")),
            max_length(32),
            Regexp(CODE_PATTERN, message=CODE_MESSAGE),
        ],
        render_kw={"autocapitalize": "none", "spellcheck": "false"},
    )

    def validate_code(self, field: StringField) -> None:
        if db.session.scalar(select(Organization.id).where(Organization.code == field.data)):
            raise ValidationError(_l("This code is already used."))


class VillageForm(VersionedForm):
    """A village's register entry."""

    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(_l("Enter a code.")),
            max_length(16),
            Regexp(CODE_PATTERN, message=CODE_MESSAGE),
        ],
        render_kw={"autocapitalize": "none", "spellcheck": "false"},
    )
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter the name.")), max_length(120)]
    )
    kind = enum_select(_l("Kind"), VillageKind, _l("Choose a kind from the list."))
    population = whole_number(
        _l("Population"), _l("Enter the population as a whole number from 0 to 1,000,000.")
    )
    households = whole_number(
        _l("Households"), _l("Enter the households as a whole number from 0 to 1,000,000.")
    )
    minority_percent = whole_number(
        _l("Ethnic minorities (%)"),
        _l("Enter the share as a whole number from 0 to 100."),
        maximum=100,
    )

    def __init__(self, *args: Any, editing: Village | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._editing = editing

    def validate_code(self, field: StringField) -> None:
        query = select(Village.id).where(Village.code == field.data)
        if self._editing is not None:
            query = query.where(Village.id != self._editing.id)
        if db.session.scalar(query):
            raise ValidationError(_l("This code is already used."))
