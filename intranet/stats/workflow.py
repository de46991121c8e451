"""Saving incident figures: the checks of a cell, and the upsert of its row."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from intranet import audit
from intranet.models import db
from intranet.models import IncidentCategory
from intranet.models import IncidentStat
from intranet.models import Measure
from intranet.models import Village
from intranet.periods import local_today
from intranet.permissions import Action
from intranet.permissions import require
from intranet.stats import figures
from intranet.stats.forms import CellForm


def check(month: date, form: CellForm) -> bool:
    """Validate a cell: a whole number from 0, and never for a month still to come."""
    valid = form.validate()
    if month > figures.first_of_month(local_today()) and form.value.data is not None:
        form.value.errors = [*form.value.errors, _l("This month has not come yet.")]
        valid = False
    return valid


def save(
    month: date,
    category: IncidentCategory,
    village: Village | None,
    measure: Measure,
    value: int | None,
) -> IncidentStat | None:
    """Set one figure. Empty leaves a month never entered alone, and clears one entered to 0."""
    require(Action.enter_stats)
    row = figures.find_row(month, category, village.id if village else None)
    if row is None:
        if value is None:
            return None
        row = IncidentStat(
            month=month, category=category, village_id=village.id if village else None
        )
        db.session.add(row)
    new = value or 0
    if getattr(row, measure.value) == new and row.id is not None:
        return row
    setattr(row, measure.value, new)
    row.updated_by_id = current_user.id
    audit.record(
        "incident_figure_saved",
        row,
        month=f"{month:%Y-%m}",
        category=category.value,
        village=village.code if village else None,
        measure=measure.value,
        value=new,
    )
    return row
