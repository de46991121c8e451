"""Sign-in and language forms."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField
from wtforms import PasswordField
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import Length

from intranet.forms import Form


class LoginForm(Form):
    """Username and password; the username is kept when the password is wrong."""

    username = StringField(
        _l("Username"),
        validators=[DataRequired(_l("Enter your username.")), Length(max=64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class LocaleForm(Form):
    """The language switch: one button per language."""

    locale = HiddenField(validators=[DataRequired()])
    next = HiddenField()
