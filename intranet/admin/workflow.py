"""Account changes: applied at once, or held until a police approver confirms them (issue 12).

The administrator (the commune's IT clerk) manages accounts. A change that makes, changes or
unmakes a police account (any account of a police organization) or an approver opens or closes
the police's confidential information, so it is held as a PendingChange: a new such account,
a change of its role, organization or active state, a new password for it. A police approver
other than the account's owner accepts it (then it is applied, and the account's sessions end)
or rejects it (then nothing changes). Asking, accepting and rejecting are audited.
"""

from typing import Any

from sqlalchemy import func
from sqlalchemy import select

from intranet import audit
from intranet.models import ChangeKind
from intranet.models import ChangeStatus
from intranet.models import db
from intranet.models import Organization
from intranet.models import OrgKind
from intranet.models import PendingChange
from intranet.models import Role
from intranet.models import User
from intranet.models import utcnow
from intranet.permissions import Action
from intranet.permissions import require

# The fields of an account that decide whether it is a police account or an approver.
GUARDED_FIELDS = ("organization", "role", "is_active")
# Every field the administrator edits, as stored in a change's values (ids for rows).
ACCOUNT_FIELDS = ("full_name", "organization", "role", "village", "locale", "is_active")


class StaleChange(Exception):
    """The account changed (or the name was taken) since the change was asked."""


def is_police_account(organization: Organization, role: Role) -> bool:
    """An account that reads police information or approves: confirmed by the police."""
    return organization.kind == OrgKind.police or role == Role.approver


def account_values(form_data: dict[str, Any]) -> dict[str, Any]:
    """The account fields of a form as JSON-safe values (ids, enum values)."""
    values = {name: form_data[name] for name in ACCOUNT_FIELDS}
    values["role"] = Role(values["role"]).value
    return values


def update_needs_confirmation(user: User, values: dict[str, Any]) -> bool:
    """True when the edit touches a guarded field of an account that is or becomes police."""
    current = current_values(user)
    if all(current[name] == values[name] for name in GUARDED_FIELDS):
        return False
    organization = db.session.get(Organization, values["organization"])
    return is_police_account(user.organization, user.role) or (
        organization is not None and is_police_account(organization, Role(values["role"]))
    )


def create_needs_confirmation(values: dict[str, Any]) -> bool:
    organization = db.session.get(Organization, values["organization"])
    return organization is not None and is_police_account(organization, Role(values["role"]))


def password_needs_confirmation(user: User) -> bool:
    return is_police_account(user.organization, user.role)


def current_values(user: User) -> dict[str, Any]:
    return {
        "full_name": user.full_name,
        "organization": user.organization_id,
        "role": user.role.value,
        "village": user.village_id,
        "locale": user.locale,
        "is_active": user.is_active,
    }


def request_change(
    kind: ChangeKind,
    actor: User,
    *,
    username: str,
    user: User | None = None,
    values: dict[str, Any] | None = None,
    password_hash: str | None = None,
) -> PendingChange:
    """Hold a change for the police; audited, nothing applied (the caller commits)."""
    require(Action.manage_users, user=actor)
    change = PendingChange(
        kind=kind,
        user_id=user.id if user else None,
        username=username,
        values=values or {},
        base_version=user.version if user else None,
        password_hash=password_hash,
        requested_by=actor,
    )
    db.session.add(change)
    audit.record(
        "account_change_requested",
        change,
        actor=actor,
        kind=kind.value,
        username=username,
        changes=_described(user, values or {}),
    )
    return change


def accept(change: PendingChange, approver: User) -> User:
    """Apply a waiting change; StaleChange when the account moved on since (the caller commits)."""
    require(Action.decide_account_change, change, user=approver)
    user = change.user
    if change.kind == ChangeKind.create:
        taken = select(User.id).where(func.lower(User.username) == change.username)
        if db.session.scalar(taken):
            raise StaleChange
        user = User(username=change.username, password_hash=change.password_hash or "")
        _apply(user, change.values)
        db.session.add(user)
    else:
        assert user is not None
        if user.version != change.base_version:
            raise StaleChange
        if change.kind == ChangeKind.password:
            user.password_hash = change.password_hash or ""
        else:
            _apply(user, change.values)
        user.end_sessions()
    _decide(change, approver, ChangeStatus.accepted)
    db.session.flush()
    audit.record(
        "account_change_accepted",
        change,
        actor=approver,
        kind=change.kind.value,
        username=change.username,
        user_id=user.id,
        requested_by=change.requested_by.username,
    )
    return user


def reject(change: PendingChange, approver: User) -> None:
    """Drop a waiting change; nothing on the account changes (the caller commits)."""
    require(Action.decide_account_change, change, user=approver)
    _decide(change, approver, ChangeStatus.rejected)
    audit.record(
        "account_change_rejected",
        change,
        actor=approver,
        kind=change.kind.value,
        username=change.username,
        requested_by=change.requested_by.username,
    )


def _decide(change: PendingChange, approver: User, status: ChangeStatus) -> None:
    change.status = status
    change.decided_by = approver
    change.decided_at = utcnow()
    change.password_hash = None  # applied or dropped: no second copy of a hash is kept


def _apply(user: User, values: dict[str, Any]) -> None:
    user.full_name = values["full_name"]
    user.organization_id = values["organization"]
    user.role = Role(values["role"])
    user.village_id = values["village"]
    user.locale = values["locale"]
    user.is_active = values["is_active"]


def _described(user: User | None, values: dict[str, Any]) -> dict[str, list[str]]:
    """{field: [old, new]} of what a change would set, for the audit and the police's list."""
    before = current_values(user) if user else {}
    return {
        name: [str(before.get(name, "")), str(value)]
        for name, value in values.items()
        if before.get(name) != value
    }


def described_changes(change: PendingChange) -> dict[str, list[str]]:
    """What a waiting change would do to the account, as it stands now."""
    return _described(change.user, change.values)
