"""Activity log entries and their review history (DESIGN section 2)."""

from datetime import date
from datetime import datetime
from enum import StrEnum
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import JSON
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from intranet.models.accounts import Organization
from intranet.models.accounts import User
from intranet.models.base import db
from intranet.models.base import str_enum
from intranet.models.base import utcnow
from intranet.models.places import Village


class LogKind(StrEnum):
    """What kind of activity an entry records."""

    propaganda = "propaganda"
    patrol = "patrol"
    mediation = "mediation"
    club = "club"
    training = "training"
    festival = "festival"
    pledge = "pledge"
    support = "support"
    other = "other"

    @property
    def label(self) -> str:
        return str(LOG_KIND_LABELS[self])


LOG_KIND_LABELS = {
    LogKind.propaganda: _l("Propaganda meeting"),
    LogKind.patrol: _l("Patrol"),
    LogKind.mediation: _l("Mediation"),
    LogKind.club: _l("Club activity"),
    LogKind.training: _l("Training"),
    LogKind.festival: _l("Festival"),
    LogKind.pledge: _l("Emulation pledge"),
    LogKind.support: _l("Support to households"),
    LogKind.other: _l("Other"),
}


class LogStatus(StrEnum):
    """draft → submitted → approved, or submitted → returned → (edit) → submitted."""

    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    approved = "approved"

    @property
    def label(self) -> str:
        return str(LOG_STATUS_LABELS[self])


LOG_STATUS_LABELS = {
    LogStatus.draft: _l("Draft"),
    LogStatus.submitted: _l("Waiting for approval"),
    LogStatus.returned: _l("Returned"),
    LogStatus.approved: _l("Approved"),
}


class ReviewAction(StrEnum):
    """A step in an entry's history."""

    create = "create"
    edit = "edit"
    submit = "submit"
    resubmit = "resubmit"
    approve = "approve"
    return_ = "return"

    @property
    def label(self) -> str:
        return str(REVIEW_ACTION_LABELS[self])


REVIEW_ACTION_LABELS = {
    ReviewAction.create: _l("created"),
    ReviewAction.edit: _l("edited"),
    ReviewAction.submit: _l("submitted for approval"),
    ReviewAction.resubmit: _l("resubmitted after the return"),
    ReviewAction.approve: _l("approved"),
    ReviewAction.return_: _l("returned"),
}

# The fields a snapshot keeps, so a reviewer sees what changed since the return.
SNAPSHOT_FIELDS = ("date", "kind", "village_id", "title", "description", "participants")


class ActivityLog(db.Model):
    """One entry of an organization's activity log."""

    __tablename__ = "activity_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    date: Mapped[date]
    kind: Mapped[LogKind] = mapped_column(str_enum(LogKind, 16))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    participants: Mapped[int] = mapped_column(default=0)
    status: Mapped[LogStatus] = mapped_column(str_enum(LogStatus, 16), default=LogStatus.draft)
    # An approved entry is never unlocked: a correction is a new entry pointing at it.
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("activity_log.id"))
    # A form posted twice (double tap, retry) carries the same token: one entry, not two.
    client_token: Mapped[str | None] = mapped_column(String(36), unique=True)
    token_owner = "author_id"  # saving.add_once: a token is only ever its author's
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None]
    approved_at: Mapped[datetime | None]
    # Folded title, description (intranet.search): what a search matches, kept by its hook.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    __search_fields__ = ("title", "description")
    # Its folded title alone: a match there ranks first (search.tiers).
    search_title: Mapped[str] = mapped_column(Text, default="", server_default="")
    __search_title__ = ("title",)
    # Who on the village's team wrote it on the tablet (the account is the team leader's).
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("team_member.id"))
    version: Mapped[int] = mapped_column(default=1)

    organization: Mapped[Organization] = relationship(lazy="joined", innerjoin=True)
    village: Mapped[Village | None] = relationship(lazy="joined")
    author: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    corrects: Mapped["ActivityLog | None"] = relationship(remote_side=[id], lazy="raise")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("participants >= 0", name="participants_not_negative"),
        Index("ix_activity_log_date_id", "date", "id"),
        # The list's order within the visibility rule's parts: approved (or submitted) entries,
        # and one organization's own entries (bench/NOTES.md: /logs went from 400 ms to 5).
        Index("ix_activity_log_status_date_id", "status", "date", "id"),
        Index("ix_activity_log_organization_date_id", "organization_id", "date", "id"),
        Index("ix_activity_log_status_approved_at_id", "status", "approved_at", "id"),
        Index("ix_activity_log_status_submitted_at_id", "status", "submitted_at", "id"),
        Index("ix_activity_log_organization_status_date", "organization_id", "status", "date"),
        Index("ix_activity_log_village_date", "village_id", "date"),
        # One correction per approved entry: two would both count in the report.
        Index(
            "uq_activity_log_corrects_id",
            "corrects_id",
            unique=True,
            sqlite_where=text("corrects_id IS NOT NULL"),
            postgresql_where=text("corrects_id IS NOT NULL"),
        ),
    )

    def __repr__(self) -> str:
        return f"<ActivityLog {self.id} {self.status}>"

    def snapshot(self) -> dict[str, Any]:
        """The entry's content as plain values, kept with each step of its history."""
        values = {name: getattr(self, name) for name in SNAPSHOT_FIELDS}
        values["date"] = self.date.isoformat()
        values["kind"] = self.kind.value
        return values


class ReviewEvent(db.Model):
    """One step of an entry's history: who did what, when, why, and the entry as it was."""

    __tablename__ = "review_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("activity_log.id", ondelete="CASCADE"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[ReviewAction] = mapped_column(str_enum(ReviewAction, 16))
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    entry: Mapped[ActivityLog] = relationship(lazy="raise")

    __table_args__ = (Index("ix_review_event_entry_id_id", "entry_id", "id"),)
