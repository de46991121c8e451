"""/logs.xlsx: what people typed goes in as text, never as a formula; a cut list says so."""

from datetime import date
from datetime import datetime
from io import BytesIO

from openpyxl import load_workbook

from intranet.models import LogStatus
from tests.factories import bulk_entries
from tests.factories import make_entry

FORMULA = '=HYPERLINK("http://x","y")'


def _sheet(response):
    assert response.status_code == 200
    return load_workbook(BytesIO(response.data)).active


def test_a_title_typed_as_a_formula_is_exported_as_text(people, login):
    make_entry(
        LogStatus.approved,
        author=people["phunu"],
        approver=people["truong"],
        title=FORMULA,
        description="@SUM(A1:A9)\t-2+3",
        participants=12,
        date=date(2026, 5, 10),
    )
    make_entry(LogStatus.approved, author=people["phunu"], approver=people["truong"], title="#N/A")

    sheet = _sheet(login("mttq").get("/logs.xlsx"))

    rows = {row[4].value: row for row in sheet.iter_rows(min_row=2)}
    title, description = rows[FORMULA][4], rows[FORMULA][5]
    assert (title.data_type, title.value) == ("s", FORMULA)
    assert (description.data_type, description.value) == ("s", "@SUM(A1:A9)\t-2+3")
    assert rows["#N/A"][4].data_type == "s"
    # Numbers and dates stay numbers and dates.
    assert (rows[FORMULA][6].data_type, rows[FORMULA][6].value) == ("n", 12)
    assert rows[FORMULA][0].value == datetime(2026, 5, 10)
    assert rows[FORMULA][0].number_format == "dd/mm/yyyy"
    assert rows[FORMULA][1].value == "Hội Liên hiệp Phụ nữ xã"
    assert rows[FORMULA][7].value == "Đã duyệt"


def test_the_export_holds_the_newest_entries_up_to_the_cap_and_says_how_many_are_left_out(
    app, people, login
):
    bulk_entries(9, people["phunu"], people["truong"])  # 3 approved, 3 waiting, 3 returned
    app.config["LOGS_EXPORT_MAX_ROWS"] = 4
    client = login("phunu")

    sheet = _sheet(client.get("/logs.xlsx"))
    page = client.get("/logs").get_data(as_text=True)

    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[4] for row in rows[:4]] == ["Tuần tra số 8", "Tuần tra số 7", "Tuần tra số 6",
                                            "Tuần tra số 5"]  # fmt: skip
    assert len(rows) == 5
    assert rows[4][0] == (
        "Tệp này chỉ có 4 hoạt động mới nhất; 5 hoạt động cũ hơn của danh sách không có ở đây. "
        "Thu hẹp bộ lọc (ngày) để tải các hoạt động đó."
    )
    assert "Tệp Excel chỉ có tối đa 4 hoạt động mới nhất của danh sách" in page


def test_a_list_within_the_cap_has_no_note(app, people, login):
    bulk_entries(4, people["phunu"], people["truong"])
    app.config["LOGS_EXPORT_MAX_ROWS"] = 4

    sheet = _sheet(login("phunu").get("/logs.xlsx"))

    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 4
    assert all(isinstance(row[0], datetime) for row in rows)
