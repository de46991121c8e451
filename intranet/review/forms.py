"""The return form: why an entry goes back to its organization."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice
from wtforms import SelectField
from wtforms import TextAreaField
from wtforms import ValidationError

from intranet.forms import Form
from intranet.forms import max_length

RETURN_REASONS = (
    _l("The number of participants is missing or wrong."),
    _l("The date is not right."),
    _l("The description is too short: add what was done and its result."),
    _l("This activity is already recorded in another entry."),
)


class ReturnForm(Form):
    """Why an entry goes back: a ready reason or free text (a reason is required)."""

    reason = SelectField(
        _l("Reason"),
        choices=lambda: (
            [SelectChoice("", str(_l("Choose a reason…")))]
            + [SelectChoice(str(text), str(text)) for text in RETURN_REASONS]
        ),
        validate_choice=False,
    )
    comment = TextAreaField(
        _l("Or write the reason"), validators=[max_length(2000)], render_kw={"rows": 2}
    )

    def reason_text(self) -> str:
        """The free text if any, else the chosen ready reason."""
        return (self.comment.data or "").strip() or (self.reason.data or "").strip()

    def validate_comment(self, field: TextAreaField) -> None:
        if not self.reason_text():
            raise ValidationError(_l("Say why the entry goes back: choose or write a reason."))
