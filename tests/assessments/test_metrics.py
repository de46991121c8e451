"""The figures a criterion takes from the records equal direct counts of those records, at
the edges of the village year (1/11 → 31/10) too; tips stay the police's."""

from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import UTC

import pytest
from sqlalchemy import select

from intranet.assessments import metrics
from intranet.models import ActivityLog
from intranet.models import CaseStatus
from intranet.models import db
from intranet.models import DisputeKind
from intranet.models import IncidentCategory
from intranet.models import IncidentStat
from intranet.models import LogKind
from intranet.models import LogStatus
from intranet.models import MediationCase
from intranet.models import OrgKind
from intranet.models import Role
from intranet.models import SecurityTeam
from intranet.models import TeamMember
from intranet.models import Tip
from intranet.models import TipCategory
from intranet.models import TipChannel
from intranet.periods import Period
from tests.factories import make_entry
from tests.factories import make_org
from tests.factories import make_user
from tests.factories import make_village

YEAR = Period(date(2025, 11, 1), date(2026, 10, 31))
LOCAL = timedelta(hours=7)  # Asia/Ho_Chi_Minh


@pytest.fixture
def two_villages(app):
    teams = make_org(kind=OrgKind.steering_committee)
    a, b = make_village(households=120), make_village(households=0)
    return {
        "a": a,
        "b": b,
        "writer_a": make_user(org=teams, village=a),
        "writer_b": make_user(org=teams, village=b),
        "approver": make_user(role=Role.approver, org=make_org(kind=OrgKind.police)),
    }


def _entries(cast, plan):
    for who, kind, day, status in plan:
        make_entry(status=status, author=cast[who], approver=cast["approver"], kind=kind, date=day)


def _count_directly(kind: LogKind, period: Period) -> dict[int, int]:
    counts: dict[int, int] = {}
    for entry in db.session.scalars(select(ActivityLog)):
        if (
            entry.status == LogStatus.approved
            and entry.kind == kind
            and entry.village_id is not None
            and entry.date in period
        ):
            counts[entry.village_id] = counts.get(entry.village_id, 0) + 1
    return counts


def test_patrols_and_meetings_count_approved_entries_of_the_village_year(two_villages):
    approved, draft, submitted = LogStatus.approved, LogStatus.draft, LogStatus.submitted
    _entries(
        two_villages,
        [
            ("writer_a", LogKind.patrol, date(2025, 11, 1), approved),  # first day
            ("writer_a", LogKind.patrol, date(2026, 10, 31), approved),  # last day
            ("writer_a", LogKind.patrol, date(2025, 10, 31), approved),  # the year before
            ("writer_a", LogKind.patrol, date(2026, 5, 1), draft),
            ("writer_a", LogKind.patrol, date(2026, 5, 2), submitted),
            ("writer_b", LogKind.patrol, date(2026, 3, 3), approved),
            ("writer_a", LogKind.propaganda, date(2026, 3, 3), approved),
            ("writer_a", LogKind.propaganda, date(2026, 4, 3), approved),
        ],
    )
    a, b = two_villages["a"].id, two_villages["b"].id

    assert metrics.patrols(YEAR) == _count_directly(LogKind.patrol, YEAR) == {a: 2, b: 1}
    assert metrics.meetings(YEAR) == _count_directly(LogKind.propaganda, YEAR) == {a: 2}


