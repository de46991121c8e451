"""The commune's papers of a set's year (issue 17, item 5): the police's proposal (Tờ trình) with
its list, the appraisal meeting's record (Biên bản) with each village's vote, the chair's
decision (Quyết định) with its list, as .docx and .xlsx; the vote per village at the appraisal;
who sees which paper, and when."""

import io
import shutil
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import func
from sqlalchemy import select

from intranet.assessments import appraisal
from intranet.assessments import scoring
from intranet.assessments import sets
from intranet.assessments import workflow
from intranet.assessments.workflow import Entered
from intranet.models import AppraisalMeeting
from intranet.models import AppraisalVote
from intranet.models import Assessment
from intranet.models import AssessmentStatus
from intranet.models import db
from intranet.models import Village
from tests.helpers import user
from tests.helpers import village

pytestmark = pytest.mark.today("2026-11-25")

ANTT, MOVEMENT = "antt-village", "movement-village"
RECOGNISED = "Đạt tiêu chuẩn “An toàn về an ninh, trật tự”"
NOT_RECOGNISED = "Chưa đạt tiêu chuẩn"
BASE = "/assessments/2026"
PAPERS = ("proposal.docx", "proposal.xlsx", "minutes.docx", "decision.docx", "decision.xlsx")


def accept(code: str, village_code: str, failing: str = "", lowered: int = 0) -> Assessment:
    """A village's 2026 sheet scored in full, sent, reviewed and accepted; `failing` names a
    condition the police find not met, `lowered` takes points off line 3b in the review."""
    criteria_set = sets.set_for(code, 2026)
    owner = user(village_code)
    sheet = workflow.start(criteria_set, village(village_code), 2026, owner)
    own = {
        c.id: Entered(scoring.highest(c), "Có hồ sơ") for c in scoring.leaves(criteria_set.criteria)
    }
    workflow.save_scores(sheet, owner, own, {}, str(sheet.version))
    workflow.submit(sheet, owner, str(sheet.version))
    review = dict(own)
    for criterion in criteria_set.criteria:
        if criterion.code == failing:
            review[criterion.id] = Entered(0, "Còn vụ việc phức tạp")
        if criterion.code == "3b" and lowered:
            review[criterion.id] = Entered(scoring.highest(criterion) - lowered, "")
    workflow.save_review(sheet, user("congan.canbo"), review, str(sheet.version))
    workflow.accept(sheet, user("congan.truong"), str(sheet.version))
    db.session.commit()
    return sheet


def meeting(**changes: str) -> dict[str, str]:
    return {
        "held_on": "2026-11-26",
        "starts_at": "08:30",
        "place": "Hội trường Ủy ban nhân dân xã",
        "chaired_by": "Ksor Hương",
        "secretary": "Rơ Mah Thu",
        "members_present": "9",
        "attendees": "Ban Chỉ đạo xã: 9/11 thành viên",
        "opinions": "Làng Dồn còn một vụ tranh chấp đất chưa giải quyết xong.",
    } | changes


def row(assessment: Assessment, votes_for: str, against: str, label: str) -> dict[str, str]:
    return {
        f"for-{assessment.id}": votes_for,
        f"against-{assessment.id}": against,
        f"conclusion-{assessment.id}": label,
    }


def docx(response) -> tuple[str, list[list[list[str]]]]:
    """The document's paragraphs as text, and each table's rows as cell texts."""
    document = Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = [[[c.text for c in r.cells] for r in table.rows] for table in document.tables]
    return text, tables


def stored(assessment: Assessment) -> Assessment:
    db.session.expire_all()
    return db.session.get(Assessment, assessment.id)


@pytest.fixture
def movement(cycle):
    """Three villages' movement sheets accepted: lang01 95 points, lang02 and lang07 100."""
    return [accept(MOVEMENT, "lang01", lowered=5), accept(MOVEMENT, "lang02"),
            accept(MOVEMENT, "lang07")]  # fmt: skip


@pytest.fixture
def antt(cycle):
    """Every village's ANTT sheet accepted; lang03 fails condition 3 in the review."""
    return [
        accept(ANTT, v.code, failing="3" if v.code == "lang03" else "")
        for v in db.session.scalars(select(Village).order_by(Village.code))
    ]


