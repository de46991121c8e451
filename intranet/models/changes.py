"""Account changes that wait for a police approver's confirmation (issue 12, medium 3).

The IT clerk manages accounts, but an account that is or would become a police account or an
approver opens the police's confidential information: making one, changing its role,
organization or active state, or setting its password is held here until a police approver
accepts it. Until then nothing changes on the account.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import JSON
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from intranet.models.accounts import User
from intranet.models.base import db
from intranet.models.base import str_enum
from intranet.models.base import utcnow


class ChangeKind(StrEnum):
    """What the administrator asked for."""

    create = "create"
    update = "update"
    password = "password"

    @property
    def label(self) -> str:
        return str(CHANGE_KIND_LABELS[self])


CHANGE_KIND_LABELS = {
    ChangeKind.create: _l("New account"),
    ChangeKind.update: _l("Change of role, organization or state"),
    ChangeKind.password: _l("New password"),
}


class ChangeStatus(StrEnum):
    """pending → accepted (applied) or rejected (dropped)."""

    pending = "pending"
    accepted = "accepted"
    rejected = "rejected"

    @property
    def label(self) -> str:
        return str(CHANGE_STATUS_LABELS[self])


CHANGE_STATUS_LABELS = {
    ChangeStatus.pending: _l("Waiting for confirmation"),
    ChangeStatus.accepted: _l("Accepted"),
    ChangeStatus.rejected: _l("Rejected"),
}


class PendingChange(db.Model):
    """One requested change of a police or approver account, and its decision."""

    __tablename__ = "pending_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ChangeKind] = mapped_column(str_enum(ChangeKind, 16))
    status: Mapped[ChangeStatus] = mapped_column(
        str_enum(ChangeStatus, 16), default=ChangeStatus.pending
    )
    # The account concerned; None for a new account until it is created on acceptance.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    # The account's username as asked (a new account's name), shown in the list.
    username: Mapped[str] = mapped_column(String(64))
    # The fields to set: full_name, organization (id), role, village (id or None), locale,
    # is_active. Empty for a password change.
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The account's version when the change was asked: a change made since makes it stale.
    base_version: Mapped[int | None]
    # The new password's hash (never the password); cleared when the change is rejected.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    user: Mapped[User | None] = relationship(foreign_keys=[user_id], lazy="joined")
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id], lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id], lazy="joined")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_pending_change_status_requested_at", "status", "requested_at"),)

    def __repr__(self) -> str:
        return f"<PendingChange {self.id} {self.kind} {self.username}>"
