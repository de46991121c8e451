"""The report's words: written by the leaders, kept with the report, printed in the .docx."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import Optional

from intranet.forms import DayField
from intranet.forms import Form
from intranet.forms import max_length
from intranet.forms import VersionedForm


class NarrativeForm(VersionedForm):
    """What figures cannot say: the assessment and next year's tasks; the number and signer."""

    number = StringField(
        _l("Document number"),
        validators=[max_length(20)],
        description=_l("Given by the office, e.g. 125: the document reads “Số: 125/BC-UBND”."),
    )
    signer = StringField(_l("Signed by (the commune chair)"), validators=[max_length(120)])
    assessment = TextAreaField(
        _l("General assessment"),
        validators=[max_length(20_000)],
        render_kw={"rows": 6},
        description=_l("Strengths, shortcomings and their causes. One paragraph per line."),
    )
    tasks = TextAreaField(
        _l("Tasks for next year"),
        validators=[max_length(20_000)],
        render_kw={"rows": 6},
        description=_l("One task per line."),
    )


class PhotoForm(VersionedForm):
    """A section's photos: the ticked ``photo`` boxes (read by the view, checked by
    ``photos.choose``) and the version of the choice the form showed."""


class PeriodForm(Form):
    """The period the report covers (GET, no CSRF)."""

    class Meta:
        csrf = False

    from_ = DayField(_l("From"), validators=[Optional()], name="from")
    to = DayField(_l("To"), validators=[Optional()])