def test_the_proposal_lists_every_village_with_its_scores_and_proposed_rating(
    client, movement, login
):
    login("congan.canbo")

    response = client.get(f"{BASE}/{MOVEMENT}/proposal.docx")

    assert response.status_code == 200
    assert "to-trinh-movement-village-2026.docx" in response.headers["Content-Disposition"]
    text, tables = docx(response)
    assert "TỜ TRÌNH" in text and "Kính gửi: Chủ tịch Ủy ban nhân dân xã Ia Krai." in text
    assert (
        "Về việc đề nghị công nhận kết quả chấm điểm, phân loại phong trào Toàn dân bảo vệ an "
        "ninh Tổ quốc ở khu dân cư năm 2026" in text
    )
    assert "Căn cứ Quyết định 510/QĐ-BCA-V05 ngày 20/01/2022 (bảng điểm mẫu của xã);" in text
    assert "I. THỐNG KÊ DANH SÁCH CHẤM ĐIỂM, MỨC ĐỀ XUẤT PHÂN LOẠI" in text
    table = tables[1]
    assert table[0] == ["TT", "Đơn vị", "Điểm tự chấm", "Điểm cấp trên chấm",
                        "Mức đề xuất phân loại"]  # fmt: skip
    villages = db.session.scalars(select(Village).order_by(Village.code)).all()
    assert [r[1] for r in table[1:]] == [v.display_name for v in villages]
    for assessment in movement:
        line = table[1 + [v.id for v in villages].index(assessment.village_id)]
        own = workflow.result_of(workflow.load(assessment.id), reviewing=False).total
        review = workflow.result_of(workflow.load(assessment.id), reviewing=True).total
        assert line[2:] == [str(own), str(review), stored(assessment).reviewed_label]
    assert sum(1 for r in table[1:] if r[4] == "Chưa bắt đầu") == len(villages) - 3
    assert "- Xuất sắc: 3 khu dân cư;" in text
    assert f"- Chưa thẩm định xong: {len(villages) - 3} khu dân cư." in text
    assert "TRƯỞNG CÔNG AN XÃ" in "\n".join(c for r in tables[-1] for c in r)


def test_the_proposal_list_workbook_has_the_same_rows_as_the_document(client, movement, login):
    login("congan.truong")
    _, tables = docx(client.get(f"{BASE}/{MOVEMENT}/proposal.docx"))

    response = client.get(f"{BASE}/{MOVEMENT}/proposal.xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [
        ["" if v is None else str(v) for v in r]
        for r in sheet.iter_rows(min_row=4, values_only=True)
    ]
    assert rows == tables[1]
    assert sheet["A1"].value.startswith("Thống kê danh sách chấm điểm, mức đề xuất phân loại")


def _appraise(client, login, sheets, rows) -> object:
    login("congan.canbo")
    data = meeting()
    for sheet, votes in zip(sheets, rows, strict=True):
        data |= row(sheet, *votes)
    return client.post(f"{BASE}/{MOVEMENT}/appraise", data=data)


def test_the_appraisal_records_each_villages_votes_and_the_decision_gives_the_agreed_rating(
    client, movement, login
):
    lang01, lang02, lang07 = movement
    response = _appraise(client, login, movement, [("9", "0", "Khá"), ("7", "2", "Xuất sắc"),
                                                   ("9", "0", "Xuất sắc")])  # fmt: skip
    assert response.status_code == 303
    votes = {v.assessment_id: v for v in db.session.scalars(select(AppraisalVote))}
    assert (votes[lang02.id].votes_for, votes[lang02.id].votes_against) == (7, 2)
    assert votes[lang01.id].conclusion == "Khá"  # the committee lowered the police's Xuất sắc
    client.post("/logout")
    login("lanhdao")

    decided = client.post(
        f"{BASE}/{MOVEMENT}/decide",
        data={"number": "301/QĐ-UBND", "signed_on": "2026-11-30", "signer": "Ksor Hương"},
    )

    assert decided.status_code == 303
    assert stored(lang01).decided_label == "Khá"
    assert stored(lang01).reviewed_label == "Xuất sắc"
    assert stored(lang07).decided_label == "Xuất sắc"


