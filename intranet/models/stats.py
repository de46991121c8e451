"""Incident figures (DESIGN section 2): what the police count each month, per category."""

from datetime import date
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from intranet.models.base import db
from intranet.models.base import str_enum
from intranet.models.base import utcnow


class IncidentCategory(StrEnum):
    """What kind of incident a figure counts."""

    crime = "crime"
    social_evils = "social_evils"
    traffic = "traffic"
    fire = "fire"
    other = "other"

    @property
    def label(self) -> str:
        return str(INCIDENT_CATEGORY_LABELS[self])


INCIDENT_CATEGORY_LABELS = {
    IncidentCategory.crime: _l("Crime"),
    IncidentCategory.social_evils: _l("Social evils"),
    IncidentCategory.traffic: _l("Traffic accidents"),
    IncidentCategory.fire: _l("Fire and explosions"),
    IncidentCategory.other: _l("Other incidents"),
}


class Measure(StrEnum):
    """What is counted of the incidents: the cases, and the people who died or were hurt."""

    cases = "cases"
    deaths = "deaths"
    injuries = "injuries"

    @property
    def label(self) -> str:
        return str(MEASURE_LABELS[self])


MEASURE_LABELS = {
    Measure.cases: _l("Number of cases"),
    Measure.deaths: _l("Deaths"),
    Measure.injuries: _l("Injuries"),
}


class IncidentStat(db.Model):
    """One month's figures of one category, for one village or not tied to a village.

    The commune's figure for a month is the sum of every row of that month: the rows of the
    villages and the row without a village (incidents the police do not attribute to one).
    ``month`` is always the first day of the month.
    """

    __tablename__ = "incident_stat"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date]
    category: Mapped[IncidentCategory] = mapped_column(str_enum(IncidentCategory, 16))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    cases: Mapped[int] = mapped_column(default=0)
    deaths: Mapped[int] = mapped_column(default=0)
    injuries: Mapped[int] = mapped_column(default=0)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        CheckConstraint("cases >= 0 AND deaths >= 0 AND injuries >= 0", name="not_negative"),
        Index(
            "ix_incident_stat_month_category_village_id",
            "month",
            "category",
            "village_id",
            unique=True,
        ),
        # NULL never equals NULL in a unique index: one commune-wide row per month and category.
        Index(
            "ix_incident_stat_month_category_commune",
            "month",
            "category",
            unique=True,
            sqlite_where=village_id.is_(None),
            postgresql_where=village_id.is_(None),
        ),
    )
