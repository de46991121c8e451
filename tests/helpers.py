"""Helpers that tests in several files share: lookups, valid forms, one row of everything.

Fixtures live in tests/conftest.py and rows are made by tests/factories.py; a test file
imports from neither another test file nor a conftest.
"""

import io
import os
from datetime import date

from flask import Flask
from flask import url_for
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from intranet import evidence
from intranet.admin import workflow as admin_workflow
from intranet.assessments import ratings_workflow
from intranet.assessments import scoring
from intranet.assessments import sets as assessment_sets
from intranet.assessments import workflow as assessment_workflow
from intranet.assessments.workflow import Entered
from intranet.logs import workflow
from intranet.models import ActivityLog
from intranet.models import Attachment
from intranet.models import Award
from intranet.models import AwardForm
from intranet.models import AwardGiver
from intranet.models import ChangeKind
from intranet.models import CriteriaSet
from intranet.models import Criterion
from intranet.models import db
from intranet.models import DisputeKind
from intranet.models import Gift
from intranet.models import HouseholdKind
from intranet.models import LogKind
from intranet.models import MediationCase
from intranet.models import MediationTeam
from intranet.models import Mediator
from intranet.models import Organization
from intranet.models import PendingChange
from intranet.models import RecipientKind
from intranet.models import SecurityTeam
from intranet.models import TeamMember
from intranet.models import Tip
from intranet.models import TipCategory
from intranet.models import TipChannel
from intranet.models import User
from intranet.models import Village
from intranet.periods import local_today
from intranet.review import workflow as review
from intranet.tips import workflow as tips_workflow

POSTGRES_URI = os.environ.get("INTRANET_SQLALCHEMY_DATABASE_URI", "")
ON_POSTGRES = POSTGRES_URI.startswith("postgresql")

# A tip's text that must never reach a page or a document outside the police (reports).
TIP_SECRET = "Bí mật: ông X buôn bán ma túy ở rẫy cà phê"


def user(username: str) -> User:
    """The account with this username."""
    return db.session.scalar(select(User).where(User.username == username))


def village(code: str) -> Village:
    """The village with this code."""
    return db.session.scalar(select(Village).where(Village.code == code))


def entry_form(**overrides: str) -> dict[str, str]:
    """A valid new-entry form as a member would post it."""
    return {
        "title": "Họp tuyên truyền phòng chống ma túy",
        "description": "Tuyên truyền tại nhà văn hóa làng.",
        "date": "2026-11-20",
        "kind": "propaganda",
        "village": "",
        "participants": "45",
        "client_token": "5f0e4a52-0000-4000-8000-000000000001",
    } | overrides


def relay_form(**changes: str) -> dict[str, str]:
    """A valid relay form as a village account would post it."""
    return {
        "channel": "village_team",
        "village": str(village("lang07").id),
        "category": "theft",
        "summary": "Nhà ông A bị mất trộm hai con bò trong đêm.",
        "informant_name": "",
        "informant_contact": "",
        "client_token": "",
    } | changes


TITLE = "Sinh hoạt CLB phụ nữ với pháp luật"
PARTIES = "Ông Rơ Mah A và ông Ksor B"
TIP_SUMMARY = "Mất trộm hai con bò"


def one_of_everything() -> ActivityLog:
    """On the demo: one approved entry of the women's union and one of every other row a route
    takes the id of (a mediation case, a tip, an award, a gift, a pending account change)."""
    author = db.session.scalar(select(User).where(User.username == "phunu"))
    approver = db.session.scalar(select(User).where(User.username == "congan.truong"))
    values = {
        "date": date(2026, 3, 8),
        "kind": LogKind.club,
        "village_id": None,
        "title": TITLE,
        "description": "",
        "participants": 35,
    }
    picture = io.BytesIO()
    Image.new("RGB", (320, 240), (40, 90, 160)).save(picture, "PNG")
    upload = FileStorage(io.BytesIO(picture.getvalue()), filename="hop-clb.png")
    entry = workflow.create(author, values, None, files=evidence.prepare_uploads([upload]))
    workflow.submit(entry, author)
    review.approve(entry, approver)
    village = db.session.scalar(select(Village).where(Village.code == "lang07"))
    db.session.add_all(
        [
            MediationCase(
                village=village,
                recorded_by=author,
                received_on=date(2026, 11, 1),
                kind=DisputeKind.land,
                parties=PARTIES,
            ),
        ]
    )
    tips_workflow.relay(
        author,
        {
            "channel": TipChannel.phone,
            "village_id": village.id,
            "category": TipCategory.theft,
            "summary": TIP_SUMMARY,
            "informant_name": "Rơ Mah C",
            "informant_contact": "0900 000 000",
        },
        None,
    )
    giver = db.session.scalar(select(Organization).where(Organization.code == "dn-caosu"))
    db.session.add_all(
        [
            Award(
                year=2025,
                recipient_kind=RecipientKind.collective,
                recipient="Tổ bảo vệ ANTT làng Dơ Nâu",
                giver=AwardGiver.commune_chair,
                form=AwardForm.certificate,
            ),
            Gift(
                year=2025,
                household="Hộ bà Siu H'Mai",
                village=village,
                household_kind=HouseholdKind.poor,
                giver=giver,
                value=500_000,
            ),
        ]
    )
    _sent_assessment(village)
    ratings_workflow.start(ratings_workflow.rating_set(2025), 2025, user("congan.canbo"))
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    mttq = db.session.scalar(select(User).where(User.username == "mttq"))
    admin_workflow.request_change(
        ChangeKind.update,
        admin,
        username="mttq",
        user=mttq,
        values=admin_workflow.current_values(mttq) | {"role": "approver"},
    )
    db.session.commit()
    return entry


