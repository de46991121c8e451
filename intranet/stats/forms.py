"""The incident grid: one small form per cell, named after its month and category."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField
from wtforms.validators import NumberRange
from wtforms.validators import Optional

from intranet.forms import Form
from intranet.models import IncidentCategory

MAXIMUM = 100_000


class CellForm(Form):
    """One figure of the grid. Empty means "not entered"; CSRFProtect guards the whole post."""

    class Meta:
        csrf = False

    value = IntegerField(
        _l("Figure"),
        validators=[
            Optional(),
            NumberRange(min=0, max=MAXIMUM, message=_l("Enter a whole number, 0 or more.")),
        ],
        render_kw={"inputmode": "numeric", "min": 0, "max": MAXIMUM, "autocomplete": "off"},
    )


def cell_prefix(month: date, category: IncidentCategory | str) -> str:
    """The cell's name in the grid, e.g. 2026-03-crime (its field is 2026-03-crime-value)."""
    return f"{month:%Y-%m}-{IncidentCategory(category).value}"


def cell_form(month: date, category: IncidentCategory | str, **kwargs: object) -> CellForm:
    return CellForm(prefix=cell_prefix(month, category), **kwargs)
