"""The festival-day report's figures, from approved data only, each with the list it counts.

What counts (decided here, shown in the report's notes):

- Activity log: approved entries dated in the period. An approved entry that a later approved
  correction replaces (``corrects_id``) is counted out, so a corrected patrol counts once, by
  the correction. The linked /logs lists show approved entries and so also the corrected ones.
- Security teams: the teams on record and their members active today (a register, not a flow).
- Mediation: cases received in the period; the settled share is settled / closed (settled, not
  settled, referred), so that cases still being mediated do not pull the share down.
- Tips: counts only, and per village and per category only as intranet.tips.figures allows the
  reader: the police exactly, everyone else for a whole festival period that has ended, masked.
- Incidents: months whose first day falls in the period (intranet.stats.figures).
- Awards and gifts: those of the report's festival year.

Speed: the activity log is the one large table (100,000 entries and more). Its two grouped
queries are cached in the process (intranet/caching.py), keyed by the period, while the
fingerprint of approvals and organizations holds: the newest approval (one indexed query on
``(status, approved_at, id)``; approved entries are never edited or deleted, so any change to
what counts, an approval or a correction's approval, moves it) and, since the cached lines carry
the organizations' names, which the administrator may change, the organizations' count, highest
id and sum of versions (the version moves on every edit), asked in the same query.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import aliased

from intranet.awards import queries as awards_queries
from intranet.caching import app_cache
from intranet.caching import approval_fingerprint
from intranet.caching import FingerprintCache
from intranet.models import ActivityLog
from intranet.models import CaseStatus
from intranet.models import db
from intranet.models import LogKind
from intranet.models import LogStatus
from intranet.models import MediationCase
from intranet.models import Organization
from intranet.models import ReportNarrative
from intranet.models import SecurityTeam
from intranet.models import TeamMember
from intranet.periods import Change
from intranet.periods import Period
from intranet.stats import figures as incident_figures
from intranet.tips import figures as tip_figures


@dataclass(frozen=True)
class OrgLine:
    """What one organization did in the period: approved entries and their participants."""

    code: str
    name: str
    entries: int
    participants: int


@dataclass(frozen=True)
class KindLine:
    """One kind of activity: entries this period against the same period last year."""

    kind: LogKind
    entries: Change
    participants: int


@dataclass(frozen=True)
class Activity:
    organizations: list[OrgLine]
    kinds: list[KindLine]
    entries: Change
    participants: int


def counted(period: Period):  # type: ignore[no-untyped-def]
    """Approved entries dated in the period, less those replaced by an approved correction."""
    correction = aliased(ActivityLog)
    replaced = exists().where(
        correction.corrects_id == ActivityLog.id, correction.status == LogStatus.approved
    )
    return and_(
        ActivityLog.status == LogStatus.approved,
        ActivityLog.date.between(period.start, period.end),
        ~replaced,
    )


def _activity(period: Period) -> Activity:
    """Two grouped queries: this period per organization and kind, the year before per kind."""
    rows = db.session.execute(
        select(
            Organization.code,
            Organization.name,
            ActivityLog.kind,
            func.count(ActivityLog.id),
            func.coalesce(func.sum(ActivityLog.participants), 0),
        )
        .join(Organization, ActivityLog.organization_id == Organization.id)
        .where(counted(period))
        .group_by(Organization.code, Organization.name, ActivityLog.kind)
    ).all()
    before = dict(
        db.session.execute(
            select(ActivityLog.kind, func.count(ActivityLog.id))
            .where(counted(period.year_before()))
            .group_by(ActivityLog.kind)
        ).all()
    )
    per_org: dict[tuple[str, str], list[int]] = {}
    per_kind: dict[LogKind, list[int]] = {}
    for code, name, kind, entries, participants in rows:
        org = per_org.setdefault((code, name), [0, 0])
        org[0] += entries
        org[1] += participants
        line = per_kind.setdefault(kind, [0, 0])
        line[0] += entries
        line[1] += participants
    organizations = sorted(
        (OrgLine(code, name, *values) for (code, name), values in per_org.items()),
        key=lambda line: (-line.entries, line.name),
    )
    kinds = [
        KindLine(kind, Change(per_kind.get(kind, [0, 0])[0], before.get(kind, 0)),
                 per_kind.get(kind, [0, 0])[1])
        for kind in LogKind
        if kind in per_kind or before.get(kind)
    ]  # fmt: skip
    return Activity(
        organizations=organizations,
        kinds=kinds,
        entries=Change(sum(line.entries for line in organizations), sum(before.values())),
        participants=sum(line.participants for line in organizations),
    )


def _cache() -> FingerprintCache[Activity]:
    return app_cache("report_activity", size=32)


def activity(period: Period) -> Activity:
    """The activity figures of the period, from the cache while nothing they show changed."""
    return _cache().get(period, approval_fingerprint(), lambda: _activity(period))


def clear_cache() -> None:
    _cache().clear()


@dataclass(frozen=True)
class Movement:
    """The movement in figures: teams, their active members, patrols and who went."""

    teams: int
    members: int
    patrols: Change
    patrol_participants: int


@dataclass(frozen=True)
class Mediation:
    received: Change
    settled: int
    not_settled: int  # not settled, referred or not
    open: int

    @property
    def closed(self) -> int:
        return self.settled + self.not_settled

    @property
    def settled_percent(self) -> int | None:
        """Settled among the closed cases, in whole percent; None when none is closed."""
        if not self.closed:
            return None
        return int(100 * self.settled / self.closed + 0.5)


def _mediation(period: Period) -> Mediation:
    """One query: cases received in the period by status, and in the same period before."""
    count = func.count(MediationCase.id)
    now = MediationCase.received_on.between(period.start, period.end)
    before = period.year_before()
    row = db.session.execute(
        select(
            count.filter(now),
            count.filter(now, MediationCase.status == CaseStatus.settled),
            count.filter(
                now, MediationCase.status.in_((CaseStatus.not_settled, CaseStatus.referred))
            ),
            count.filter(now, MediationCase.status == CaseStatus.open),
            count.filter(MediationCase.received_on.between(before.start, before.end)),
        ).where(MediationCase.received_on.between(before.start, period.end))
    ).one()
    received, settled, not_settled, still_open, received_before = row
    return Mediation(Change(received, received_before), settled, not_settled, still_open)


def _teams() -> tuple[int, int]:
    """Teams on record and their members active today (one query)."""
    members = (
        select(func.count(TeamMember.id)).where(TeamMember.is_active.is_(True)).scalar_subquery()
    )
    return db.session.execute(select(func.count(SecurityTeam.id), members)).one()


@dataclass(frozen=True)
class Report:
    """Everything the report shows, for one year and period."""

    year: int
    period: Period
    previous: Period
    movement: Movement
    activity: Activity
    tips: tip_figures.TipFigures  # what the reader may see, decided there
    mediation: Mediation
    incidents: incident_figures.Comparison
    award_lines: list[awards_queries.AwardLine]
    awards: list[Any]
    gift_lines: list[awards_queries.GiftLine]
    narrative: ReportNarrative | None

    @property
    def gifts(self) -> int:
        return sum(line.total for line in self.gift_lines)

    @property
    def gifts_value(self) -> int:
        return sum(line.value for line in self.gift_lines)


def report(year: int, period: Period, reader: Any) -> Report:
    """The report's figures as this reader may see them: a constant number of queries."""
    work = activity(period)
    patrols = next((line for line in work.kinds if line.kind == LogKind.patrol), None)
    teams, members = _teams()
    return Report(
        year=year,
        period=period,
        previous=period.year_before(),
        movement=Movement(
            teams=teams,
            members=members,
            patrols=patrols.entries if patrols else Change(0, 0),
            patrol_participants=patrols.participants if patrols else 0,
        ),
        activity=work,
        tips=tip_figures.figures_for(reader, period),
        mediation=_mediation(period),
        incidents=incident_figures.compare(period),
        award_lines=awards_queries.award_lines(year),
        awards=awards_queries.awards_of(year),
        gift_lines=awards_queries.gift_lines(year),
        narrative=db.session.scalar(select(ReportNarrative).where(ReportNarrative.year == year)),
    )
