"""The festival-day report: every figure of the page, the .docx and the .xlsx equals what the
database holds, from approved data only; tips as counts only; the official layout."""

import io
import re
import shutil
import subprocess
from html import unescape

import pytest
from docx import Document
from docx.shared import Mm
from openpyxl import load_workbook
from sqlalchemy import func
from sqlalchemy import select

from intranet.documents import roman
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import LogKind
from intranet.models import Organization
from intranet.models import ReportNarrative
from intranet.periods import festival_period
from intranet.reports import figures
from tests.helpers import TIP_SECRET

PERIOD = festival_period(2025)
LINK_DATES = "from=2024-08-20&to=2025-08-19"

# What the fixture's data must give (worked out by hand from tests/reports/conftest.py).
EXPECTED = {
    "movement": [
        ["Số tổ bảo vệ an ninh, trật tự", "36", "", ""],
        ["Số thành viên đang hoạt động", "120", "", ""],
        ["Số lượt tuần tra", "5", "1", "+4 (+400%)"],
        ["Số lượt người tham gia tuần tra", "22", "", ""],
    ],
    "mediation": [
        ["Số vụ việc tiếp nhận", "5", "1", "+4 (+400%)"],
        ["Số vụ hòa giải thành", "3", "", ""],
        ["Số vụ hòa giải không thành", "1", "", ""],
        ["Đang hòa giải", "1", "", ""],
        ["Tỷ lệ hòa giải thành (trên số vụ đã kết thúc)", "75%", "", ""],
    ],
    "tips": [
        ["Số tin tiếp nhận", "6", "0", "mới"],
        ["Có giá trị", "5", "0", "mới"],
    ],
    "incidents": [
        ["Tội phạm", "3", "5", "−2 (−40%)", "0", "0", "1", "0"],
        ["Tệ nạn xã hội", "0", "0", "—", "0", "0", "0", "0"],
        ["Tai nạn giao thông", "1", "9", "−8 (−89%)", "1", "0", "2", "0"],
        ["Cháy, nổ", "0", "0", "—", "0", "0", "0", "0"],
        ["Vụ việc khác", "0", "0", "—", "0", "0", "0", "0"],
        ["Tổng cộng", "4", "14", "−10 (−71%)", "1", "0", "3", "0"],
    ],
    "gifts": [
        ["Công ty TNHH MTV Cao su Ia Krai", "1", "1", "2", "1.500.000"],
        ["Tổng cộng", "1", "1", "2", "1.500.000"],
    ],
}


def _cells(html: str) -> list[str]:
    return [
        " ".join(unescape(re.sub(r"<[^>]+>", "", cell)).split())
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", html, re.S)
    ]


def page_table(page: str, key: str) -> list[list[str]]:
    """The body and foot rows of one table of the page, as the texts a person reads."""
    table = page.split(f'id="report-table-{key}"')[1].split("</table>")[0]
    body = table.split("</thead>")[1]
    return [_cells(row) for row in body.split("<tr")[1:]]


def docx_tables(body: bytes) -> dict[str, list[list[str]]]:
    """The tables of the document after each numbered caption, keyed like the page's."""
    document = Document(io.BytesIO(body))
    tables = document.tables[1:-1]  # the first and last are the heading and signature blocks
    keys = ["movement", "organizations", "kinds", "tips", "tip-categories", "tip-villages",
            "mediation", "incidents", "awards", "award-list", "gifts"]  # fmt: skip
    assert len(tables) == len(keys)
    return {
        key: [[" ".join(c.text.split()) for c in row.cells] for row in table.rows[1:]]
        for key, table in zip(keys, tables, strict=True)
    }


# Sheets that end with a count of attached files the page does not show (test_spreadsheet.py).
WITH_FILE_COUNTS = ("award-list", "gifts")


def _xlsx_rows(book, key: str) -> list[list[str]]:
    sheet = book[key]
    rows = []
    for row in sheet.iter_rows(min_row=5, values_only=True):
        row = row[:-1] if key in WITH_FILE_COUNTS else row
        rows.append(["" if v is None else f"{v:,}".replace(",", ".") if isinstance(v, int)
                     else str(v) for v in row])  # fmt: skip
    return rows


