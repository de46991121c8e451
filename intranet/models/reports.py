"""What a festival-day report keeps besides its figures: the words the leaders write."""

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from intranet.models.base import db
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
