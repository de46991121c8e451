"""Dates read and typed day first (dd/mm/yyyy) on every form and filter, whatever the browser.

A browser in English would show <input type="date"> month first; the intranet's date boxes are
text boxes that take 31/01/2026, 1/2/2026 and ISO 2026-01-31, and refuse anything else with a
Vietnamese message. The filters run SQL, so their tests run on both databases.
"""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from intranet.forms import parse_day
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import LogStatus
from tests.factories import make_entry


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("01/12/2026", date(2026, 12, 1)),
        ("1/12/2026", date(2026, 12, 1)),
        ("5/3/2026", date(2026, 3, 5)),
        (" 31/01/2026 ", date(2026, 1, 31)),
        ("31-01-2026", date(2026, 1, 31)),
        ("31.01.2026", date(2026, 1, 31)),
        ("2026-12-01", date(2026, 12, 1)),
        ("29/02/2028", date(2028, 2, 29)),
    ],
)
def test_a_day_is_read_day_first_or_iso(typed, day):
    assert parse_day(typed) == day


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    "typed",
    ["12/31/2026", "31/02/2026", "29/02/2027", "01/12/26", "2026/12/01", "hôm qua", "", None],
)
def test_month_first_impossible_and_short_years_are_not_days(typed):
    assert parse_day(typed) is None


def _entry_form(day: str) -> dict:
    return {
        "title": "Họp tổ tự quản",
        "date": day,
        "kind": "propaganda",
        "village": "",
        "participants": "12",
        "client_token": "5f0e4a52-0000-4000-8000-0000000000d1",
    }


@pytest.mark.sqlite_only
@pytest.mark.parametrize("typed", ["05/11/2026", "5/11/2026", "2026-11-05"])
def test_an_entry_typed_day_first_is_stored_on_that_day(people, login, typed):
    client = login("phunu")

    response = client.post("/logs", data=_entry_form(typed))

    assert response.status_code == 303
    assert db.session.scalar(select(ActivityLog.date)) == date(2026, 11, 5)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "05/11/2026" in page


@pytest.mark.sqlite_only
def test_the_entry_form_shows_its_date_day_first_with_a_hint(people, login):
    entry = make_entry(author=people["phunu"], date=date(2026, 11, 5))

    page = login("phunu").get(f"/logs/{entry.id}/edit").get_data(as_text=True)

    assert 'type="text" value="05/11/2026"' in page
    assert 'placeholder="dd/mm/yyyy"' in page
    assert 'inputmode="numeric"' in page
    assert 'aria-describedby="date-hint"' in page
    assert '<small id="date-hint">Ngày/tháng/năm, ví dụ 31/01/2026</small>' in page


@pytest.mark.sqlite_only
def test_a_date_that_does_not_exist_is_refused_with_the_typing_kept(people, login):
    client = login("phunu")

    response = client.post("/logs", data=_entry_form("31/11/2026"))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 31/01/2026" in page
    assert 'value="31/11/2026"' in page
    assert 'aria-invalid="true"' in page
    assert db.session.scalar(select(ActivityLog.id)) is None


@pytest.fixture
def november(people):
    """Three approved entries: 31/10, 05/11 and 20/11/2026."""
    return [
        make_entry(
            status=LogStatus.approved,
            author=people["phunu"],
            approver=people["truong"],
            date=day,
            title=f"Hoạt động ngày {day:%d-%m}",
        )
        for day in (date(2026, 10, 31), date(2026, 11, 5), date(2026, 11, 20))
    ]


def _titles(page: str) -> set[str]:
    return {f"ngày {d}" for d in ("31-10", "05-11", "20-11") if f"Hoạt động ngày {d}" in page}


@pytest.mark.parametrize(
    "query",
    [
        "from=01/11/2026&to=10/11/2026",
        "from=1/11/2026&to=10/11/2026",
        "from=2026-11-01&to=2026-11-10",
        "from=01%2F11%2F2026&to=2026-11-10",
    ],
)
def test_the_list_filters_take_day_first_and_iso_alike(november, login, query):
    page = login("phunu").get(f"/logs?{query}").get_data(as_text=True)

    assert _titles(page) == {"ngày 05-11"}


def test_the_filter_shows_its_dates_day_first_and_says_when_one_is_dropped(november, login):
    page = login("phunu").get("/logs?from=2026-11-01&to=11/31/2026").get_data(as_text=True)

    assert 'name="from" pattern=' in page
    assert 'value="01/11/2026"' in page  # ISO from a link reads day first
    assert 'value="11/31/2026"' in page  # what was typed stays, to be corrected
    assert "“11/31/2026” không phải là một ngày." in page
    assert _titles(page) == {"ngày 05-11", "ngày 20-11"}  # the bad end is left out


def test_the_excel_export_takes_the_same_day_first_filter(november, login):
    response = login("phunu").get("/logs.xlsx?from=05/11/2026&to=30/11/2026")

    sheet = load_workbook(BytesIO(response.data)).active
    rows = list(sheet.iter_rows(min_row=2))
    titles = [cell.value for row in rows for cell in row]
    assert "Hoạt động ngày 05-11" in titles
    assert "Hoạt động ngày 31-10" not in titles
    dates = [row[0] for row in rows if row[0].value]
    assert {cell.value.date() for cell in dates} == {date(2026, 11, 5), date(2026, 11, 20)}
    assert {cell.number_format for cell in dates} == {"dd/mm/yyyy"}


def test_the_report_period_takes_day_first_dates(demo, client, login):
    login("lanhdao")

    page = client.get("/reports/2026?from=01/03/2026&to=31/03/2026").get_data(as_text=True)

    assert 'value="01/03/2026"' in page
    assert 'href="/reports/2026.docx?from=2026-03-01&amp;to=2026-03-31"' in page


def test_the_stats_period_from_the_report_takes_day_first_dates(demo, client, login):
    login("lanhdao")

    day_first = client.get("/stats?from=01/03/2026&to=31/03/2026").get_data(as_text=True)
    iso = client.get("/stats?from=2026-03-01&to=2026-03-31").get_data(as_text=True)

    for page in (day_first, iso):
        assert "01/03/2026" in page and "31/03/2026" in page


def test_with_htmx_a_dropped_date_says_so_out_of_band(november, login, hx):
    response = login("phunu").get("/logs?from=31/02/2026", headers=hx.partial)

    page = response.get_data(as_text=True)
    assert page.startswith('<section id="logs-results"')
    assert 'id="from-error" class="field-error" aria-live="polite" hx-swap-oob="true">' in page
    assert "“31/02/2026” không phải là một ngày." in page
    assert 'id="to-error" class="field-error" aria-live="polite" hx-swap-oob="true" hidden>' in page