def test_report_page_figures_equal_the_database(commune, client, login):
    login("lanhdao")

    response = client.get("/reports/2025")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for key, rows in EXPECTED.items():
        assert page_table(page, key) == rows, key
    approved_patrols = db.session.scalar(
        select(func.count(ActivityLog.id)).where(
            ActivityLog.kind == LogKind.patrol, figures.counted(PERIOD)
        )
    )
    assert approved_patrols == 5


def test_docx_figures_equal_the_page(commune, client, login):
    login("lanhdao")

    response = client.get("/reports/2025.docx")

    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('bao-cao-19-8-2025.docx"')
    tables = docx_tables(response.data)
    for key, rows in EXPECTED.items():
        assert tables[key] == rows, key
    assert tables["organizations"][-1] == ["Tổng cộng", "6", "57"]


def test_xlsx_has_every_table_with_the_same_figures(commune, client, login):
    login("mttq")

    response = client.get("/reports/2025.xlsx")

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["movement", "organizations", "kinds", "tips", "tip-categories",
                               "tip-villages", "mediation", "incidents", "awards", "award-list",
                               "gifts"]  # fmt: skip
    assert [c.value for c in book["incidents"][4]][:4] == [
        "Loại vụ việc", "Số vụ", "Số vụ cùng kỳ", "Tăng, giảm",
    ]  # fmt: skip
    for key, rows in EXPECTED.items():
        assert _xlsx_rows(book, key) == rows, key


def test_entries_not_approved_never_count(commune, client, login):
    login("congan.truong")

    page = client.get("/reports/2025").get_data(as_text=True)

    kinds = page_table(page, "kinds")
    assert kinds[0][:4] == ["Họp tuyên truyền", "0", "0", "—"] or kinds[0][0] != "Họp tuyên truyền"
    club = next(row for row in kinds if row[0] == "Sinh hoạt câu lạc bộ")
    assert club == ["Sinh hoạt câu lạc bộ", "1", "0", "mới", "35"]  # not the submitted one (99)
    assert "99" not in " ".join(" ".join(row) for row in kinds)


def test_tips_appear_only_as_counts_and_never_below_3_per_village(commune, client, login):
    login("mttq")

    page = client.get("/reports/2025").get_data(as_text=True)
    document = client.get("/reports/2025.docx").data
    workbook = client.get("/reports/2025.xlsx").data

    villages = {row[0]: row[1:] for row in page_table(page, "tip-villages")}
    assert villages["Làng Dơ Nâu"] == ["5", "< 3", "4", "< 3"]
    assert villages["Làng Grôp"] == ["< 3", "< 3", "< 3", "< 3"]  # lang08: one tip
    for row in page_table(page, "tip-villages"):
        for cell in row[1:]:
            assert cell in ("< 3", "≥ 3") or int(cell) >= 3
    assert TIP_SECRET not in page
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(document)).paragraphs)
    assert TIP_SECRET not in docx_text
    book = load_workbook(io.BytesIO(workbook))
    assert all(
        TIP_SECRET not in str(v) for s in book for row in s.iter_rows(values_only=True) for v in row
    )


def test_every_figure_links_to_the_list_it_counts(commune, client, login):
    login("mttq")

    page = client.get("/reports/2025").get_data(as_text=True)

    movement = page.split('id="report-table-movement"')[1].split("</table>")[0]
    link = re.search(r'<a href="(/logs\?[^"]*kind=patrol[^"]*)">5</a>', movement).group(1)
    assert "status=approved" in link and LINK_DATES in unescape(link)
    listed = client.get(unescape(link)).get_data(as_text=True)
    # The list shows the approved patrols; the corrected one appears beside its correction.
    assert listed.count('class="entry ') == 6
    assert f'href="/stats?{LINK_DATES.replace("&", "&amp;")}"' in page
    assert 'href="/awards?year=2025#gifts-list"' in page


