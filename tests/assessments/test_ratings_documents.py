"""The chair's decision on the ratings (.docx, Decree 30 layout) and its lists (.xlsx), and the
demo's two years of ratings, the workspace's section and the board's 14/11 deadline."""

import io
import shutil
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook

from intranet import demo
from intranet.assessments import ratings_workflow as workflow
from intranet.models import db
from tests.helpers import user

pytestmark = pytest.mark.today("2026-11-25")

URL = "/assessments/2026/ratings"
XS, TOT = "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ"


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_the_decision_has_its_number_date_signer_and_both_lists(client, decided, login):
    login("mttq")

    response = client.get(f"{URL}/decision.docx")

    assert response.status_code == 200
    assert "quyet-dinh-xep-loai" in response.headers["Content-Disposition"]
    document = Document(io.BytesIO(response.data))
    text = _text(document)
    assert "230/QĐ-UBND" in text and "Ksor Hương" in text and "20" in text
    section = document.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.page_width.mm) == 210
    teams, members = document.tables[-2], document.tables[-1]
    assert len(teams.rows) == 1 + 36 and len(members.rows) == 1 + 120
    assert teams.rows[1].cells[2].text == XS
    assert "Hướng dẫn 01/HD-BCA-V05" in text


def test_a_draft_decision_has_no_number_yet(client, cycle, login):
    workflow.start(workflow.rating_set(2026), 2026, user("congan.canbo"))
    db.session.commit()
    login("lanhdao")

    text = _text(Document(io.BytesIO(client.get(f"{URL}/decision.docx").data)))

    assert "230/QĐ-UBND" not in text and "/QĐ-UBND" in text


def test_the_lists_have_every_team_and_member_with_text_cells(client, decided, login):
    login("mttq")

    response = client.get(f"{URL}/list.xlsx")

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    teams, members = book.worksheets
    assert teams.max_row == 4 + 36 and members.max_row == 4 + 120
    assert teams["E5"].value == XS and teams["F5"].value == "Sổ tuần tra giấy"
    assert "230/QĐ-UBND" in teams["A1"].value
    assert all(members.cell(row=r, column=2).data_type == "s" for r in range(5, 125))


def test_the_decision_converts_to_pdf_with_libreoffice(client, decided, login, tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs libreoffice-writer-nogui)")
    login("lanhdao")
    source = tmp_path / "quyet-dinh.docx"
    source.write_bytes(client.get(f"{URL}/decision.docx").data)

    result = subprocess.run(
        [office, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    pdf = (tmp_path / "quyet-dinh.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000


def test_the_demo_decides_last_year_and_leaves_this_year_one_over_the_cap(app):
    demo.load()
    last, this = (workflow.find(workflow.rating_set(y), y) for y in (2025, 2026))

    assert last.status.value == "decided" and last.number and last.signer
    assert workflow.state(last, workflow.rating_set(2025)).problems == []
    spread = workflow.tallies(last)
    assert len(spread["team"]) >= 3 and sum(spread["team"].values()) == 36
    assert sum(spread["member"].values()) == 120
    assert this.status.value == "draft"
    problems = workflow.state(this, workflow.rating_set(2026)).problems
    assert [p.rule for p in problems] == ["cap"]
    counts = workflow.tallies(this)["team"]
    assert counts[XS] == counts[TOT] * 20 // 100 + 1


def test_the_workspace_links_the_ratings_and_the_board_counts_down_to_14_11(client, decided, login):
    login("congan.truong")

    year = client.get("/assessments/2026").get_data(as_text=True)
    board = client.get("/").get_data(as_text=True)

    assert 'id="assessments-ratings-summary"' in year and f'href="{URL}"' in year
    calendar = board[board.index('id="assessments-calendar"') :]
    calendar = calendar[: calendar.index("</section>")]
    assert f'href="{URL}"' in calendar and 'datetime="2026-11-14"' in calendar
    # The team ratings are not a column of the villages' table.
    table = year[year.index('id="assessments-villages"') :]
    assert "Xếp loại Tổ bảo vệ" not in table[: table.index("</thead>")]
