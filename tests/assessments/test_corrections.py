"""A decided assessment is locked; a police approver corrects it with a new version and a
reason, which goes through review and decision again while the decided one stays readable, and
the list and the scoring sheet show the latest decided version."""

import io
from datetime import date

import pytest
from docx import Document
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intranet.assessments import scoring
from intranet.assessments import sets
from intranet.assessments import workflow
from intranet.assessments.workflow import Entered
from intranet.models import Assessment
from intranet.models import AssessmentStatus
from intranet.models import AuditEvent
from intranet.models import db
from tests.helpers import user
from tests.helpers import village

pytestmark = pytest.mark.today("2026-12-20")

URL = "/assessments/2026/movement-village/lang07"
REASON = "Bổ sung biên bản tuần tra quý IV bị sót khi chấm"


def leaves():
    return scoring.leaves(sets.set_for("movement-village", 2026).criteria)


def code_id(code: str) -> int:
    return next(c.id for c in leaves() if c.code == code)


def revisions() -> list[Assessment]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Assessment)
            .where(Assessment.village_id == village("lang07").id)
            .order_by(Assessment.revision)
            .options(selectinload(Assessment.lines))
        )
    )


@pytest.fixture
def decided(cycle) -> Assessment:
    """lang07's 2026 movement assessment, through every step to the chair's decision, with
    line 3b reviewed at 10 of 15 (a "Khá" result)."""
    movement = sets.set_for("movement-village", 2026)
    lang07, canbo, truong = user("lang07"), user("congan.canbo"), user("congan.truong")
    scores = {c.id: Entered(scoring.highest(c), "Có biên bản") for c in leaves()}
    sheet = workflow.start(movement, village("lang07"), 2026, lang07)
    workflow.save_scores(sheet, lang07, scores, {}, str(sheet.version))
    db.session.flush()
    workflow.submit(sheet, lang07, str(sheet.version))
    db.session.flush()
    review = scores | {code_id("3b"): Entered(10, "Thiếu biên bản tuần tra"),
                       code_id("2b"): Entered(3, "Mô hình chưa hiệu quả")}  # fmt: skip
    workflow.save_review(sheet, canbo, review, str(sheet.version))
    db.session.flush()
    workflow.accept(sheet, truong, str(sheet.version))
    meeting = {"held_on": date(2026, 11, 26), "attendees": "Ban Chỉ đạo: 9/11"}
    workflow.appraise(movement, 2026, canbo, meeting)
    decision = {"number": "210/QĐ-UBND", "signed_on": date(2026, 11, 28), "signer": "Ksor Hương"}
    workflow.decide(movement, 2026, user("lanhdao"), decision)
    db.session.commit()
    return sheet


def test_a_correction_needs_its_reason_said_in_vietnamese_and_changes_nothing_without_it(
    client, decided, login
):
    login("congan.truong")
    before = revisions()[0].version

    refused = client.post(f"{URL}/correct", data={"version": str(before), "reason": "   "})

    assert refused.status_code == 422
    assert "Hãy ghi lý do điều chỉnh kết quả đã quyết định." in refused.get_data(as_text=True)
    assert [(a.revision, a.status, a.version) for a in revisions()] == [
        (1, AssessmentStatus.decided, before)
    ]


@pytest.mark.parametrize("username", ["congan.canbo", "mttq", "lanhdao", "admin", "lang07"])
def test_only_a_police_approver_opens_a_correction(client, decided, login, username):
    login(username)
    version = str(revisions()[0].version)

    page = client.get(URL).get_data(as_text=True)
    refused = client.post(f"{URL}/correct", data={"version": version, "reason": REASON})

    assert refused.status_code == 403
    assert 'id="correct-form"' not in page
    assert len(revisions()) == 1


