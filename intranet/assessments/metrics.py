"""The figures a criterion can take from the year's records, each with the records behind it.

Every metric is one SQL aggregate grouped by village (so the workspace can fill 36 villages in
a handful of queries, and the tests compare it to direct counts). A criterion names its metric
by key (``Criterion.metric``) and gives its parameter (``metric_param``: the days allowed for
"on time", the months for "active"), so the figures are data-driven like the criteria.

Only approved entries count (what the commune police accepted is what proves a criterion), and
evidence links lead to pages that apply their own rights: the activity log shows each viewer
only what he may see; tips are the police's, so everyone else gets a count under the
"< 3" rule of ``tips.figures`` (for a village year: no figure at all), never a link.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_
from sqlalchemy import cast
from sqlalchemy import DateTime
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select

from intranet.models import ActivityLog
from intranet.models import CaseStatus
from intranet.models import db
from intranet.models import IncidentStat
from intranet.models import LogKind
from intranet.models import LogStatus
from intranet.models import MediationCase
from intranet.models import SecurityTeam
from intranet.models import TeamMember
from intranet.models import Village
from intranet.periods import Period
from intranet.permissions import Action
from intranet.permissions import can
from intranet.tips import figures as tip_figures

PerVillage = dict[int, int]


@dataclass(frozen=True)
class Figure:
    """A metric's value for one village as this viewer may see it, and where it comes from.

    ``value`` is None when nothing is recorded (no case closed, no households registered) or
    when the viewer may not see the figure; ``shown`` is what the page prints then.
    """

    value: int | None
    shown: str
    link: str | None = None
    viewer_dependent: bool = False


def _months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (the last day of the month when that day is missing)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate in range(day.day, 27, -1):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    return date(year, month + 1, min(day.day, 28))


def _approved_of_kind(kind: LogKind, period: Period) -> PerVillage:
    rows = db.session.execute(
        select(ActivityLog.village_id, func.count(ActivityLog.id))
        .where(
            ActivityLog.status == LogStatus.approved,
            ActivityLog.kind == kind,
            ActivityLog.village_id.is_not(None),
            ActivityLog.date.between(period.start, period.end),
        )
        .group_by(ActivityLog.village_id)
    )
    return {village_id: count for village_id, count in rows}


def patrols(period: Period, param: int | None = None) -> PerVillage:
    """Approved patrols per village in the period."""
    return _approved_of_kind(LogKind.patrol, period)


def meetings(period: Period, param: int | None = None) -> PerVillage:
    """Approved propaganda meetings per village in the period."""
    return _approved_of_kind(LogKind.propaganda, period)


def _sent_by_deadline(days: int) -> Any:
    """True for an entry sent before the end of the ``days``-th day after the activity, in the
    commune's time (Asia/Ho_Chi_Minh is UTC+7 all year; PostgreSQL is told the zone itself)."""
    if db.engine.dialect.name == "sqlite":
        deadline = func.datetime(ActivityLog.date, f"+{days + 1} days", "-7 hours")
        return func.datetime(ActivityLog.submitted_at) < deadline
    local_midnight = cast(ActivityLog.date + (days + 1), DateTime)
    return ActivityLog.submitted_at < func.timezone("Asia/Ho_Chi_Minh", local_midnight)


