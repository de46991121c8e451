"""Village mediation (Law 35/2013 on grassroots mediation): teams, mediators and cases."""

from datetime import date
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from intranet.models.accounts import User
from intranet.models.base import db
from intranet.models.base import str_enum
from intranet.models.base import utcnow
from intranet.models.places import Village

# Law 35/2013, article 12: a team has at least three mediators and at least one woman; where
# many ethnic-minority people live it has a mediator from a minority. "Many" is read here as
# at least this share of the village's population.
MIN_MEDIATORS = 3
MINORITY_VILLAGE_PERCENT = 30


class Gender(StrEnum):
    """A mediator's gender, as the law's make-up rule needs it."""

    female = "female"
    male = "male"

    @property
    def label(self) -> str:
        return str({Gender.female: _l("Woman"), Gender.male: _l("Man")}[self])


class DisputeKind(StrEnum):
    """What a mediation case is about."""

    land = "land"
    family = "family"
    neighbours = "neighbours"
    debt = "debt"
    other = "other"

    @property
    def label(self) -> str:
        return str(DISPUTE_KIND_LABELS[self])


DISPUTE_KIND_LABELS = {
    DisputeKind.land: _l("Land"),
    DisputeKind.family: _l("Family"),
    DisputeKind.neighbours: _l("Neighbours"),
    DisputeKind.debt: _l("Debt"),
    DisputeKind.other: _l("Other"),
}


class CaseStatus(StrEnum):
    """open → settled, or open → not settled → referred (to whom)."""

    open = "open"
    settled = "settled"
    not_settled = "not_settled"
    referred = "referred"

    @property
    def label(self) -> str:
        return str(CASE_STATUS_LABELS[self])


CASE_STATUS_LABELS = {
    CaseStatus.open: _l("Being mediated"),
    CaseStatus.settled: _l("Settled"),
    CaseStatus.not_settled: _l("Not settled"),
    CaseStatus.referred: _l("Not settled, referred"),
}


class MediationTeam(db.Model):
    """A village's mediation team."""

    __tablename__ = "mediation_team"

    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"), unique=True)

    village: Mapped[Village] = relationship(lazy="joined", innerjoin=True)


class Mediator(db.Model):
    """A member of a mediation team; one who leaves stays on record."""

    __tablename__ = "mediator"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("mediation_team.id"))
    full_name: Mapped[str] = mapped_column(String(120))
    gender: Mapped[Gender] = mapped_column(str_enum(Gender, 8))
    is_minority: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    left_on: Mapped[date | None]

    team: Mapped[MediationTeam] = relationship(lazy="raise")

    __table_args__ = (Index("ix_mediator_team_id_is_active", "team_id", "is_active"),)


class MediationCase(db.Model):
    """A dispute brought to a village's mediation team. The parties' names are restricted."""

    __tablename__ = "mediation_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    received_on: Mapped[date]
    kind: Mapped[DisputeKind] = mapped_column(str_enum(DisputeKind, 16))
    parties: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[CaseStatus] = mapped_column(str_enum(CaseStatus, 16), default=CaseStatus.open)
    outcome: Mapped[str] = mapped_column(Text, default="")
    referred_to: Mapped[str] = mapped_column(String(200), default="")
    closed_on: Mapped[date | None]
    client_token: Mapped[str | None] = mapped_column(String(36), unique=True)
    token_owner = "recorded_by_id"  # saving.add_once: a token is only ever its sender's
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    village: Mapped[Village] = relationship(lazy="joined", innerjoin=True)
    recorded_by: Mapped[User] = relationship(lazy="joined", innerjoin=True)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_mediation_case_village_id_received_on", "village_id", "received_on"),
        Index("ix_mediation_case_status_received_on", "status", "received_on"),
        Index("ix_mediation_case_closed_on_status", "closed_on", "status"),
        Index("ix_mediation_case_received_on", "received_on"),
    )