def test_a_correction_is_reviewed_and_decided_again_and_the_decided_version_stays(
    client, decided, login
):
    first = revisions()[0]
    kept = {ln.criterion_id: (ln.self_score, ln.review_score) for ln in first.lines}
    login("congan.truong")
    assert 'id="correct-form"' in client.get(URL).get_data(as_text=True)

    opened = client.post(f"{URL}/correct", data={"version": str(first.version), "reason": REASON})

    assert opened.status_code == 303
    old, new = revisions()
    assert (old.status, old.decided_label, old.version) == (
        AssessmentStatus.decided, "Khá", first.version,
    )  # fmt: skip
    assert {ln.criterion_id: (ln.self_score, ln.review_score) for ln in old.lines} == kept
    assert (new.revision, new.status, new.corrects_id) == (2, AssessmentStatus.submitted, old.id)
    assert new.correction_reason == REASON and new.review_by_id is None
    assert {ln.criterion_id: (ln.self_score, ln.review_score) for ln in new.lines} == kept
    # While it is under way, the list still shows the decided result, and says so.
    year = client.get("/assessments/2026").get_data(as_text=True)
    row = year[year.index('id="village-lang07"') :]
    row = row[: row.index("</tr>")]
    assert "Khá" in row and "Đang điều chỉnh (phiên bản 2)" in row
    # No second correction while this one is open.
    again = client.post(f"{URL}/correct", data={"version": str(new.version), "reason": REASON})
    assert again.status_code == 403
    client.post("/logout")

    # Review again (four eyes: another officer enters, the approver accepts).
    login("congan.canbo")
    data = {"version": str(new.version)}
    for line in new.lines:
        score = line.review_score if line.criterion_id != code_id("3b") else 15
        data[f"score-{line.criterion_id}"] = str(score)
        data[f"words-{line.criterion_id}"] = "Đã đối chiếu biên bản bổ sung"
    assert client.post(f"{URL}/review", data=data).status_code == 303
    client.post("/logout")
    login("congan.truong")
    accepted = client.post(f"{URL}/accept", data={"version": str(revisions()[1].version)})
    assert accepted.status_code == 303
    corrected = revisions()[1]
    appraisal = {
        "held_on": "30/11/2026",
        "chaired_by": "Ksor Hương",
        "secretary": "Rơ Mah Thu",
        "members_present": "8",
        "attendees": "Ban Chỉ đạo: 8/11",
        f"for-{corrected.id}": "8",
        f"against-{corrected.id}": "0",
        f"conclusion-{corrected.id}": "Xuất sắc",
    }
    appraised = client.post("/assessments/2026/movement-village/appraise", data=appraisal)
    assert appraised.status_code == 303
    client.post("/logout")
    login("lanhdao")
    decision = {"number": "236/QĐ-UBND", "signed_on": "30/11/2026", "signer": "Ksor Hương"}
    assert (
        client.post("/assessments/2026/movement-village/decide", data=decision).status_code == 303
    )

    old, new = revisions()
    assert (old.decided_label, old.decision.number) == ("Khá", "210/QĐ-UBND")
    assert (new.status, new.decided_label, new.decision.number) == (
        AssessmentStatus.decided, "Xuất sắc", "236/QĐ-UBND",
    )  # fmt: skip
    # The list shows the latest decided version.
    year = client.get("/assessments/2026").get_data(as_text=True)
    row = year[year.index('id="village-lang07"') :]
    row = row[: row.index("</tr>")]
    assert "Xuất sắc" in row and "đã điều chỉnh, phiên bản 2" in row and "Khá" not in row
    # The page tells the versions apart; the old one stays readable.
    page = client.get(URL).get_data(as_text=True)
    assert 'id="assessment-revisions"' in page
    assert "quyết định ngày 28/11/2026 (số 210/QĐ-UBND): Khá" in page
    assert f"điều chỉnh vì: {REASON}" in page
    older = client.get(f"{URL}?revision=1")
    assert older.status_code == 200
    assert "Bạn đang xem phiên bản 1" in older.get_data(as_text=True)
    assert client.get(f"{URL}?revision=3").status_code == 404
    assert client.get(f"{URL}?revision=x").status_code == 404
    # The scoring sheet is the latest decided version's.
    sheet = Document(io.BytesIO(client.get(f"{URL}/sheet.docx").data))
    text = "\n".join(p.text for p in sheet.paragraphs)
    assert "236/QĐ-UBND" in text and "210/QĐ-UBND" not in text
    audited = db.session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.target_type == "assessment", AuditEvent.target_id == new.id
        )
    ).all()
    assert audited[0] == "assessment_correct" and "assessment_decide" in audited


def test_a_correction_over_a_stale_page_is_a_conflict(client, decided, login):
    login("congan.truong")
    stale = str(revisions()[0].version - 1)

    conflict = client.post(f"{URL}/correct", data={"version": stale, "reason": REASON})

    assert conflict.status_code == 409
    assert len(revisions()) == 1


def test_the_decided_version_s_sheet_stays_downloadable_after_a_correction(client, decided, login):
    login("congan.truong")
    first = revisions()[0]
    assert (
        client.post(
            f"{URL}/correct", data={"version": str(first.version), "reason": REASON}
        ).status_code
        == 303
    )

    older = client.get(f"{URL}?revision=1").get_data(as_text=True)
    sheet = client.get(f"{URL}/sheet.docx?revision=1")

    assert f"{URL}/sheet.docx?revision=1" in older
    text = "\n".join(p.text for p in Document(io.BytesIO(sheet.data)).paragraphs)
    assert "210/QĐ-UBND" in text
