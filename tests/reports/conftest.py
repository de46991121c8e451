"""A commune with known figures for the 2025 festival-day report (20/08/2024 – 19/08/2025)."""

from datetime import date

import pytest
from sqlalchemy import delete
from sqlalchemy import select

from intranet import demo
from intranet.logs import workflow
from intranet.models import ActivityLog
from intranet.models import Award
from intranet.models import AwardForm
from intranet.models import AwardGiver
from intranet.models import CaseStatus
from intranet.models import db
from intranet.models import DisputeKind
from intranet.models import Gift
from intranet.models import HouseholdKind
from intranet.models import IncidentCategory
from intranet.models import IncidentStat
from intranet.models import LogKind
from intranet.models import LogStatus
from intranet.models import MediationCase
from intranet.models import Organization
from intranet.models import RecipientKind
from intranet.models import Tip
from intranet.models import TipCategory
from intranet.models import TipChannel
from intranet.models import TipStatus
from intranet.reports import figures
from intranet.review import workflow as review
from tests.factories import make_entry
from tests.helpers import TIP_SECRET
from tests.helpers import user
from tests.helpers import village

IN, BEFORE, OUTSIDE = date(2025, 3, 10), date(2024, 3, 10), date(2025, 9, 1)


@pytest.fixture
def commune(app):
    demo.load(with_entries=False)
    figures.clear_cache()
    lang07, approver = user("lang07"), user("congan.truong")
    phunu = user("phunu")

    def entry(status, day, kind=LogKind.patrol, author=lang07, participants=4):
        return make_entry(
            status, author=author, approver=approver, date=day, kind=kind,
            participants=participants,
        )  # fmt: skip

    for _n in range(3):
        entry(LogStatus.approved, IN)
    corrected = entry(LogStatus.approved, IN, participants=10)
    correction = workflow.correct(corrected, lang07)
    correction.participants = 6
    workflow.submit(correction, lang07)
    review.approve(correction, approver)  # counted once, with 6 participants
    pending = workflow.correct(entry(LogStatus.approved, IN), lang07)  # a draft: changes nothing
    assert pending.status == LogStatus.draft
    entry(LogStatus.approved, BEFORE)
    entry(LogStatus.approved, OUTSIDE)
    for status in (LogStatus.draft, LogStatus.submitted, LogStatus.returned):
        entry(status, IN, participants=99)
    entry(LogStatus.approved, IN, kind=LogKind.club, author=phunu, participants=35)
    entry(LogStatus.submitted, IN, kind=LogKind.club, author=phunu, participants=99)

    tuphap = user("tuphap")
    db.session.execute(delete(MediationCase))  # the demo's cases fall on moving dates
    for status, day in [
        (CaseStatus.settled, IN), (CaseStatus.settled, IN), (CaseStatus.settled, IN),
        (CaseStatus.referred, IN), (CaseStatus.open, IN), (CaseStatus.settled, BEFORE),
    ]:  # fmt: skip
        db.session.add(
            MediationCase(
                village=village("lang07"), recorded_by=tuphap, received_on=day,
                kind=DisputeKind.land, parties="Ông A và ông B", status=status,
            )
        )  # fmt: skip

    for category, month, code, cases, deaths, injuries in [
        (IncidentCategory.crime, date(2025, 1, 1), "lang07", 2, 0, 1),
        (IncidentCategory.crime, date(2025, 2, 1), None, 1, 0, 0),
        (IncidentCategory.traffic, date(2025, 8, 1), "lang08", 1, 1, 2),
        (IncidentCategory.traffic, date(2024, 8, 1), "lang08", 9, 0, 0),  # before 20/08/2024
        (IncidentCategory.crime, date(2024, 1, 1), None, 5, 0, 0),
        (IncidentCategory.crime, date(2025, 9, 1), None, 7, 0, 0),  # after 19/08/2025
    ]:
        db.session.add(
            IncidentStat(
                month=month, category=category,
                village_id=village(code).id if code else None,
                cases=cases, deaths=deaths, injuries=injuries,
            )
        )  # fmt: skip

    for n, (status, code) in enumerate(
        [(TipStatus.valuable, "lang07")] * 4 + [(TipStatus.received, "lang07")]
        + [(TipStatus.valuable, "lang08")]
    ):  # fmt: skip
        db.session.add(
            Tip(
                received_on=IN, channel=TipChannel.phone, village=village(code),
                category=TipCategory.drugs, summary=f"{TIP_SECRET} {n}", status=status,
                relayed_by=approver,
            )
        )  # fmt: skip

    giver = db.session.scalar(select(Organization).where(Organization.code == "dn-caosu"))
    db.session.add_all(
        [
            Award(year=2025, recipient_kind=RecipientKind.collective, recipient="Tổ ANTT làng Dồn",
                  giver=AwardGiver.commune_chair, form=AwardForm.certificate),
            Award(year=2025, recipient_kind=RecipientKind.individual, recipient="Siu Hyoanh",
                  giver=AwardGiver.provincial_police, form=AwardForm.gift),
            Award(year=2024, recipient_kind=RecipientKind.individual, recipient="Năm trước",
                  giver=AwardGiver.commune_chair, form=AwardForm.certificate),
            Gift(year=2025, household="Hộ ông A", village=village("lang01"),
                 household_kind=HouseholdKind.poor, giver=giver, value=500_000),
            Gift(year=2025, household="Hộ bà B", village=village("lang02"),
                 household_kind=HouseholdKind.policy, giver=giver, value=1_000_000),
        ]
    )  # fmt: skip
    db.session.commit()
    assert db.session.scalar(select(ActivityLog.id).where(ActivityLog.corrects_id.is_not(None)))