def test_the_period_can_be_chosen(commune, client, login):
    login("lanhdao")

    page = client.get("/reports/2025?from=2025-03-01&to=2025-03-31").get_data(as_text=True)

    assert page_table(page, "movement")[2] == ["Số lượt tuần tra", "5", "1", "+4 (+400%)"]
    assert page_table(page, "kinds")[-1][:4] == ["Tổng cộng", "6", "1", "+5 (+500%)"]
    assert 'href="/reports/2025.docx?from=2025-03-01&amp;to=2025-03-31"' in page


def test_leader_writes_the_narrative_and_it_goes_into_the_docx(commune, client, login, hx):
    login("lanhdao")
    form = {
        "number": "125",
        "signer": "Rơ Mah Thuân",
        "assessment": "Phong trào có chuyển biến rõ nét.\nCòn một số hạn chế.",
        "tasks": "Duy trì tuần tra.\nNhân rộng mô hình tự quản.",
    }

    response = client.post("/reports/2025/narrative", data=form, headers=hx.partial)
    document = Document(io.BytesIO(client.get("/reports/2025.docx").data))

    assert response.status_code == 200
    assert response.get_data(as_text=True).lstrip().startswith('<section id="reports-narrative"')
    assert "Phong trào có chuyển biến rõ nét." in response.get_data(as_text=True)
    texts = [p.text for p in document.paragraphs]
    assert "Phong trào có chuyển biến rõ nét." in texts
    assert "Nhân rộng mô hình tự quản." in texts
    heading = document.tables[0].rows[0].cells
    assert "Số: 125/BC-UBND" in heading[0].text
    assert "Rơ Mah Thuân" in document.tables[-1].rows[0].cells[1].text


def test_narrative_saved_twice_from_a_stale_form_conflicts(commune, client, login):
    login("lanhdao")
    client.post("/reports/2025/narrative", data={"assessment": "Bản đầu."})
    saved = db.session.scalar(select(ReportNarrative))
    shown = saved.version

    first = client.post(
        "/reports/2025/narrative", data={"assessment": "Bản hai.", "version": shown}
    )
    stale = client.post("/reports/2025/narrative", data={"assessment": "Bản ba.", "version": shown})

    assert first.status_code == 303
    assert stale.status_code == 409
    assert "Bản ba." in stale.get_data(as_text=True)
    db.session.refresh(saved)
    assert saved.assessment == "Bản hai."


@pytest.mark.parametrize("username", ["mttq", "congan.truong", "admin"])
def test_only_leaders_write_the_narrative(commune, client, login, username):
    login(username)

    response = client.post("/reports/2025/narrative", data={"assessment": "Không được."})

    assert response.status_code == 403
    assert db.session.scalar(select(func.count(ReportNarrative.id))) == 0


def test_docx_follows_decree_30(commune, client, login):
    login("lanhdao")

    document = Document(io.BytesIO(client.get("/reports/2025.docx").data))

    section = document.sections[0]
    measured = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    wanted = [Mm(210), Mm(297), Mm(20), Mm(20), Mm(30), Mm(15)]  # A4; Word keeps twips
    assert all(abs(a - b) < Mm(0.1) for a, b in zip(measured, wanted, strict=True))
    assert section.different_first_page_header_footer
    assert 'w:instr="PAGE"' in section.header._element.xml
    assert section.first_page_header.paragraphs[0].text == ""
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == [
        "ỦY BAN NHÂN DÂN", "XÃ IA KRAI", "Số:       /BC-UBND",
    ]  # fmt: skip
    lines = [p for p in right.paragraphs if p.text]
    assert [p.text for p in lines] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Ia Krai, ngày … tháng … năm 2025",
    ]
    assert lines[0].runs[0].bold and lines[2].runs[0].italic
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert "Tổng kết phong trào “Toàn dân bảo vệ an ninh Tổ quốc” năm 2025" in texts
    assert "I. KẾT QUẢ THỰC HIỆN PHONG TRÀO" in texts
    recipients, signature = document.tables[-1].rows[0].cells
    assert recipients.paragraphs[0].text == "Nơi nhận:"
    assert recipients.paragraphs[-1].text == "- Lưu: VT."
    assert [p.text for p in signature.paragraphs][:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    fonts = {r.font.name for p in document.paragraphs for r in p.runs}
    assert fonts == {"Times New Roman"}
    body_sizes = {r.font.size.pt for p in document.paragraphs for r in p.runs}
    assert body_sizes <= {13.0, 14.0}


def test_recipients_are_the_installations_setting_on_the_page_and_in_the_docx(
    app, commune, client, login
):
    app.config["REPORT_RECIPIENTS"] = ["Công an tỉnh Đắk Lắk", "UBND xã Ia Krai"]
    login("lanhdao")

    page = unescape(client.get("/reports/2025").get_data(as_text=True))
    document = Document(io.BytesIO(client.get("/reports/2025.docx").data))

    assert "- Công an tỉnh Đắk Lắk;" in page and "Công an tỉnh Gia Lai" not in page
    recipients = [p.text for p in document.tables[-1].rows[0].cells[0].paragraphs]
    assert recipients == [
        "Nơi nhận:", "- Công an tỉnh Đắk Lắk;", "- UBND xã Ia Krai;", "- Lưu: VT.",
    ]  # fmt: skip


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("number", "numeral"),
    [(1, "I"), (4, "IV"), (9, "IX"), (10, "X"), (11, "XI"), (14, "XIV"), (49, "XLIX"),
     (2026, "MMXXVI")],
)  # fmt: skip
def test_sections_are_numbered_in_roman_numerals_past_ten(number, numeral):
    assert roman(number) == numeral


