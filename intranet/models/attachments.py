"""Photos and scanned documents attached to records (issue 16, DESIGN section 2).

The bytes live in the database, content-addressed: ``attachment_content`` holds each distinct
re-encoded file once, keyed by its SHA-256, and ``attachment`` says which record shows it, under
which name, added by whom and when. Why the database and not files under ``instance/``:

- the PostgreSQL deployment runs several app servers; each one reads the same rows, with no
  shared file system to set up or keep in step;
- a photo is saved in the same transaction as its record, so a record never lacks its photo and
  a photo never outlives its record (the foreign key cascades);
- ``flask backup`` (SQLite's backup API) and ``pg_dump`` copy the files with the data at the
  same instant, and a restore is one step.

The cost is a larger database. The server re-encodes every image to at most 1600 px (about
150–400 KB) with a 320 px thumbnail for the record's page and a 128 px icon for lists
(13 KB and 3 KB), and PDFs are limited to 10 MB, so a commune that adds a few thousand photos
a year grows by about a gigabyte. The blob columns are deferred: no list query ever reads them.

Activity log entries, mediation cases, tips, commendations, gifts and security teams carry
attachments; each owner is a foreign key column of its own, cascading, and a check says every
attachment has exactly one (``OWNERS``). A tip's files are sealed: ``attachment_content.data``,
``thumbnail`` and ``icon`` hold Fernet tokens made with the informant keys (intranet/sealing.py,
the same keys and rotation), keyed by the token's digest, so no two are shared and nothing of the
picture is readable without the key.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import LargeBinary
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from intranet.models.accounts import User
from intranet.models.base import db
from intranet.models.base import str_enum
from intranet.models.base import utcnow
from intranet.models.logs import ActivityLog
from intranet.models.mediation import MediationCase
from intranet.models.tips import Tip

# The columns that may own an attachment; exactly one is set.
OWNERS = ("entry_id", "case_id", "tip_id", "award_id", "gift_id", "team_id")


ONE_OWNER = (
    " + ".join(f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)" for column in OWNERS) + " = 1"
)


class AttachmentKind(StrEnum):
    """What an attachment is: a re-encoded photo (JPEG) or a PDF scan (served as a download)."""

    image = "image"
    pdf = "pdf"


class AttachmentContent(db.Model):
    """One stored file, once however many records show it (a correction shares its photos)."""

    __tablename__ = "attachment_content"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    width: Mapped[int | None]
    height: Mapped[int | None]
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    thumbnail: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    # The 128 px square drawn in lists; NULL for a PDF, and for an image stored before icons
    # existed until it is first asked for (evidence.stored_icon makes it from the thumbnail).
    icon: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    # Encrypted with the informant keys (a tip's file); size, width and height are the clear file's.
    sealed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Attachment(db.Model):
    """A file shown on a record; whoever may see the record may see the file, nobody else."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("activity_log.id", ondelete="CASCADE"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"))
    tip_id: Mapped[int | None] = mapped_column(ForeignKey("tip.id", ondelete="CASCADE"))
    award_id: Mapped[int | None] = mapped_column(ForeignKey("award.id", ondelete="CASCADE"))
    gift_id: Mapped[int | None] = mapped_column(ForeignKey("gift.id", ondelete="CASCADE"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("security_team.id", ondelete="CASCADE"))
    content_sha256: Mapped[str] = mapped_column(ForeignKey("attachment_content.sha256"))
    kind: Mapped[AttachmentKind] = mapped_column(str_enum(AttachmentKind, 8))
    # The sender's file name, cleaned (no path, no control characters), with our extension.
    name: Mapped[str] = mapped_column(String(120))
    added_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    content: Mapped[AttachmentContent] = relationship(lazy="joined", innerjoin=True)
    added_by: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    entry: Mapped[ActivityLog | None] = relationship(lazy="raise")
    case: Mapped[MediationCase | None] = relationship(lazy="raise")
    tip: Mapped[Tip | None] = relationship(lazy="raise")

    __table_args__ = (
        CheckConstraint(ONE_OWNER, name="one_owner"),
        Index("ix_attachment_entry_id_id", "entry_id", "id"),
        Index("ix_attachment_tip_id_id", "tip_id", "id"),
        Index("ix_attachment_case_id_id", "case_id", "id"),
        Index("ix_attachment_award_id_id", "award_id", "id"),
        Index("ix_attachment_gift_id_id", "gift_id", "id"),
        Index("ix_attachment_team_id_id", "team_id", "id"),
        Index("ix_attachment_content_sha256", "content_sha256"),
    )

    @property
    def size(self) -> int:
        return self.content.size

    @property
    def has_thumbnail(self) -> bool:
        return self.kind == AttachmentKind.image

    def __repr__(self) -> str:
        return f"<Attachment {self.id} {self.kind} entry={self.entry_id}>"
