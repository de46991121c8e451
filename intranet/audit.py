"""Writing the audit trail (DESIGN section 2: every change, sign-in and failed sign-in)."""

from typing import Any

from flask import has_request_context
from flask import request
from flask_login import current_user

from intranet.models import AuditEvent
from intranet.models import db
from intranet.models import User
from intranet.permissions import current_actor


def client_address() -> str:
    """The client's address as the WSGI server saw it (ProxyFix sets it behind nginx)."""
    return (request.remote_addr or "")[:45] if has_request_context() else ""


def record(
    action: str,
    target: Any = None,
    *,
    actor: User | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an AuditEvent to the session (the caller commits with its own change)."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_actor()
    if target is not None and target.id is None:
        db.session.flush()  # a row created in this request needs its id first
    event = AuditEvent(
        actor=actor,
        action=action,
        target_type=target.__tablename__ if target is not None else None,
        target_id=target.id if target is not None else None,
        address=client_address() or None,
        details=details,
    )
    db.session.add(event)
    return event
