"""The lists: who sees what, filters kept in the URL, keyset pages, the Excel export."""

from datetime import date
from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from intranet.logs.queries import PAGE_SIZE
from intranet.models import LogKind
from intranet.models import LogStatus
from tests.factories import bulk_entries
from tests.factories import make_entry


@pytest.fixture
def mix(people):
    """One entry in each state, written by the women's union."""
    p = people
    return {
        status: make_entry(
            status=status, author=p["phunu"], approver=p["truong"], title=f"Bài {status.value}"
        )
        for status in LogStatus
    }


@pytest.mark.parametrize(
    ("username", "visible"),
    [
        ("phunu2", {"draft", "submitted", "returned", "approved"}),
        ("mttq", {"approved"}),
        ("congan.truong", {"submitted", "approved"}),
        ("lanhdao", {"approved"}),
        ("lang07", {"approved"}),
    ],
)
def test_each_user_lists_what_they_may_see(mix, login, username, visible):
    page = login(username).get("/logs").get_data(as_text=True)

    shown = {status.value for status in LogStatus if f"Bài {status.value}<" in page}

    assert shown == visible


def test_returned_entry_is_marked_with_its_reason_in_the_list(mix, login):
    page = login("phunu").get("/logs?status=returned").get_data(as_text=True)

    assert "Bị trả lại:" in page
    assert "Thiếu số người tham gia" in page
    assert "Bài approved" not in page


def test_navigation_badges_count_returned_and_waiting_entries(mix, login):
    member = login("phunu").get("/").get_data(as_text=True)
    assert "1 hoạt động bị trả lại" in member
    login("congan.pho")  # the other approver: the submitted entry waits for them too
    approver = login("congan.pho").get("/logs/badges").get_data(as_text=True)
    assert "1 hoạt động chờ duyệt" in approver


def test_filters_narrow_the_list_and_stay_in_the_links(people, login):
    for n in range(PAGE_SIZE + 5):
        make_entry(
            status=LogStatus.approved,
            author=people["phunu"],
            approver=people["truong"],
            kind=LogKind.patrol if n % 2 else LogKind.club,
            title=f"Tuần tra {n}" if n % 2 else f"CLB {n}",
            date=date(2026, 1, 1) + timedelta(days=n),
        )
    client = login("mttq")

    page = client.get("/logs?kind=patrol&org=phunu").get_data(as_text=True)

    assert "Tuần tra 1<" in page and "CLB" not in page
    assert page.count('class="entry entry-approved"') == 15
    assert "Cũ hơn" not in page  # 15 fit on one page


def test_keyset_pages_walk_the_whole_list_and_back(people, login, hx):
    for n in range(PAGE_SIZE * 2 + 3):
        make_entry(
            status=LogStatus.approved,
            author=people["phunu"],
            approver=people["truong"],
            title=f"Bài số {n:03d}",
            date=date(2026, 1, 1) + timedelta(days=n // 2),
        )
    client = login("mttq")

    seen, url = [], "/logs?q=B%C3%A0i"
    for _ in range(3):
        response = client.get(url, headers=hx.partial)
        body = response.get_data(as_text=True).replace("<mark>", "").replace("</mark>", "")
        assert body.startswith('<section id="logs-results"')
        seen += [line for line in body.split("Bài số ")[1:]]
        older = body.split('hx-get="')[-1].split('"')[0] if "Cũ hơn" in body else None
        if older is None:
            break
        url = older.replace("&amp;", "&")

    assert len(seen) == PAGE_SIZE * 2 + 3
    assert "q=B" in url  # the filter stays in the page links
    newer = client.get(url.replace("page=a", "page=b"), headers=hx.partial)
    assert newer.status_code == 200


def test_pushed_list_url_loads_a_whole_page(mix, login):
    response = login("phunu").get("/logs?status=draft&page=a2026-01-01.999")

    assert response.status_code == 200
    assert "<html" in response.get_data(as_text=True)


def test_malformed_filters_are_ignored_not_fatal(mix, login):
    response = login("phunu").get("/logs?from=hôm-qua&page=zzz&kind=xyz&status=nope")

    assert response.status_code == 200
    assert "Bài approved" in response.get_data(as_text=True)


def test_search_treats_percent_literally(mix, login):
    page = login("phunu").get("/logs?q=%25").get_data(as_text=True)

    assert "Không có hoạt động nào phù hợp." in page


def test_excel_export_has_vietnamese_headers_and_only_visible_rows(mix, login):
    response = login("mttq").get("/logs.xlsx")

    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Ngày", "Tổ chức", "Thôn, làng", "Loại hoạt động", "Tiêu đề")
    assert [row[4] for row in rows[1:]] == ["Bài approved"]
    assert rows[1][7] == "Đã duyệt"


@pytest.mark.parametrize(
    "path", ["/logs", "/logs?status=approved&q=a", "/", "/review", "/orgs/phunu", "/logs/badges"]
)
def test_lists_run_the_same_number_of_queries_at_10_and_500_entries(
    people, login, count_queries, path
):
    client = login("congan.truong")

    def queries_with(total: int) -> int:
        bulk_entries(total - existing[0], people["phunu"], people["truong2"])
        existing[0] = total
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        return len(statements)

    existing = [0]
    assert queries_with(10) == queries_with(500)
