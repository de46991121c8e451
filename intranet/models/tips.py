"""Information from residents (tips): the police's alone, with the informant sealed apart.

A Tip holds what happened; who said it lives in Informant, a separate table whose only
payload is a Fernet token (intranet.sealing), so the database alone never names anyone.
"""

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


class TipChannel(StrEnum):
    """How the information reached the commune."""

    in_person = "in_person"
    phone = "phone"
    message = "message"
    vneid = "vneid"
    village_team = "village_team"
    hotline = "hotline"

    @property
    def label(self) -> str:
        return str(TIP_CHANNEL_LABELS[self])


TIP_CHANNEL_LABELS = {
    TipChannel.in_person: _l("In person"),
    TipChannel.phone: _l("Phone call"),
    TipChannel.message: _l("Text or chat message"),
    TipChannel.vneid: _l("Through VNeID"),
    TipChannel.village_team: _l("Through the village team"),
    TipChannel.hotline: _l("Police hotline"),
}


class TipCategory(StrEnum):
    """What the information is about."""

    drugs = "drugs"
    theft = "theft"
    gambling = "gambling"
    fights = "fights"
    traffic = "traffic"
    political_security = "political_security"
    other = "other"

    @property
    def label(self) -> str:
        return str(TIP_CATEGORY_LABELS[self])


TIP_CATEGORY_LABELS = {
    TipCategory.drugs: _l("Drugs"),
    TipCategory.theft: _l("Theft"),
    TipCategory.gambling: _l("Gambling"),
    TipCategory.fights: _l("Fights and disorder"),
    TipCategory.traffic: _l("Traffic"),
    TipCategory.political_security: _l("Political security"),
    TipCategory.other: _l("Other"),
}


class TipStatus(StrEnum):
    """received → verifying → valuable / not valuable / referred (to whom)."""

    received = "received"
    verifying = "verifying"
    valuable = "valuable"
    not_valuable = "not_valuable"
    referred = "referred"

    @property
    def label(self) -> str:
        return str(TIP_STATUS_LABELS[self])

    @property
    def is_closed(self) -> bool:
        return self in CLOSED_TIP_STATUSES


TIP_STATUS_LABELS = {
    TipStatus.received: _l("Received"),
    TipStatus.verifying: _l("Being verified"),
    TipStatus.valuable: _l("Valuable"),
    TipStatus.not_valuable: _l("Not valuable"),
    TipStatus.referred: _l("Referred"),
}

CLOSED_TIP_STATUSES = frozenset({TipStatus.valuable, TipStatus.not_valuable, TipStatus.referred})

# The only moves a tip's status may make; a closed tip stays closed.
TIP_TRANSITIONS: dict[TipStatus, frozenset[TipStatus]] = {
    TipStatus.received: frozenset({TipStatus.verifying}),
    TipStatus.verifying: CLOSED_TIP_STATUSES,
    TipStatus.valuable: frozenset(),
    TipStatus.not_valuable: frozenset(),
    TipStatus.referred: frozenset(),
}


class Tip(db.Model):
    """A piece of information a resident brought, relayed by any signed-in user."""

    __tablename__ = "tip"

    id: Mapped[int] = mapped_column(primary_key=True)
    received_on: Mapped[date]
    channel: Mapped[TipChannel] = mapped_column(str_enum(TipChannel, 16))
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"))
    category: Mapped[TipCategory] = mapped_column(str_enum(TipCategory, 24))
    summary: Mapped[str] = mapped_column(Text)
    status: Mapped[TipStatus] = mapped_column(str_enum(TipStatus, 16), default=TipStatus.received)
    handling_officer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    outcome: Mapped[str] = mapped_column(Text, default="")
    referred_to: Mapped[str] = mapped_column(String(200), default="")
    relayed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    client_token: Mapped[str | None] = mapped_column(String(36), unique=True)
    token_owner = "relayed_by_id"  # saving.add_once: a token is only ever its sender's
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Folded summary, outcome (intranet.search): what a search matches, kept by its hook.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    __search_fields__ = ("summary", "outcome")
    # Its folded summary alone: a match there ranks first (search.tiers).
    search_title: Mapped[str] = mapped_column(Text, default="", server_default="")
    __search_title__ = ("summary",)
    closed_on: Mapped[date | None]
    version: Mapped[int] = mapped_column(default=1)

    village: Mapped[Village] = relationship(lazy="joined", innerjoin=True)
    handling_officer: Mapped[User | None] = relationship(
        lazy="joined", foreign_keys=[handling_officer_id]
    )
    relayed_by: Mapped[User] = relationship(
        lazy="joined", innerjoin=True, foreign_keys=[relayed_by_id]
    )
    informant: Mapped["Informant | None"] = relationship(lazy="raise", back_populates="tip")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_tip_received_on_id", "received_on", "id"),
        Index("ix_tip_status_received_on", "status", "received_on"),
        Index("ix_tip_village_id_received_on", "village_id", "received_on"),
    )

    @property
    def number(self) -> str:
        """The receipt number a relayer writes down: year and a running number."""
        return f"{self.received_on.year}/{self.id:05d}"


class Informant(db.Model):
    """Who gave a tip and how to reach them: one Fernet token, opened only with a reason."""

    __tablename__ = "informant"

    id: Mapped[int] = mapped_column(primary_key=True)
    tip_id: Mapped[int] = mapped_column(ForeignKey("tip.id", ondelete="CASCADE"), unique=True)
    sealed: Mapped[str] = mapped_column(Text)

    tip: Mapped[Tip] = relationship(lazy="raise", back_populates="informant")
