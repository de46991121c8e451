"""The village register with its teams and activity, in a constant number of queries."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import Select
from sqlalchemy import select

from intranet import search
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import LogKind
from intranet.models import LogStatus
from intranet.models import MIN_ACTIVE_MEMBERS
from intranet.models import Position
from intranet.models import SecurityTeam
from intranet.models import TeamMember
from intranet.models import Village
from intranet.periods import local_today
from intranet.villages.mediation import open_cases_per_village

SORTS = ("name", "kind", "population", "households", "minority", "members", "entries", "cases")


@dataclass(frozen=True)
class VillageRow:
    """A line of the village list."""

    village: Village
    members: int
    entries: int
    open_cases: int


def _members_per_village():
    return (
        select(SecurityTeam.village_id, func.count(TeamMember.id).label("members"))
        .join(TeamMember, TeamMember.team_id == SecurityTeam.id)
        .where(TeamMember.is_active.is_(True))
        .group_by(SecurityTeam.village_id)
        .subquery()
    )


def _approved_between(first: date, last: date):
    return and_(
        ActivityLog.status == LogStatus.approved,
        ActivityLog.date >= first,
        ActivityLog.date <= last,
    )


def village_rows(
    sort: str, descending: bool, kind: str | None, q: str | None, best_first: bool = False
) -> list[VillageRow]:
    """Every village with its active team members and this year's approved entries (one query).

    With `best_first` and a search, the villages whose name holds the words come first
    (search.tiers), then by name; a village found by a team member's name comes last.
    """
    today = local_today()
    members = _members_per_village()
    entries = (
        select(ActivityLog.village_id, func.count(ActivityLog.id).label("entries"))
        .where(_approved_between(date(today.year, 1, 1), today))
        .group_by(ActivityLog.village_id)
        .subquery()
    )
    cases = open_cases_per_village()
    member_count = func.coalesce(members.c.members, 0)
    entry_count = func.coalesce(entries.c.entries, 0)
    case_count = func.coalesce(cases.c.open_cases, 0)
    query = (
        select(Village, member_count, entry_count, case_count)
        .outerjoin(members, members.c.village_id == Village.id)
        .outerjoin(entries, entries.c.village_id == Village.id)
        .outerjoin(cases, cases.c.village_id == Village.id)
    )
    if kind:
        query = query.where(Village.kind == kind)
    if q:
        query = query.where(or_(search.matches(Village, q), Village.id.in_(_teams_with(q))))
    key = {
        "name": Village.name,
        "kind": Village.kind,
        "population": Village.population,
        "households": Village.households,
        "minority": Village.minority_percent,
        "members": member_count,
        "entries": entry_count,
        "cases": case_count,
    }[sort if sort in SORTS else "name"]
    if q and best_first:
        query = query.order_by(search.rank(Village, q), Village.name)
    else:
        query = query.order_by(key.desc() if descending else key.asc(), Village.name)
    return [VillageRow(*row) for row in db.session.execute(query)]


def _teams_with(q: str) -> Select:
    """The villages with an active team member whose name matches the search."""
    return (
        select(SecurityTeam.village_id)
        .join(TeamMember, TeamMember.team_id == SecurityTeam.id)
        .where(TeamMember.is_active.is_(True), search.matches(TeamMember, q))
    )


def members_matching(q: str | None) -> dict[int, list[str]]:
    """Per village, the names of its active team members that match the search (one query)."""
    if not q:
        return {}
    rows = db.session.execute(
        select(SecurityTeam.village_id, TeamMember.full_name)
        .join(TeamMember, TeamMember.team_id == SecurityTeam.id)
        .where(TeamMember.is_active.is_(True), search.matches(TeamMember, q))
        .order_by(TeamMember.full_name)
    )
    found: dict[int, list[str]] = {}
    for village_id, name in rows:
        found.setdefault(village_id, []).append(name)
    return found


def team_of(village: Village) -> tuple[SecurityTeam | None, list[TeamMember]]:
    """The village's team and its members: active first (leader, deputy, members), then past."""
    team = db.session.scalar(select(SecurityTeam).where(SecurityTeam.village_id == village.id))
    if team is None:
        return None, []
    rank = case(
        (TeamMember.position == Position.leader, 0),
        (TeamMember.position == Position.deputy, 1),
        else_=2,
    )
    members = db.session.scalars(
        select(TeamMember)
        .where(TeamMember.team_id == team.id)
        .order_by(TeamMember.is_active.desc(), rank, TeamMember.full_name)
    ).all()
    return team, list(members)


def team_warnings(team: SecurityTeam | None, members: list[TeamMember]) -> list[str]:
    """What the page warns about: no team, no leader, fewer active members than the law wants."""
    active = [m for m in members if m.is_active]
    warnings = []
    if team is None:
        return ["no_team"]
    if not any(m.position == Position.leader for m in active):
        warnings.append("no_leader")
    if len(active) < MIN_ACTIVE_MEMBERS:
        warnings.append("too_few")
    return warnings


@dataclass(frozen=True)
class YearFigures:
    """This year so far against the same days of last year, for one village."""

    entries: int
    entries_last_year: int
    patrols: int
    patrols_last_year: int


def year_figures(village: Village) -> YearFigures:
    """Approved entries and patrols, this year to date and the same period last year."""
    today = local_today()
    this_year = _approved_between(date(today.year, 1, 1), today)
    last_day = (
        today.replace(year=today.year - 1)
        if (today.month, today.day) != (2, 29)
        else (date(today.year - 1, 2, 28))
    )
    last_year = _approved_between(date(today.year - 1, 1, 1), last_day)
    patrol = ActivityLog.kind == LogKind.patrol
    # The WHERE keeps the count to these two years' rows, along (village_id, date): a village
    # with decades of entries costs what a new one does (bench/NOTES.md).
    row = db.session.execute(
        select(
            func.count(ActivityLog.id).filter(this_year),
            func.count(ActivityLog.id).filter(last_year),
            func.count(ActivityLog.id).filter(this_year, patrol),
            func.count(ActivityLog.id).filter(last_year, patrol),
        ).where(
            ActivityLog.village_id == village.id,
            ActivityLog.date.between(date(today.year - 1, 1, 1), today),
        )
    ).one()
    return YearFigures(*row)


def latest_entries(village: Village, limit: int = 5) -> list[ActivityLog]:
    """The village's newest approved entries."""
    return list(
        db.session.scalars(
            select(ActivityLog)
            .where(ActivityLog.village_id == village.id, ActivityLog.status == LogStatus.approved)
            .order_by(ActivityLog.date.desc(), ActivityLog.id.desc())
            .limit(limit)
        )
    )


def team_totals() -> tuple[int, int]:
    """Teams with at least one active member, and active members, in the whole commune."""
    members = _members_per_village()
    teams, active = db.session.execute(
        select(func.count(members.c.village_id), func.coalesce(func.sum(members.c.members), 0))
    ).one()
    return teams, int(active)
