"""Organizations, users and the record of failed sign-ins."""

import secrets
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from intranet.models.base import db
from intranet.models.base import str_enum
from intranet.models.base import utcnow

if TYPE_CHECKING:
    from intranet.models.places import Village


def hash_password(password: str) -> str:
    """A salted hash with the configured Werkzeug method (scrypt unless a test says otherwise)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


class OrgKind(StrEnum):
    """What an organization is; decides nothing by itself (rights follow the role)."""

    police = "police"
    front = "front"
    women = "women"
    youth = "youth"
    justice = "justice"
    veterans = "veterans"
    farmers = "farmers"
    party = "party"
    people_committee = "people_committee"
    steering_committee = "steering_committee"
    enterprise = "enterprise"

    @property
    def label(self) -> str:
        return str(ORG_KIND_LABELS[self])


ORG_KIND_LABELS = {
    OrgKind.police: _l("Police"),
    OrgKind.front: _l("Fatherland Front"),
    OrgKind.women: _l("Women's union"),
    OrgKind.youth: _l("Youth union"),
    OrgKind.justice: _l("Justice"),
    OrgKind.veterans: _l("Veterans' association"),
    OrgKind.farmers: _l("Farmers' association"),
    OrgKind.party: _l("Party committee"),
    OrgKind.people_committee: _l("People's Committee"),
    OrgKind.steering_committee: _l("Steering committee"),
    OrgKind.enterprise: _l("State enterprise"),
}


class Role(StrEnum):
    """A user's role (DESIGN section 1)."""

    member = "member"
    approver = "approver"
    leader = "leader"
    admin = "admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.member: _l("Member"),
    Role.approver: _l("Approver"),
    Role.leader: _l("Leader"),
    Role.admin: _l("Administrator"),
}


class Organization(db.Model):
    """One of the commune's organizations, including the state enterprises."""

    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrgKind] = mapped_column(str_enum(OrgKind, 32))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    is_active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=1)

    parent: Mapped["Organization | None"] = relationship(remote_side=[id], lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Organization {self.code}>"


class User(UserMixin, db.Model):
    """A person who signs in: one organization, one role, maybe one village."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    role: Mapped[Role] = mapped_column(str_enum(Role, 16))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"), index=True)
    # Read by Flask-Login: a disabled account cannot sign in and its sessions end.
    is_active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(String(8), default="vi")
    # Part of the session cookie's user id: changing it signs the user out everywhere.
    session_token: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(16))
    # Folded username, full_name (intranet.search): what a search matches, kept by its hook.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    __search_fields__ = ("username", "full_name")
    # Its folded full name alone: a match there ranks first (search.tiers).
    search_title: Mapped[str] = mapped_column(Text, default="", server_default="")
    __search_title__ = ("full_name",)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    organization: Mapped[Organization] = relationship(lazy="joined")
    village: Mapped["Village | None"] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}
    # Usernames are unique whatever their case (issue 12): every one is stored in lowercase, so
    # the unique constraint on the column keeps "MTTQ" from sitting beside "mttq".
    __table_args__ = (CheckConstraint("username = lower(username)", name="username_lowercase"),)

    def __repr__(self) -> str:
        return f"<User {self.username}>"

    def get_id(self) -> str:
        """The id kept in the session cookie: user id and the current session token."""
        return f"{self.id}:{self.session_token}"

    def set_password(self, password: str) -> None:
        """Hash and store a new password, and end the user's other sessions."""
        self.password_hash = hash_password(password)
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        """True when the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def end_sessions(self) -> None:
        """Invalidate every session cookie issued so far for this user."""
        self.session_token = secrets.token_hex(16)


class LoginFailure(db.Model):
    """One failed sign-in, kept to slow down guessing (per name and address, per address, overall).

    The typed username is kept only as a keyed hash (HMAC with the secret key): a password
    typed into the username field by mistake is never stored (issue 12).
    """

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    username_key: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(45))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        Index("ix_login_failure_username_key_address_at", "username_key", "address", "at"),
        Index("ix_login_failure_address_at", "address", "at"),
        Index("ix_login_failure_at", "at"),
    )
