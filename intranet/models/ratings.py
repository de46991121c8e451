"""The rating of the security teams and their members (Guidance 01/HD-BCA-V05, issue 17 item 4).

One draft per rating set and cycle year: the commune police (the steering committee's standing
office) prepare it as the chair's draft, one row per team and per member with the proposed
label; the chair's decision (number, date, signer) locks it. The rules the draft is checked
with (the cap on "xuất sắc", the months needed to be rated, the label that means "not rated")
are copied from the set's data when the draft starts, so a decided year keeps the rules it
was decided under, as an assessment keeps its set version. A police approver corrects decided
ratings by opening the next revision (with a reason), decided again with a new number.
"""

from datetime import date
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from intranet.models.base import db
from intranet.models.base import str_enum
from intranet.models.base import utcnow


class RatingStatus(StrEnum):
    """draft (the police edit it) → decided (the chair's decision; locked)."""

    draft = "draft"
    decided = "decided"

    @property
    def label(self) -> str:
        return str(RATING_STATUS_LABELS[self])


RATING_STATUS_LABELS = {
    RatingStatus.draft: _l("Draft being prepared by the commune police"),
    RatingStatus.decided: _l("Decided by the commune chair"),
}


class RatingDraft(db.Model):
    """The year's ratings of the teams and members: the rules it is checked with, its state
    and, once decided, the chair's decision."""

    __tablename__ = "rating_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("criteria_set.id"))
    year: Mapped[int]
    status: Mapped[RatingStatus] = mapped_column(
        str_enum(RatingStatus, 16), default=RatingStatus.draft
    )
    # The set's rules when the draft started (its "rating_rules" data).
    cap_label: Mapped[str] = mapped_column(String(120))
    cap_of_label: Mapped[str] = mapped_column(String(120))
    cap_percent: Mapped[int]
    min_months: Mapped[int]
    not_rated_label: Mapped[str] = mapped_column(String(120))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime | None]
    number: Mapped[str] = mapped_column(String(50), default="")
    signed_on: Mapped[date | None]
    signer: Mapped[str] = mapped_column(String(120), default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None]
    # 1 the first ratings; a correction of decided ratings is the next revision, with its
    # reason, its rows copied from the one it corrects (which stays as it was decided).
    revision: Mapped[int] = mapped_column(default=1)
    reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    rows: Mapped[list["RatingRow"]] = relationship(
        lazy="raise",
        back_populates="draft",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("set_id", "year", "revision"),)


class RatingRow(db.Model):
    """One team (``member_id`` empty) or one member of it, with the label proposed (empty:
    not chosen yet; the draft's ``not_rated_label``: not rated) and the police's note. The
    member's name and place are kept as they were, so a decided list reads as it was signed."""

    __tablename__ = "rating_row"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("rating_draft.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("security_team.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("team_member.id"))
    full_name: Mapped[str] = mapped_column(String(120), default="")
    # 0 the team itself, 1 leader, 2 deputy, 3 member: the order of the list.
    position_order: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(120), default="")
    suggested: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    draft: Mapped[RatingDraft] = relationship(lazy="raise", back_populates="rows")

    __table_args__ = (
        UniqueConstraint("draft_id", "team_id", "member_id"),
        Index("ix_rating_row_draft_id_team_id", "draft_id", "team_id"),
    )
