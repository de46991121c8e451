"""Sign-in and language forms."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField
from wtforms import PasswordField
from wtforms import StringField
from wtforms.validators import DataRequired

from intranet.forms import Form
from intranet.forms import max_length


class LoginForm(Form):
    """Username and password; the username is kept when the password is wrong."""

    username = StringField(
        _l("Username"),
        validators=[DataRequired(_l("Enter your username.")), max_length(64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), max_length(200)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class LocaleForm(Form):
    """The language switch: one button per language."""

    locale = HiddenField(validators=[DataRequired()])
    next = HiddenField()
