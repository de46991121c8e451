"""State changes of a village's security team and mediation team (DESIGN section 2).

Every function checks the actor's right itself (permissions.require), writes an AuditEvent,
and leaves the commit to the caller (``saving.commit``), so a view commits once. A row edited
through a form is saved only over the version the form showed (``saving.check_version``).
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select

from intranet import audit
from intranet import evidence
from intranet import saving
from intranet.models import ActivityLog
from intranet.models import CaseStatus
from intranet.models import db
from intranet.models import MediationCase
from intranet.models import Mediator
from intranet.models import PatrolMember
from intranet.models import SecurityTeam
from intranet.models import TeamMember
from intranet.models import User
from intranet.models import Village
from intranet.periods import local_today
from intranet.permissions import Action
from intranet.permissions import require
from intranet.villages import mediation

MEMBER_FIELDS = ("full_name", "position", "phone", "since", "origin")


def security_team(village: Village) -> SecurityTeam | None:
    """The village's security team as saved, None before its first member or decision."""
    return db.session.scalar(select(SecurityTeam).where(SecurityTeam.village_id == village.id))


def _ensure_team(village: Village) -> SecurityTeam:
    """The village's security team, made on first use."""
    team = security_team(village)
    if team is None:
        team = SecurityTeam(village=village)
        db.session.add(team)
        db.session.flush()
    return team


def update_team(
    village: Village,
    actor: User,
    number: str,
    decided_on: date,
    version: str | None,
    files: list[evidence.Prepared] | None = None,
    remove: Iterable[int] = (),
) -> SecurityTeam:
    """Record the commune chair's decision that set the team up, with its scan or photo.

    A team that exists is saved only over the version the form showed (an empty one is a
    Conflict too); a village without a team yet gets one. Files added or ticked off are
    audited (evidence.add_files, remove_files).
    """
    require(Action.manage_team, village, user=actor)
    team = security_team(village)
    if team is not None:
        saving.check_version(team, version)
    else:
        team = _ensure_team(village)
    team.decision_number = number.strip()
    team.decision_date = decided_on
    audit.record("team_updated", team, actor=actor, number=team.decision_number)
    saving.flush(team)  # a save that won meanwhile is a Conflict before any file is written
    evidence.remove_files(team, remove, actor)
    evidence.add_files(team, files or [], actor)
    return team


def add_member(village: Village, actor: User, values: dict[str, Any]) -> TeamMember:
    """A new member of the village's security team."""
    require(Action.manage_team, village, user=actor)
    member = TeamMember(team=_ensure_team(village))
    for name in MEMBER_FIELDS:
        setattr(member, name, values[name])
    member.full_name = member.full_name.strip()
    db.session.add(member)
    audit.record("team_member_added", member, actor=actor, village=village.code)
    return member


def update_member(
    member: TeamMember, village: Village, actor: User, values: dict[str, Any], version: str | None
) -> None:
    """Save a member over the version the form showed; Conflict when it moved."""
    require(Action.manage_team, village, user=actor)
    saving.check_version(member, version)
    for name in MEMBER_FIELDS:
        setattr(member, name, values[name])
    audit.record("team_member_updated", member, actor=actor, village=village.code)


def _leaves(row: TeamMember | Mediator, village: Village, actor: User, event: str) -> None:
    """The person left their team today and stays on record (a second time changes nothing)."""
    if row.is_active:
        row.is_active = False
        row.left_on = local_today()
        audit.record(event, row, actor=actor, village=village.code)


def member_leaves(member: TeamMember, village: Village, actor: User) -> None:
    """The member left the security team today."""
    require(Action.manage_team, village, user=actor)
    _leaves(member, village, actor, "team_member_left")


def add_mediator(
    village: Village, actor: User, full_name: str, gender: Any, is_minority: bool
) -> Mediator:
    """A new mediator of the village's mediation team (Law 35/2013)."""
    require(Action.manage_mediators, village, user=actor)
    mediator = Mediator(
        team=mediation.team_for(village),
        full_name=full_name.strip(),
        gender=gender,
        is_minority=is_minority,
    )
    db.session.add(mediator)
    audit.record("mediator_added", mediator, actor=actor, village=village.code)
    return mediator


def mediator_leaves(mediator: Mediator, village: Village, actor: User) -> None:
    """The mediator left the mediation team today."""
    require(Action.manage_mediators, village, user=actor)
    _leaves(mediator, village, actor, "mediator_left")


def record_case(
    village: Village,
    actor: User,
    values: dict[str, Any],
    client_token: str | None,
    files: Iterable[evidence.Prepared] = (),
) -> tuple[MediationCase, bool]:
    """A dispute brought to the mediation team: (case, created); a repeated post finds the
    first one (saving.add_once), which must be the request's first write."""
    require(Action.record_case, village, user=actor)
    case, created = saving.add_once(
        MediationCase(
            village=village,
            recorded_by=actor,
            recorded_by_id=actor.id,
            received_on=values["received_on"],
            kind=values["kind"],
            parties=values["parties"].strip(),
            summary=(values["summary"] or "").strip(),
            client_token=client_token,
        ),
        actor,
    )
    if created:
        evidence.attach(case, files, actor)  # its papers follow the parties' rule
        audit.record("case_recorded", case, actor=actor, village=village.code)
    return case, created


def close_case(
    case: MediationCase,
    actor: User,
    version: str | None,
    *,
    settled: bool,
    outcome: str,
    referred_to: str,
    files: Iterable[evidence.Prepared] = (),
) -> None:
    """Close a case as settled, or not settled (referred when someone takes it on), with its
    papers (the signed record of the mediation, say)."""
    require(Action.close_case, case, user=actor)
    saving.check_version(case, version)
    if settled:
        case.status = CaseStatus.settled
    else:
        case.status = CaseStatus.referred if referred_to.strip() else CaseStatus.not_settled
        case.referred_to = referred_to.strip()
    case.outcome = outcome.strip()
    case.closed_on = local_today()
    saving.flush(case)  # a close that won meanwhile is a Conflict before any file is written
    evidence.attach(case, files, actor)
    audit.record("case_closed", case, actor=actor, status=case.status.value)


def change_case_files(
    case: MediationCase,
    actor: User,
    files: list[evidence.Prepared],
    remove: Iterable[int] = (),
    token: str | None = None,
) -> None:
    """Papers added to a case later (a scan of the signed record), or taken off: whoever may
    record cases in its village, open or closed; audited with their names."""
    require(Action.record_case, case.village, user=actor)
    evidence.remove_files(case, remove, actor)
    evidence.add_files(case, files, actor, token)


def record_crew(entry: ActivityLog, member_ids: list[int]) -> None:
    """Keep who went on a patrol (once: a repeated post of the same form adds nothing)."""
    known = db.session.scalar(
        select(PatrolMember).where(PatrolMember.entry_id == entry.id).limit(1)
    )
    if known is None:
        db.session.add_all(PatrolMember(entry_id=entry.id, member_id=m) for m in member_ids)