def entries_on_time(period: Period, param: int | None = None) -> PerVillage:
    """Per village, the share in whole percent (rounded down) of its approved entries of the
    period that were sent within ``param`` days of the activity; no entry, no figure."""
    on_time = func.count(ActivityLog.id).filter(_sent_by_deadline(param or 0))
    rows = db.session.execute(
        select(ActivityLog.village_id, func.count(ActivityLog.id), on_time)
        .where(
            ActivityLog.status == LogStatus.approved,
            ActivityLog.village_id.is_not(None),
            ActivityLog.date.between(period.start, period.end),
        )
        .group_by(ActivityLog.village_id)
    )
    return {village_id: 100 * good // total for village_id, total, good in rows if total}


def _incidents(period: Period) -> PerVillage:
    rows = db.session.execute(
        select(IncidentStat.village_id, func.sum(IncidentStat.cases))
        .where(
            IncidentStat.village_id.is_not(None),
            IncidentStat.month.between(period.start.replace(day=1), period.end),
        )
        .group_by(IncidentStat.village_id)
    )
    return {village_id: int(total or 0) for village_id, total in rows}


def incidents(period: Period, param: int | None = None) -> PerVillage:
    """Incident cases per village in the months of the period (every category)."""
    return _incidents(period)


def incidents_change(period: Period, param: int | None = None) -> PerVillage:
    """Incident cases per village in the period less those of the same period a year before."""
    now, before = _incidents(period), _incidents(period.year_before())
    return {key: now.get(key, 0) - before.get(key, 0) for key in now.keys() | before.keys()}


def mediation_settled_percent(period: Period, param: int | None = None) -> PerVillage:
    """Per village, the share in whole percent (rounded down) of the mediation cases closed in
    the period that were settled; no case closed, no figure."""
    closed = (CaseStatus.settled, CaseStatus.not_settled, CaseStatus.referred)
    rows = db.session.execute(
        select(
            MediationCase.village_id,
            func.count(MediationCase.id),
            func.count(MediationCase.id).filter(MediationCase.status == CaseStatus.settled),
        )
        .where(
            MediationCase.status.in_(closed),
            MediationCase.closed_on.between(period.start, period.end),
        )
        .group_by(MediationCase.village_id)
    )
    return {village_id: 100 * settled // total for village_id, total, settled in rows if total}


def members_active(period: Period, param: int | None = None) -> PerVillage:
    """Team members per village who were on the team for at least ``param`` months of the
    period: joined by the period's end less those months, and still on it at the end."""
    joined_by = _months_before(period.end + timedelta(days=1), param or 0)
    still_on = or_(
        and_(TeamMember.is_active.is_(True), TeamMember.left_on.is_(None)),
        TeamMember.left_on > period.end,
    )
    rows = db.session.execute(
        select(SecurityTeam.village_id, func.count(TeamMember.id))
        .join(SecurityTeam, TeamMember.team_id == SecurityTeam.id)
        .where(TeamMember.since.is_not(None), TeamMember.since <= joined_by, still_on)
        .group_by(SecurityTeam.village_id)
    )
    return {village_id: count for village_id, count in rows}


def households(period: Period, param: int | None = None) -> PerVillage:
    """Households per village, where the village has recorded them."""
    rows = db.session.execute(select(Village.id, Village.households).where(Village.households > 0))
    return {village_id: count for village_id, count in rows}


@dataclass(frozen=True)
class Metric:
    """A figure a criterion may name: its label, its aggregate and its evidence."""

    key: str
    label: Any
    compute: Callable[[Period, int | None], PerVillage]
    evidence: Callable[[Village, Period], str | None]
    unit: Any = ""
    # A count with no row is 0; a share or a register with no row is "nothing recorded".
    missing_is_zero: bool = True


def _log_link(kind: LogKind | None) -> Callable[[Village, Period], str]:
    def link(village: Village, period: Period) -> str:
        args = {"village": village.code, "status": LogStatus.approved.value}
        if kind is not None:
            args["kind"] = kind.value
        return url_for(
            "logs.index",
            **args,
            **{"from": period.start.isoformat(), "to": period.end.isoformat()},
        )

    return link


def _village_link(village: Village, period: Period) -> str:
    return url_for("villages.show", code=village.code)


def _stats_link(village: Village, period: Period) -> str:
    return url_for("stats.index")


METRICS: dict[str, Metric] = {
    metric.key: metric
    for metric in (
        Metric("patrols", _l("Patrols held"), patrols, _log_link(LogKind.patrol)),
        Metric("meetings", _l("Propaganda meetings held"), meetings, _log_link(LogKind.propaganda)),
        Metric(
            "entries_on_time",
            _l("Entries reported on time"),
            entries_on_time,
            _log_link(None),
            "%",
            missing_is_zero=False,
        ),
        Metric("incidents", _l("Incidents this year"), incidents, _stats_link),
        Metric(
            "incidents_change",
            _l("Incidents against the year before"),
            incidents_change,
            _stats_link,
        ),
        Metric(
            "mediation_settled_percent",
            _l("Mediation cases settled"),
            mediation_settled_percent,
            _village_link,
            "%",
            missing_is_zero=False,
        ),
        Metric(
            "members_active", _l("Team members active long enough"), members_active, _village_link
        ),
        Metric(
            "households",
            _l("Households registered"),
            households,
            _village_link,
            missing_is_zero=False,
        ),
    )
}
TIPS_METRIC = "tips_received"
TIPS_LABEL = _l("Information given to the police")
# The team ratings' "assigned tasks" (ratings_workflow.TASKS_METRIC): approved patrols against
# the number the commune's plan assigns, the criterion's metric_param.
TASKS_LABEL = _l("Assigned patrols held (share of the plan)")
METRIC_LABELS = {key: metric.label for key, metric in METRICS.items()} | {
    TIPS_METRIC: TIPS_LABEL,
    "tasks_done_percent": TASKS_LABEL,
}


def _tip_figure(user: Any, village: Village, period: Period) -> Figure:
    """Tips received from the village: exact for the police, else only what tips.figures
    allows (for a village year, which is no festival period: nothing)."""
    shown = tip_figures.figures_for(user, period)
    line = next((ln for ln in shown.villages or [] if ln.subject.id == village.id), None)
    if line is None:
        return Figure(None, str(_l("Only the commune police see this figure")), None, True)
    link = url_for("tips.index") if can(user, Action.view_tips) else None
    value = line.received if isinstance(line.received, int) else None
    return Figure(value, str(line.received), link, True)


def figures_for(
    user: Any, village: Village, period: Period, wanted: dict[str, int | None]
) -> dict[str, Figure]:
    """The figures of one village for the metrics wanted (key → parameter), as ``user`` may
    see them: one aggregate per metric."""
    result: dict[str, Figure] = {}
    for key, param in wanted.items():
        if key == TIPS_METRIC:
            result[key] = _tip_figure(user, village, period)
            continue
        metric = METRICS.get(key)
        if metric is None:
            continue
        value = metric.compute(period, param).get(village.id)
        if value is None and metric.missing_is_zero:
            value = 0
        shown = "—" if value is None else f"{value}{metric.unit}"
        result[key] = Figure(value, shown, metric.evidence(village, period))
    return result
