"""The commune and its agencies and enterprises are judged beside the villages: the commune
police score the commune and enter what the reviewing level sends back; an agency is scored by
the police on its behalf or by its own organization's account; every transition by every
role, over HTTP."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intranet.assessments import scoring
from intranet.assessments import sets
from intranet.assessments import units
from intranet.models import AssessedUnit
from intranet.models import Assessment
from intranet.models import AssessmentEvent
from intranet.models import AssessmentStatus
from intranet.models import AuditEvent
from intranet.models import db
from intranet.models import Organization
from intranet.models import Role
from tests.factories import make_user

pytestmark = pytest.mark.today("2026-11-25")

COMMUNE = "/assessments/2026/movement-commune/xa"
SCHOOL = "/assessments/2026/movement-agency/th-iakrai"
RUBBER = "/assessments/2026/movement-agency/dn-caosu"
EVERYONE = ("congan.truong", "congan.canbo", "mttq", "lanhdao", "admin", "lang07")


@pytest.fixture
def places(cycle):
    """The commune, the demo's agencies and the reference's state enterprises."""
    units.load(with_demo=True)
    db.session.commit()


def unit(code: str) -> AssessedUnit:
    return db.session.scalar(select(AssessedUnit).where(AssessedUnit.code == code))


def assessment(code: str) -> Assessment | None:
    db.session.expire_all()
    return db.session.scalar(
        select(Assessment)
        .where(Assessment.unit_id == unit(code).id)
        .order_by(Assessment.revision.desc())
        .options(selectinload(Assessment.lines))
    )


def marks(set_code: str, **changes: str) -> dict[str, str]:
    """Every line of the set at its highest (the commune's sets name no figure)."""
    data = {}
    for criterion in scoring.leaves(sets.set_for(set_code, 2026).criteria):
        data[f"score-{criterion.id}"] = changes.get(criterion.code, str(scoring.highest(criterion)))
        data[f"words-{criterion.id}"] = ""
    return data


def version(code: str) -> str:
    found = assessment(code)
    return str(found.version) if found is not None else ""


def as_user(client, login, username: str, method: str, url: str, data=None) -> int:
    login(username)
    if method == "GET":
        status = client.get(url).status_code
    else:
        status = client.post(url, data=data or {}).status_code
    client.post("/logout")
    return status


def test_the_year_page_lists_the_villages_the_commune_and_the_agencies(client, places, login):
    login("mttq")

    page = client.get("/assessments/2026").get_data(as_text=True)

    assert 'id="assessments-villages"' in page and 'id="village-lang07"' in page
    assert 'id="assessments-commune"' in page and 'id="unit-xa"' in page
    assert 'id="assessments-agency"' in page
    assert 'id="unit-th-iakrai"' in page and 'id="unit-dn-caosu"' in page
    assert "Trường Tiểu học Ia Krai" in page and "(dữ liệu mẫu)" in page
    assert "Công ty TNHH MTV Cao su Ia Krai" in page
    # The commune's column counts read as the reviewing level's steps.
    assert "Cấp trên đã quyết định" in page


@pytest.mark.parametrize(
    ("url", "code"),
    [
        (COMMUNE, "movement-commune"),
        (SCHOOL, "movement-agency"),
        ("/assessments/2026/antt-commune/xa", "antt-commune"),
    ],
)
def test_every_office_reads_a_unit_page_but_not_a_village_account(client, places, login, url, code):
    for username in EVERYONE:
        expected = 404 if username == "lang07" else 200  # a village sees its own page only
        assert as_user(client, login, username, "GET", url) == expected


def test_a_set_opens_only_on_the_units_it_judges(client, places, login):
    login("mttq")

    assert client.get("/assessments/2026/movement-village/xa").status_code == 404
    assert client.get("/assessments/2026/movement-commune/lang07").status_code == 404
    assert client.get("/assessments/2026/movement-agency/xa").status_code == 404
    assert client.get("/assessments/2026/movement-commune/nowhere").status_code == 404


def test_the_commune_police_score_the_commune_and_enter_the_reviewing_levels_decision(
    client, places, login
):
    data = marks("movement-commune", **{"2a": "12"}) | {"version": ""}
    for username in ("mttq", "lanhdao", "admin"):
        assert as_user(client, login, username, "POST", COMMUNE, data) == 403
    assert as_user(client, login, "lang07", "POST", COMMUNE, data) == 404  # hidden from it
    assert assessment("xa") is None

    assert as_user(client, login, "congan.canbo", "POST", COMMUNE, data) == 303
    login("congan.canbo")
    page = client.get(COMMUNE).get_data(as_text=True)
    assert 'id="score-form"' in page and "Ghi nhận đã gửi cấp trên" in page
    assert client.post(f"{COMMUNE}/submit", data={"version": version("xa")}).status_code == 303
    sent = assessment("xa")
    assert (sent.status, sent.proposed_label) == (AssessmentStatus.submitted, "Xuất sắc")
    assert sent.status_label == "Đã gửi cấp trên"

    # The reviewing level's scores are entered as received, by the officer who sent it too.
    page = client.get(COMMUNE).get_data(as_text=True)
    assert 'id="review-form"' in page and "theo văn bản nhận được" in page
    review = marks("movement-commune", **{"2a": "5", "4a": "10"}) | {"version": version("xa")}
    assert client.post(f"{COMMUNE}/review", data=review).status_code == 303
    # Four eyes: who entered them does not accept them.
    assert 'id="accept-form"' not in client.get(COMMUNE).get_data(as_text=True)
    client.post("/logout")
    for username in ("mttq", "lanhdao", "admin", "lang07", "congan.canbo"):
        refused = {"version": version("xa")}
        expected = 404 if username == "lang07" else 403  # the commune's page: hidden from it
        assert as_user(client, login, username, "POST", f"{COMMUNE}/accept", refused) == expected
    accepted = {"version": version("xa")}
    assert as_user(client, login, "congan.truong", "POST", f"{COMMUNE}/accept", accepted) == 303
    assert assessment("xa").reviewed_label == "Khá"  # 100 - 10 - 5 = 85 points

    commune = assessment("xa")
    appraisal = {
        "held_on": "28/11/2026",
        "chaired_by": "Phó Giám đốc Công an tỉnh",
        "secretary": "Cán bộ Phòng PV05",
        "members_present": "5",
        "attendees": "Đoàn kiểm tra của Công an tỉnh",
        "votes_for": "0",
        "votes_against": "0",
        f"for-{commune.id}": "5",
        f"against-{commune.id}": "0",
        f"conclusion-{commune.id}": "Khá",
    }
    appraise = "/assessments/2026/movement-commune/appraise"
    assert as_user(client, login, "congan.canbo", "POST", appraise, appraisal) == 303
    decision = {"number": "3201/QĐ-CAT", "signed_on": "30/11/2026", "signer": "Phó Giám đốc"}
    decide = "/assessments/2026/movement-commune/decide"
    # Decided above the commune: the chair does not decide it, a police approver records it.
    assert as_user(client, login, "lanhdao", "POST", decide, decision) == 403
    assert as_user(client, login, "congan.canbo", "POST", decide, decision) == 403
    assert as_user(client, login, "congan.truong", "POST", decide, decision) == 303

    decided = assessment("xa")
    assert decided.status == AssessmentStatus.decided
    assert decided.decision.number == "3201/QĐ-CAT"
    # Locked: nobody scores it any more.
    again = marks("movement-commune") | {"version": version("xa")}
    assert as_user(client, login, "congan.canbo", "POST", COMMUNE, again) == 403
    login("mttq")
    page = client.get(COMMUNE).get_data(as_text=True)
    assert "Cấp trên đã quyết định" in page and "đã ghi quyết định nhận được" in page
    actions = db.session.scalars(
        select(AssessmentEvent.action)
        .where(AssessmentEvent.assessment_id == decided.id)
        .order_by(AssessmentEvent.id)
    ).all()
    assert actions == ["start", "score", "submit", "review", "accept", "appraise", "decide"]


def test_an_agency_is_scored_by_the_police_for_it_or_by_its_own_account(client, places, login):
    rubber = db.session.scalar(select(Organization).where(Organization.code == "dn-caosu"))
    make_user("caosu.baove", role=Role.member, org=rubber)
    data = marks("movement-agency") | {"version": ""}

    # A school with no account of its own: the police enter its sheet; nobody else does.
    for username in ("mttq", "lanhdao", "admin", "caosu.baove"):
        assert as_user(client, login, username, "POST", SCHOOL, data) == 403
    assert as_user(client, login, "lang07", "POST", SCHOOL, data) == 404  # hidden from it
    assert as_user(client, login, "congan.canbo", "POST", SCHOOL, data) == 303
    # The rubber company's own account scores it.
    assert as_user(client, login, "caosu.baove", "POST", RUBBER, data) == 303
    sent = {"version": version("dn-caosu")}
    assert as_user(client, login, "caosu.baove", "POST", f"{RUBBER}/submit", sent) == 303
    assert assessment("dn-caosu").status == AssessmentStatus.submitted

    # Returned to the unit with a reason: the agency's account scores again.
    back = {"version": version("dn-caosu"), "reason": "Bổ sung quy chế bảo vệ"}
    assert as_user(client, login, "caosu.baove", "POST", f"{RUBBER}/return", back) == 403
    assert as_user(client, login, "congan.canbo", "POST", f"{RUBBER}/return", back) == 303
    returned = assessment("dn-caosu")
    assert returned.status == AssessmentStatus.returned
    assert returned.status_label == "Đã trả lại đơn vị"
    audited = db.session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.target_type == "assessment", AuditEvent.target_id == returned.id
        )
    ).all()
    assert "assessment_return" in audited


