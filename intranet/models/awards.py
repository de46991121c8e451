"""Festival-day records: commendations, and gifts to poor and policy households."""

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from intranet.models.accounts import Organization
from intranet.models.base import db
from intranet.models.base import str_enum
from intranet.models.base import utcnow
from intranet.models.places import Village


class RecipientKind(StrEnum):
    """A commendation goes to a collective (a team, an organization) or to a person."""

    collective = "collective"
    individual = "individual"

    @property
    def label(self) -> str:
        return str(RECIPIENT_KIND_LABELS[self])


RECIPIENT_KIND_LABELS = {
    RecipientKind.collective: _l("Collective"),
    RecipientKind.individual: _l("Individual"),
}


class AwardGiver(StrEnum):
    """Who commends."""

    commune_chair = "commune_chair"
    provincial_police = "provincial_police"
    provincial_committee = "provincial_committee"
    commune_police = "commune_police"

    @property
    def label(self) -> str:
        return str(AWARD_GIVER_LABELS[self])


AWARD_GIVER_LABELS = {
    AwardGiver.commune_chair: _l("Chair of the commune People's Committee"),
    AwardGiver.provincial_police: _l("Provincial police"),
    AwardGiver.provincial_committee: _l("Provincial People's Committee"),
    AwardGiver.commune_police: _l("Commune police"),
}


class AwardForm(StrEnum):
    """What the commendation is."""

    certificate = "certificate"
    gift = "gift"

    @property
    def label(self) -> str:
        return str(AWARD_FORM_LABELS[self])


AWARD_FORM_LABELS = {
    AwardForm.certificate: _l("Certificate of merit"),
    AwardForm.gift: _l("Gift"),
}


class HouseholdKind(StrEnum):
    """The households that receive gifts: poor households and policy households."""

    poor = "poor"
    policy = "policy"

    @property
    def label(self) -> str:
        return str(HOUSEHOLD_KIND_LABELS[self])


HOUSEHOLD_KIND_LABELS = {
    HouseholdKind.poor: _l("Poor household"),
    HouseholdKind.policy: _l("Policy household"),
}


class Award(db.Model):
    """A commendation given on (or for) a year's festival day."""

    __tablename__ = "award"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    recipient_kind: Mapped[RecipientKind] = mapped_column(str_enum(RecipientKind, 16))
    recipient: Mapped[str] = mapped_column(String(200))
    giver: Mapped[AwardGiver] = mapped_column(str_enum(AwardGiver, 24))
    form: Mapped[AwardForm] = mapped_column(str_enum(AwardForm, 16))
    reason: Mapped[str] = mapped_column(Text, default="")
    client_token: Mapped[str | None] = mapped_column(String(36), unique=True)
    # Who recorded it (None for rows from before it was kept); scopes the client token.
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    token_owner = "recorded_by_id"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_award_year_id", "year", "id"),)


class Gift(db.Model):
    """A gift to a poor or policy household, from an enterprise or an organization."""

    __tablename__ = "gift"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    household: Mapped[str] = mapped_column(String(200))
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"))
    household_kind: Mapped[HouseholdKind] = mapped_column(str_enum(HouseholdKind, 16))
    giver_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    # In Vietnamese đồng.
    value: Mapped[int] = mapped_column(default=0)
    client_token: Mapped[str | None] = mapped_column(String(36), unique=True)
    # Who recorded it (None for rows from before it was kept); scopes the client token.
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    token_owner = "recorded_by_id"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    village: Mapped[Village] = relationship(lazy="joined", innerjoin=True)
    giver: Mapped[Organization] = relationship(lazy="joined", innerjoin=True)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("value >= 0", name="value_not_negative"),
        Index("ix_gift_year_id", "year", "id"),
    )
