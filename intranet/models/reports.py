"""What a festival-day report keeps besides its figures: the leaders' words and chosen photos."""

from datetime import datetime
from enum import StrEnum

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


class ReportNarrative(db.Model):
    """One year's report: its number, signer and the paragraphs figures cannot say."""

    __tablename__ = "report_narrative"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    # The document's number in "Số: 125/BC-UBND"; empty until the office gives one.
    number: Mapped[str] = mapped_column(String(20), default="")
    signer: Mapped[str] = mapped_column(String(120), default="")
    assessment: Mapped[str] = mapped_column(Text, default="")
    tasks: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class PhotoSection(StrEnum):
    """The report's sections that may show photos: those that count activity log entries."""

    movement = "movement"  # patrols
    activity = "activity"  # every other kind but mediation
    mediation = "mediation"  # entries of the mediation kind (never a case's own files)


class ReportPhotoChoice(db.Model):
    """A leader's choice of photos for one section of one year's report (issue 16, item 7).

    One row per (year, section) with a version, so two leaders choosing at once do not
    overwrite each other unseen; its photos are ``ReportPhoto`` rows, in the order shown.
    """

    __tablename__ = "report_photo_choice"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    section: Mapped[PhotoSection] = mapped_column(str_enum(PhotoSection, 16))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    photos: Mapped[list["ReportPhoto"]] = relationship(
        lazy="selectin",
        order_by="ReportPhoto.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (UniqueConstraint("year", "section", name="uq_report_photo_choice_year"),)
    __mapper_args__ = {"version_id_col": version}


class ReportPhoto(db.Model):
    """One chosen photo: an attachment of an approved entry. Deleting the attachment (taken off
    a draft correction's copy, or its entry deleted) takes the choice with it; an entry that
    stops counting (replaced by an approved correction) is left out when the report is drawn."""

    __tablename__ = "report_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    choice_id: Mapped[int] = mapped_column(ForeignKey("report_photo_choice.id", ondelete="CASCADE"))
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachment.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)

    __table_args__ = (
        UniqueConstraint("choice_id", "attachment_id", name="uq_report_photo_choice_id"),
        Index("ix_report_photo_attachment_id", "attachment_id"),
    )