def test_the_board_counts_the_units_that_owe_their_sheet(client, places, login):
    data = marks("movement-agency") | {"version": ""}
    assert as_user(client, login, "congan.canbo", "POST", SCHOOL, data) == 303
    sent = {"version": version("th-iakrai")}
    assert as_user(client, login, "congan.canbo", "POST", f"{SCHOOL}/submit", sent) == 303
    login("lanhdao")

    board = client.get("/").get_data(as_text=True)

    calendar = board[board.index('id="assessments-calendar"') :]
    agencies = len(units.of_kind(unit("th-iakrai").kind))
    assert f"{agencies - 1} đơn vị chưa gửi bảng chấm điểm" in calendar


def test_the_agencies_list_and_the_communes_sheet_download(client, places, login):
    data = marks("movement-agency") | {"version": ""}
    assert as_user(client, login, "congan.canbo", "POST", SCHOOL, data) == 303
    assert (
        as_user(client, login, "congan.canbo", "POST", COMMUNE, data | marks("movement-commune"))
        == 303
    )
    login("mttq")

    listed = load_workbook(
        io.BytesIO(client.get("/assessments/2026/movement-agency/list.xlsx").data)
    )
    sheet = client.get(f"{COMMUNE}/sheet.docx")

    rows = [[cell.value for cell in row] for row in listed.active.iter_rows(min_row=4)]
    assert rows[0][:3] == ["TT", "Đơn vị", "Trạng thái"]
    names = [row[1] for row in rows[1:]]
    assert "Trường Tiểu học Ia Krai" in names and "Công ty TNHH MTV Cao su Ia Krai" in names
    school = next(row for row in rows[1:] if row[1] == "Trường Tiểu học Ia Krai")
    assert school[2] == "Đang tự chấm" and school[3] == 100
    text = "\n".join(p.text for p in Document(io.BytesIO(sheet.data)).paragraphs)
    assert "Mức đề xuất phân loại của đơn vị: Xuất sắc." in text
