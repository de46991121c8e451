"""The villages' self-managed security and order teams (Law 30/2023) and their members."""

from datetime import date
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from intranet.models.base import db
from intranet.models.base import str_enum
from intranet.models.places import Village

# The law's floor for a working team: a leader and at least this many active members.
MIN_ACTIVE_MEMBERS = 3


class Position(StrEnum):
    """A member's place in the team."""

    leader = "leader"
    deputy = "deputy"
    member = "member"

    @property
    def label(self) -> str:
        return str(POSITION_LABELS[self])


POSITION_LABELS = {
    Position.leader: _l("Team leader"),
    Position.deputy: _l("Deputy leader"),
    Position.member: _l("Member"),
}


class SecurityTeam(db.Model):
    """One village's team, set up by a decision of the commune chair."""

    __tablename__ = "security_team"

    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"), unique=True)
    decision_number: Mapped[str] = mapped_column(String(50), default="")
    decision_date: Mapped[date | None]
    version: Mapped[int] = mapped_column(default=1)

    village: Mapped[Village] = relationship(lazy="joined", innerjoin=True)

    __mapper_args__ = {"version_id_col": version}


class TeamMember(db.Model):
    """A person on a team; one who leaves stays on record with the date they left."""

    __tablename__ = "team_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("security_team.id"))
    full_name: Mapped[str] = mapped_column(String(120))
    position: Mapped[Position] = mapped_column(str_enum(Position, 16), default=Position.member)
    phone: Mapped[str] = mapped_column(String(20), default="")
    since: Mapped[date | None]
    # Where the member comes from: former militia, village elder, youth union …
    origin: Mapped[str] = mapped_column(String(120), default="")
    is_active: Mapped[bool] = mapped_column(default=True)
    # Folded full_name (intranet.search): what a search matches, kept by its hook.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    __search_fields__ = ("full_name",)
    left_on: Mapped[date | None]
    version: Mapped[int] = mapped_column(default=1)

    team: Mapped[SecurityTeam] = relationship(lazy="raise")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_team_member_team_id_is_active", "team_id", "is_active"),)


class PatrolMember(db.Model):
    """A team member who went on a patrol (the patrol is an activity log entry of kind patrol).

    The next patrol's form ticks the same members ("the same crew as last time").
    """

    __tablename__ = "patrol_member"

    entry_id: Mapped[int] = mapped_column(
        ForeignKey("activity_log.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("team_member.id"), primary_key=True)