@pytest.mark.parametrize(
    ("lang02_row", "members", "message"),
    [
        (("8", "3", "Xuất sắc"), "9", "Có 11 phiếu nhưng chỉ có 9 thành viên có mặt."),
        (("", "0", "Xuất sắc"), "9", "Nhập số phiếu tán thành và không tán thành."),
        (("9", "-1", "Xuất sắc"), "9", "Nhập số phiếu bằng số nguyên."),
        (("9", "0", "Tuyệt vời"), "9", "Chọn mức phân loại được Ban Chỉ đạo thống nhất."),
    ],
)
def test_a_vote_that_cannot_be_is_refused_in_vietnamese_and_nothing_typed_is_lost(
    client, movement, login, lang02_row, members, message
):
    lang01, lang02, lang07 = movement
    login("congan.canbo")
    data = meeting(members_present=members) | row(lang01, "9", "0", "Xuất sắc")
    data |= row(lang02, *lang02_row) | row(lang07, "6", "3", "Xuất sắc")

    response = client.post(f"{BASE}/{MOVEMENT}/appraise", data=data)

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert "Có 1 thôn, làng cần sửa kết quả biểu quyết." in page
    assert f'name="for-{lang07.id}" value="6"' in page
    assert f'name="against-{lang07.id}" value="3"' in page
    assert f'name="for-{lang02.id}" value="{lang02_row[0]}"' in page
    assert 'value="Rơ Mah Thu"' in page and 'value="Hội trường Ủy ban nhân dân xã"' in page
    assert db.session.scalar(select(func.count(AppraisalMeeting.id))) == 0
    assert stored(lang02).status == AssessmentStatus.reviewed


def test_the_members_present_are_required_and_bound_the_vote_on_the_whole_list(
    client, movement, login
):
    lang01, lang02, lang07 = movement
    login("congan.canbo")
    rows = row(lang01, "9", "0", "Xuất sắc") | row(lang02, "9", "0", "Xuất sắc")
    rows |= row(lang07, "9", "0", "Xuất sắc")

    missing = client.post(f"{BASE}/{MOVEMENT}/appraise", data=meeting(members_present="") | rows)
    too_many = client.post(
        f"{BASE}/{MOVEMENT}/appraise",
        data=meeting(votes_for="9", votes_against="1") | rows,
    )

    assert missing.status_code == 422
    assert "Nhập số thành viên có mặt." in missing.get_data(as_text=True)
    assert too_many.status_code == 422
    assert "Có 10 phiếu nhưng chỉ có 9 thành viên có mặt." in too_many.get_data(as_text=True)
    assert db.session.scalar(select(func.count(AppraisalMeeting.id))) == 0


def test_the_record_names_time_place_chair_secretary_and_each_villages_vote(
    client, movement, login
):
    _appraise(client, login, movement, [("9", "0", "Khá"), ("7", "2", "Xuất sắc"),
                                        ("9", "0", "Xuất sắc")])  # fmt: skip
    client.post("/logout")
    login("mttq")

    response = client.get(f"{BASE}/{MOVEMENT}/minutes.docx")

    assert response.status_code == 200
    text, tables = docx(response)
    assert "BIÊN BẢN" in text and "Ia Krai, ngày 26 tháng 11 năm 2026" in "\n".join(
        c for r in tables[0] for c in r
    )
    assert "Vào hồi 08 giờ 30, ngày 26/11/2026, tại Hội trường Ủy ban nhân dân xã." in text
    assert "Chủ trì: Ksor Hương." in text and "Thư ký: Rơ Mah Thu." in text
    assert "Số thành viên có mặt: 9." in text
    assert "Làng Dồn còn một vụ tranh chấp đất chưa giải quyết xong." in text
    table = tables[1]
    assert table[0] == ["TT", "Đơn vị", "Điểm cấp trên chấm", "Tán thành", "Không tán thành",
                        "Mức thống nhất"]  # fmt: skip
    votes = {v.assessment_id: v for v in db.session.scalars(select(AppraisalVote))}
    for line, sheet in zip(table[1:], movement, strict=True):
        vote = votes[sheet.id]
        review = workflow.result_of(workflow.load(sheet.id), reviewing=True).total
        assert line[1:] == [sheet.village.display_name, str(review), str(vote.votes_for),
                            str(vote.votes_against), vote.conclusion]  # fmt: skip
    assert "- Xuất sắc: 2 khu dân cư;" in text and "- Khá: 1 khu dân cư;" in text
    signatures = tables[-1][0]
    assert "THƯ KÝ" in signatures[0] and "Rơ Mah Thu" in signatures[0]
    assert "CHỦ TRÌ" in signatures[1] and "Ksor Hương" in signatures[1]


def _decide(client, login, code: str, number: str) -> None:
    client.post("/logout")
    login("lanhdao")
    response = client.post(
        f"{BASE}/{code}/decide",
        data={"number": number, "signed_on": "2026-11-30", "signer": "Ksor Hương"},
    )
    assert response.status_code == 303