def test_entries_on_time_counts_the_days_in_the_communes_time(two_villages):
    day = date(2026, 6, 1)
    sent = {
        # the 7th day after, 23:30 in the commune: on time
        "late evening": datetime(2026, 6, 8, 23, 30) - LOCAL,
        # the 8th day, 00:30 in the commune (still the 7th in UTC): late
        "after midnight": datetime(2026, 6, 9, 0, 30) - LOCAL,
        "same day": datetime(2026, 6, 1, 9, 0) - LOCAL,
        "a month later": datetime(2026, 7, 1, 9, 0) - LOCAL,
    }
    for moment in sent.values():
        entry = make_entry(
            status=LogStatus.approved,
            author=two_villages["writer_a"],
            approver=two_villages["approver"],
            kind=LogKind.patrol,
            date=day,
        )
        entry.submitted_at = moment.replace(tzinfo=UTC)
    db.session.commit()

    rows = db.session.scalars(select(ActivityLog)).all()
    on_time = [
        e
        for e in rows
        if (e.submitted_at.replace(tzinfo=UTC) + LOCAL).date() <= e.date + timedelta(days=7)
    ]

    assert len(on_time) == 2
    assert metrics.entries_on_time(YEAR, 7) == {two_villages["a"].id: 100 * 2 // 4}
    assert metrics.entries_on_time(YEAR, 30) == {two_villages["a"].id: 100 * 4 // 4}


def test_incidents_against_the_year_before_per_village(two_villages):
    a, b = two_villages["a"], two_villages["b"]
    rows = [
        (date(2025, 11, 1), IncidentCategory.crime, a, 2),  # first month of the year
        (date(2026, 10, 1), IncidentCategory.traffic, a, 1),  # last month
        (date(2025, 10, 1), IncidentCategory.crime, a, 1),  # the year before
        (date(2024, 11, 1), IncidentCategory.fire, a, 1),  # the year before too
        (date(2026, 2, 1), IncidentCategory.crime, b, 4),
        (date(2026, 2, 1), IncidentCategory.other, None, 9),  # not tied to a village
    ]
    db.session.add_all(
        IncidentStat(month=m, category=c, village_id=v.id if v else None, cases=n)
        for m, c, v, n in rows
    )
    db.session.commit()

    def direct(period: Period) -> dict[int, int]:
        found: dict[int, int] = {}
        for stat in db.session.scalars(select(IncidentStat)):
            if stat.village_id is not None and stat.month in period:
                found[stat.village_id] = found.get(stat.village_id, 0) + stat.cases
        return found

    now, before = direct(YEAR), direct(YEAR.year_before())

    assert metrics.incidents(YEAR) == now == {a.id: 3, b.id: 4}
    assert (
        metrics.incidents_change(YEAR)
        == {key: now.get(key, 0) - before.get(key, 0) for key in now | before}
        == {a.id: 1, b.id: 4}
    )


def test_mediation_settled_is_the_share_of_cases_closed_in_the_year(two_villages):
    a = two_villages["a"]
    cases = [
        (CaseStatus.settled, date(2026, 1, 5)),
        (CaseStatus.settled, date(2026, 10, 31)),
        (CaseStatus.not_settled, date(2026, 2, 1)),
        (CaseStatus.settled, date(2025, 10, 31)),  # closed the year before
        (CaseStatus.open, None),
    ]
    db.session.add_all(
        MediationCase(
            village=a,
            recorded_by=two_villages["writer_a"],
            received_on=date(2025, 10, 1),
            kind=DisputeKind.land,
            parties="A và B",
            status=status,
            closed_on=closed,
        )
        for status, closed in cases
    )
    db.session.commit()

    assert metrics.mediation_settled_percent(YEAR) == {a.id: 100 * 2 // 3}


def test_members_active_counts_those_on_the_team_for_the_months_asked(two_villages):
    team = SecurityTeam(village=two_villages["a"])
    db.session.add(team)
    db.session.flush()
    people = [
        ("joined on 1/2, nine months to 31/10", date(2026, 2, 1), True, None, True),
        ("joined a day later", date(2026, 2, 2), True, None, False),
        ("joined long ago", date(2020, 1, 1), True, None, True),
        ("left before the end", date(2020, 1, 1), False, date(2026, 10, 15), False),
        ("left after the end", date(2020, 1, 1), False, date(2026, 11, 2), True),
        ("no date of joining", None, True, None, False),
    ]
    db.session.add_all(
        TeamMember(team_id=team.id, full_name=name, since=since, is_active=active, left_on=left)
        for name, since, active, left, _counts in people
    )
    db.session.commit()

    assert metrics.members_active(YEAR, 9) == {two_villages["a"].id: sum(p[4] for p in people)}


def test_households_only_where_the_village_recorded_them(two_villages):
    assert metrics.households(YEAR) == {two_villages["a"].id: 120}


def test_tips_are_an_exact_count_for_the_police_and_hidden_from_everyone_else(two_villages, app):
    a = two_villages["a"]
    db.session.add_all(
        Tip(
            received_on=date(2026, 3, n),
            channel=TipChannel.phone,
            village_id=a.id,
            category=TipCategory.theft,
            summary="Bí mật",
            relayed_by_id=two_villages["writer_a"].id,
        )
        for n in (1, 2)
    )
    db.session.commit()
    police_member = make_user(org=two_villages["approver"].organization)
    wanted = {metrics.TIPS_METRIC: None}

    with app.test_request_context():
        for_police = metrics.figures_for(police_member, a, YEAR, wanted)[metrics.TIPS_METRIC]
        for_village = metrics.figures_for(two_villages["writer_a"], a, YEAR, wanted)[
            metrics.TIPS_METRIC
        ]

    assert (for_police.value, for_police.link) == (2, "/tips")
    assert for_village.value is None and for_village.link is None
    assert "2" not in for_village.shown
