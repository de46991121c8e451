"""The village's scoring sheet as a Word document: the Decision 510 columns, the scores, the
totals and the labels, in the Decree 30/2020 layout; LibreOffice opens it."""

import io
import shutil
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook

from intranet.assessments import scoring
from intranet.assessments import sets
from intranet.assessments import workflow
from intranet.assessments.workflow import Entered
from intranet.models import db
from tests.helpers import user
from tests.helpers import village

pytestmark = pytest.mark.today("2026-11-25")

URL = "/assessments/2026/movement-village/lang07/sheet.docx"


@pytest.fixture
def reviewed(cycle):
    """lang07's movement sheet: full marks but 3b (12), reviewed to 10 on 3b, accepted."""
    movement = sets.set_for("movement-village", 2026)
    lang07 = user("lang07")
    sheet = workflow.start(movement, village("lang07"), 2026, lang07)
    own = {c.id: Entered(scoring.highest(c), "Có hồ sơ") for c in scoring.leaves(movement.criteria)}
    patrols = next(c.id for c in movement.criteria if c.code == "3b")
    own[patrols] = Entered(12, "Sổ tuần tra giấy")
    workflow.save_scores(sheet, lang07, own, {}, str(sheet.version))
    workflow.submit(sheet, lang07, str(sheet.version))
    workflow.save_review(
        sheet, user("congan.canbo"), own | {patrols: Entered(10, "")}, str(sheet.version)
    )
    workflow.accept(sheet, user("congan.truong"), str(sheet.version))
    db.session.commit()


def test_the_scoring_sheet_has_the_decision_510_columns_scores_and_totals(client, reviewed, login):
    login("lanhdao")

    response = client.get(URL)

    assert response.status_code == 200
    assert (
        "bang-cham-diem-movement-village-lang07-2026.docx"
        in response.headers["Content-Disposition"]
    )
    document = Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BẢNG CHẤM ĐIỂM" in text and "Năm 2026" in text
    assert "Mức đề xuất phân loại của khu dân cư: Xuất sắc." in text  # 97 points
    assert "Xếp loại sau thẩm định của Công an xã: Xuất sắc." in text  # 95 points
    table = document.tables[1]  # between the heading block and the signatures
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["TT", "Nội dung", "Điểm chuẩn", "Điểm tự chấm", "Điểm cấp trên chấm"]
    by_code = {row[0]: row for row in rows[1:-1]}
    assert by_code["3"][2:] == ["25", "22", "20"]
    assert by_code["3b"][2:] == ["15", "12", "10"]
    assert by_code["6"][2:] == ["điều kiện", "đạt", "đạt"]
    assert rows[-1][2:] == ["100", "97", "95"]
    fonts = {r.font.name for p in document.paragraphs for r in p.runs}
    assert fonts == {"Times New Roman"}


def test_there_is_no_sheet_before_the_village_scores(client, cycle, login):
    login("lang07")

    assert client.get(URL).status_code == 404


@pytest.mark.office
def test_the_scoring_sheet_converts_to_pdf_with_libreoffice(client, reviewed, login, tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs libreoffice-writer-nogui)")
    login("lang07")
    source = tmp_path / "bang-cham-diem.docx"
    source.write_bytes(client.get(URL).data)

    result = subprocess.run(
        [office, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    pdf = (tmp_path / "bang-cham-diem.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000


def test_the_list_has_every_village_with_its_scores_and_ratings(
    client, reviewed, login, count_queries
):
    login("congan.truong")

    with count_queries() as statements:
        response = client.get("/assessments/2026/movement-village/list.xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert rows[0] == (
        "TT", "Thôn, làng", "Trạng thái", "Điểm tự chấm", "Điểm cấp trên chấm",
        "Mức đề xuất phân loại", "Kết quả xếp loại",
    )  # fmt: skip
    villages = rows[1:]
    assert len(villages) == 36
    lang07 = next(row for row in villages if row[1] == village("lang07").display_name)
    assert lang07[2:] == ("Công an xã đã thẩm định", 97, 95, "Xuất sắc", "Xuất sắc")
    assert sum(1 for row in villages if row[2] == "Chưa bắt đầu") == 35
    assert len(statements) < 15