def test_the_recognition_decision_has_its_bases_articles_signer_and_the_recognised_villages(
    client, antt, login
):
    login("congan.canbo")
    data = meeting()
    for sheet in antt:
        label = NOT_RECOGNISED if sheet.village.code == "lang03" else RECOGNISED
        data |= row(sheet, "9", "0", label)
    assert client.post(f"{BASE}/{ANTT}/appraise", data=data).status_code == 303
    _decide(client, login, ANTT, "310/QĐ-UBND")

    response = client.get(f"{BASE}/{ANTT}/decision.docx")

    assert response.status_code == 200
    text, tables = docx(response)
    assert "Số: 310/QĐ-UBND" in "\n".join(c for r in tables[0] for c in r)
    assert "QUYẾT ĐỊNH" in text
    assert (
        "Về việc công nhận khu dân cư đạt tiêu chuẩn “An toàn về an ninh, trật tự” năm 2026" in text
    )
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ IA KRAI" in text
    assert "Căn cứ Thông tư 124/2021/TT-BCA (sửa đổi bởi Thông tư 48/2025/TT-BCA);" in text
    assert "Căn cứ Biên bản họp thẩm định của Ban Chỉ đạo ngày 26/11/2026;" in text
    recognised = [a for a in antt if a.village.code != "lang03"]
    assert (
        f"Điều 1. Công nhận {len(recognised)} khu dân cư đạt tiêu chuẩn “An toàn về an ninh, "
        "trật tự” năm 2026 (có danh sách kèm theo)." in text
    )
    assert "Điều 2. Quyết định này có hiệu lực kể từ ngày ký." in text
    assert "Điều 3. " in text
    signature = tables[-2][0][1]
    assert "TM. ỦY BAN NHÂN DÂN" in signature and "Ksor Hương" in signature
    assert "- Như Điều 3;" in tables[-2][0][0]
    assert "Khu dân cư được công nhận đạt tiêu chuẩn" in text
    assert "(Kèm theo Quyết định số 310/QĐ-UBND ngày 30/11/2026" in text
    annex = tables[-1]
    assert annex[0] == ["TT", "Đơn vị", "Ghi chú"]
    decided = db.session.scalars(
        select(Assessment)
        .join(Village)
        .where(Assessment.decided_label == RECOGNISED)
        .order_by(Village.code)
    ).all()
    assert [r[1] for r in annex[1:]] == [a.village.display_name for a in decided]
    assert village("lang03").display_name not in [r[1] for r in annex[1:]]

    workbook = client.get(f"{BASE}/{ANTT}/decision.xlsx")
    sheet = load_workbook(io.BytesIO(workbook.data)).active
    rows = [
        ["" if v is None else str(v) for v in r]
        for r in sheet.iter_rows(min_row=4, values_only=True)
    ]
    assert rows == annex


def test_the_classification_decision_counts_the_villages_per_rating_and_lists_them(
    client, movement, login
):
    _appraise(client, login, movement, [("9", "0", "Khá"), ("7", "2", "Xuất sắc"),
                                        ("9", "0", "Xuất sắc")])  # fmt: skip
    _decide(client, login, MOVEMENT, "311/QĐ-UBND")

    text, tables = docx(client.get(f"{BASE}/{MOVEMENT}/decision.docx"))

    assert (
        "Điều 1. Công nhận kết quả chấm điểm, phân loại phong trào Toàn dân bảo vệ an ninh Tổ "
        "quốc ở khu dân cư năm 2026 đối với 3 khu dân cư (có danh sách kèm theo), cụ thể:" in text
    )
    assert "- Xuất sắc: 2 khu dân cư;" in text and "- Khá: 1 khu dân cư;" in text
    annex = tables[-1]
    assert annex[0] == ["TT", "Đơn vị", "Điểm", "Xếp loại"]
    lang01, lang02, lang07 = movement
    names = [a.village.display_name for a in (lang02, lang07, lang01)]  # Xuất sắc first
    assert [r[1] for r in annex[1:]] == names
    assert annex[3][2:] == [
        str(workflow.result_of(workflow.load(lang01.id), reviewing=True).total),
        "Khá",
    ]


def _links(client) -> str:
    return client.get(BASE).get_data(as_text=True)


