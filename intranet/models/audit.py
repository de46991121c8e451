"""The audit trail: who did what to which row, and when."""

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import JSON
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from intranet.models.accounts import User
from intranet.models.base import db
from intranet.models.base import utcnow


class AuditEvent(db.Model):
    """One audited action. Details never hold a tip's text or an informant (DESIGN section 2)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(40))
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[int | None]
    address: Mapped[str | None] = mapped_column(String(45))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (
        Index("ix_audit_event_at_id", "at", "id"),
        Index("ix_audit_event_target", "target_type", "target_id"),
    )