@pytest.mark.office
def test_docx_converts_to_pdf_with_libreoffice(commune, client, login, tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs libreoffice-writer-nogui)")
    login("lanhdao")
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(client.get("/reports/2025.docx").data)

    result = subprocess.run(
        [office, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    pdf = (tmp_path / "bao-cao.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


@pytest.mark.parametrize("path", ["/reports/2025", "/reports/2025.docx", "/reports/2025.xlsx"])
def test_report_runs_a_constant_number_of_queries(commune, client, login, count_queries, path):
    login("lanhdao")

    def queries() -> int:
        figures.clear_cache()
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        return len(statements)

    before = queries()
    commune_entries = db.session.scalars(select(ActivityLog).limit(3)).all()
    for entry in commune_entries:
        db.session.add(
            ActivityLog(
                organization_id=entry.organization_id, author_id=entry.author_id,
                date=entry.date, kind=LogKind.training, title="Tập huấn", status=entry.status,
                approved_at=entry.approved_at, participants=3,
            )
        )  # fmt: skip
    db.session.commit()

    assert queries() == before


def test_activity_figures_are_cached_until_the_next_approval(commune, client, login, count_queries):
    login("lanhdao")
    client.get("/reports/2025")

    with count_queries() as cached:
        client.get("/reports/2025")
    figures.clear_cache()
    with count_queries() as fresh:
        client.get("/reports/2025")

    assert len(fresh) == len(cached) + 2


def test_reports_index_opens_the_latest_festival_day(commune, client, login):
    login("phunu")

    response = client.get("/reports")

    assert response.status_code == 303
    assert re.search(r"/reports/20\d\d$", response.headers["Location"])


def test_a_renamed_organization_shows_its_new_name_in_the_cached_report(commune, client, login):
    women = db.session.scalar(select(Organization).where(Organization.code == "phunu"))
    old_name = women.name
    login("lanhdao")
    before = page_table(client.get("/reports/2025").get_data(as_text=True), "organizations")
    login("admin")
    renamed = client.post(
        f"/admin/orgs/{women.id}",
        data={"name": "Hội Phụ nữ xã Ia Krai (mới)", "kind": women.kind.value,
              "parent": str(women.parent_id or ""), "is_active": "y",
              "version": str(women.version)},
    )  # fmt: skip
    login("lanhdao")
    after = page_table(client.get("/reports/2025").get_data(as_text=True), "organizations")

    assert renamed.status_code in (200, 303)
    assert old_name in [row[0] for row in before]
    assert "Hội Phụ nữ xã Ia Krai (mới)" in [row[0] for row in after]
    assert old_name not in [row[0] for row in after]