@pytest.mark.parametrize(
    ("username", "status"),
    [("congan.canbo", 200), ("congan.truong", 200), ("lanhdao", 404), ("mttq", 404),
     ("admin", 404), ("lang07", 403)],
)  # fmt: skip
def test_before_every_village_is_accepted_only_the_police_draw_the_proposal(
    client, movement, login, username, status
):
    login(username)

    for paper in ("proposal.docx", "proposal.xlsx"):
        assert client.get(f"{BASE}/{MOVEMENT}/{paper}").status_code == status
    for paper in ("minutes.docx", "decision.docx", "decision.xlsx"):
        assert client.get(f"{BASE}/{MOVEMENT}/{paper}").status_code == (
            403 if username == "lang07" else 404
        )
    page = _links(client)
    assert ('id="proposal-movement-village"' in page) == (status == 200)
    assert ("dự thảo: chưa thẩm định xong tất cả thôn, làng" in page) == (status == 200)


@pytest.mark.parametrize(
    "username", ["congan.canbo", "congan.truong", "lanhdao", "mttq", "admin", "lang07"]
)
def test_each_paper_appears_once_its_step_has_happened_and_never_to_a_village(
    client, antt, login, username
):
    login("congan.canbo")
    data = meeting()
    for sheet in antt:
        data |= row(sheet, "9", "0", RECOGNISED)
    assert client.post(f"{BASE}/{ANTT}/appraise", data=data).status_code == 303
    client.post("/logout")
    login(username)
    expected = 403 if username == "lang07" else 200

    accepted = {p: client.get(f"{BASE}/{ANTT}/{p}").status_code for p in PAPERS}
    page = _links(client)

    assert accepted == {
        "proposal.docx": expected,
        "proposal.xlsx": expected,
        "minutes.docx": expected,
        "decision.docx": 403 if username == "lang07" else 404,
        "decision.xlsx": 403 if username == "lang07" else 404,
    }
    assert ('id="proposal-antt-village"' in page) == (expected == 200)
    assert "dự thảo" not in page
    assert ('id="minutes-antt-village-' in page) == (expected == 200)
    assert 'id="decision-antt-village-' not in page
    _decide(client, login, ANTT, "310/QĐ-UBND")
    client.post("/logout")
    login(username)
    decided = {p: client.get(f"{BASE}/{ANTT}/{p}").status_code for p in PAPERS}
    assert set(decided.values()) == {expected}
    assert ('id="decision-list-antt-village-' in _links(client)) == (expected == 200)


def test_a_meeting_or_decision_of_another_set_or_unknown_is_not_found(client, movement, login):
    _appraise(client, login, movement, [("9", "0", "Xuất sắc")] * 3)
    own = db.session.scalar(select(AppraisalMeeting.id))

    assert client.get(f"{BASE}/{MOVEMENT}/minutes.docx?meeting={own}").status_code == 200
    assert client.get(f"{BASE}/{MOVEMENT}/minutes.docx?meeting={own + 1}").status_code == 404
    assert client.get(f"{BASE}/{ANTT}/minutes.docx?meeting={own}").status_code == 404
    assert client.get("/assessments/2026/nothing/minutes.docx").status_code == 404


@pytest.mark.office
@pytest.mark.parametrize("paper", ["proposal.docx", "minutes.docx", "decision.docx"])
def test_each_paper_converts_to_pdf_with_libreoffice(client, movement, login, tmp_path, paper):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs libreoffice-writer-nogui)")
    _appraise(client, login, movement, [("9", "0", "Xuất sắc")] * 3)
    _decide(client, login, MOVEMENT, "311/QĐ-UBND")
    source = tmp_path / paper
    source.write_bytes(client.get(f"{BASE}/{MOVEMENT}/{paper}").data)

    result = subprocess.run(
        [office, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    pdf = (tmp_path / paper.replace(".docx", ".pdf")).read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000


def test_a_village_accepted_while_the_form_was_open_must_be_voted_on_too(
    client, movement, login, monkeypatch
):
    lang01, lang02, lang07 = movement
    opened = appraisal.waiting
    monkeypatch.setattr(appraisal, "waiting", lambda *args: opened(*args)[:2])
    login("congan.canbo")
    data = meeting() | row(lang01, "9", "0", "Xuất sắc") | row(lang02, "9", "0", "Xuất sắc")

    response = client.post(f"{BASE}/{MOVEMENT}/appraise", data=data)

    assert response.status_code == 409
    assert "Trong lúc đó có thêm thôn, làng được thẩm định xong" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(AppraisalMeeting.id))) == 0
    assert stored(lang07).status == AssessmentStatus.reviewed