def _sent_assessment(village: Village) -> None:
    """lang07's 2025 movement assessment, fully self-scored and sent to the commune police."""
    assessment_sets.load_shipped()
    lang07 = db.session.scalar(select(User).where(User.username == "lang07"))
    movement = assessment_sets.set_for("movement-village", 2025)
    sheet = assessment_workflow.start(movement, village, 2025, lang07)
    scores = {
        c.id: Entered(scoring.highest(c), "Có biên bản") for c in scoring.leaves(movement.criteria)
    }
    assessment_workflow.save_scores(sheet, lang07, scores, {}, str(sheet.version))
    assessment_workflow.submit(sheet, lang07, str(sheet.version))


def every_route(app: Flask) -> list[tuple[str, str]]:
    """Every (endpoint, method) of the app but static files, in the order the blueprints
    declare them (a walk reaches an edit before the delete beside it)."""
    return [
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]


def route_url(app: Flask, endpoint: str) -> str:
    """A URL of the endpoint, its arguments naming the rows one_of_everything() made."""
    ids = {
        "user_id": db.session.scalar(select(User.id).where(User.username == "mttq")),
        "org_id": db.session.scalar(select(Organization.id).where(Organization.code == "phunu")),
        "village_id": db.session.scalar(select(Village.id).where(Village.code == "lang07")),
        "entry_id": db.session.scalar(select(ActivityLog.id).where(ActivityLog.title == TITLE)),
        "code": {"orgs": "phunu", "assessments": "movement-village"}.get(
            endpoint.split(".")[0], "lang07"
        ),
        "village_code": "lang07",
        "unit_code": "lang07",
        "attachment_id": db.session.scalar(select(Attachment.id)),
        "set_id": db.session.scalar(
            select(CriteriaSet.id).where(CriteriaSet.code == "movement-village")
        ),
        "criterion_id": db.session.scalar(
            select(Criterion.id)
            .join(CriteriaSet, Criterion.set_id == CriteriaSet.id)
            .where(CriteriaSet.code == "movement-village", Criterion.code == "1a")
        ),
        "mediator_id": db.session.scalar(
            select(Mediator.id).join(MediationTeam).join(Village).where(Village.code == "lang07")
        ),
        "case_id": db.session.scalar(
            select(MediationCase.id).where(MediationCase.parties == PARTIES)
        ),
        "tip_id": db.session.scalar(select(Tip.id).where(Tip.summary == TIP_SUMMARY)),
        "month": f"{local_today().year}-01",
        "award_id": db.session.scalar(select(Award.id)),
        "change_id": db.session.scalar(select(PendingChange.id)),
        "gift_id": db.session.scalar(select(Gift.id)),
        "category": "crime",
        "section": "activity",
        "year": 2025,
        "member_id": db.session.scalar(
            select(TeamMember.id).join(SecurityTeam).join(Village).where(Village.code == "lang07")
        ),
    }
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    with app.test_request_context():
        return url_for(endpoint, **{arg: ids[arg] for arg in rule.arguments})


# Pictures and scans for the attachment tests (issue 16).
GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F
ARTIST = 0x013B


def photo(
    width: int = 4000, height: int = 3000, orientation: int | None = None, fmt: str = "JPEG"
) -> bytes:
    """A generated picture (no person in it) with GPS, device and owner EXIF, as phones write."""
    picture = Image.new("RGB", (width, height), (30, 120, 60))
    picture.paste((200, 40, 40), (0, 0, width // 4, height // 4))  # a red corner: top left
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker ZX"
    exif[ARTIST] = "Nguyen Van Chu May"
    if orientation:
        exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (13.0, 58.0, 12.5)
    gps[3], gps[4] = "E", (108.0, 1.0, 2.25)
    out = io.BytesIO()
    picture.save(out, fmt, exif=exif.tobytes(), quality=92)
    return out.getvalue()


def pdf() -> bytes:
    """A one-page PDF as a scanner might write it (qpdf rebuilds its missing cross-reference)."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
