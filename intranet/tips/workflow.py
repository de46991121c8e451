"""What happens to a tip: relayed once, moved on by the police, its informant opened with a reason.

Every step writes an AuditEvent against the tip, with no text of it: the trail shown on the
tip's page is read back from those events. Rights are checked here, whoever calls.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select

from intranet import audit
from intranet import evidence
from intranet import saving
from intranet import sealing
from intranet.models import db
from intranet.models import Informant
from intranet.models import Tip
from intranet.models import TipStatus
from intranet.models import User
from intranet.periods import local_today
from intranet.permissions import Action
from intranet.permissions import require
from intranet.sealing import InformantDetails


def relay(
    user: User,
    values: dict[str, Any],
    client_token: str | None,
    files: Iterable[evidence.Prepared] = (),
) -> Tip:
    """Record a tip, seal its informant and its photos; the same form posted twice records it
    once. Whoever relays it never sees it again, its files included (police only)."""
    require(Action.relay_tip, user=user)
    tip = Tip(
        received_on=values.get("received_on") or local_today(),
        channel=values["channel"],
        village_id=values["village_id"],
        category=values["category"],
        summary=values["summary"].strip(),
        relayed_by=user,
        relayed_by_id=user.id,
        client_token=client_token or None,
    )
    tip, created = saving.add_once(tip, user)
    if not created:
        return tip
    name = (values.get("informant_name") or "").strip()
    contact = (values.get("informant_contact") or "").strip()
    if name or contact:
        sealed = sealing.seal(InformantDetails(name=name, contact=contact))
        db.session.add(Informant(tip=tip, sealed=sealed))
    evidence.attach(tip, files, user)
    audit.record("tip_received", tip, actor=user)
    return tip


def handle(
    tip: Tip,
    user: User,
    *,
    status: TipStatus,
    officer_id: int | None,
    outcome: str,
    referred_to: str,
    today: date | None = None,
) -> None:
    """Name the officer, write the outcome, and move the status as TIP_TRANSITIONS allow.

    The form has already refused a move that is not allowed; this checks the right to act.
    """
    require(Action.handle_tip, tip, user=user)
    moved_from = tip.status
    tip.handling_officer_id = officer_id
    tip.outcome = outcome.strip()
    tip.referred_to = referred_to.strip() if status == TipStatus.referred else ""
    if status != moved_from:
        tip.status = status
        if status.is_closed:
            tip.closed_on = today or local_today()
    audit.record(
        "tip_moved" if status != moved_from else "tip_updated",
        tip,
        actor=user,
        status_from=moved_from.value,
        status_to=status.value,
        officer=officer_id,
    )


def open_informant(tip: Tip, user: User, reason: str) -> InformantDetails | None:
    """Who gave the tip, for a police approver who said why; the opening is audited.

    When no configured key opens it, the attempt is audited too (with the keys' fingerprints,
    never the token) and sealing.UnreadableInformant is raised: the caller commits the audit.
    """
    require(Action.open_informant, tip, user=user)
    informant = db.session.scalar(select(Informant).where(Informant.tip_id == tip.id))
    if informant is None:
        return None
    try:
        details = sealing.unseal(informant.sealed)
    except sealing.UnreadableInformant:
        audit.record(
            "informant_open_failed",
            tip,
            actor=user,
            reason=reason.strip(),
            keys=sealing.fingerprints(),
        )
        raise
    audit.record("informant_opened", tip, actor=user, reason=reason.strip())
    return details


def change_files(
    tip: Tip,
    actor: User,
    files: list[evidence.Prepared],
    remove: Iterable[int] = (),
    token: str | None = None,
) -> None:
    """Photos or papers added to a tip later, or taken off it: police only, sealed like the
    ones sent with it, audited by count (a file's name may say who gave it)."""
    require(Action.handle_tip, tip, user=actor)
    evidence.remove_files(tip, remove, actor)
    evidence.add_files(tip, files, actor, token)
