"""Dates in a browser whose language is English: still typed and read day first.

An <input type="date"> in an en-US Chromium shows and takes mm/dd/yyyy; the intranet's date
boxes do not depend on it. Chromium runs with --lang=en-US and an en-US context here.
"""

from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from intranet.models import ActivityLog
from intranet.models import db
from tests.browser.pages import CHROMIUM
from tests.browser.pages import CHROMIUM_ARGS
from tests.browser.pages import DESKTOP
from tests.browser.pages import has_horizontal_scroll
from tests.browser.pages import page_opener
from tests.browser.pages import screenshot
from tests.browser.pages import sign_in
from tests.browser.pages import TABLET

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def english_browser(browser) -> Iterator:
    """Chromium started in English (the `browser` fixture checks that it is installed)."""
    browser = browser.browser_type.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--lang=en-US"]
    )
    yield browser
    browser.close()


@pytest.fixture
def english_page(english_browser, live_server) -> Iterator:
    """Pages of a browser whose language is English (en-US), as on a clerk's PC."""
    with page_opener(english_browser, live_server, "en-US") as opener:
        yield opener


def _stored_date(make_app, title: str) -> date | None:
    with make_app().app_context():
        return db.session.scalar(select(ActivityLog.date).where(ActivityLog.title == title))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_entry_dated_in_an_english_browser_is_stored_day_first(
    english_page, make_app, javascript
):
    page = english_page(viewport=TABLET, javascript=javascript)
    sign_in(page, "phunu")
    page.goto("/logs/new")
    if javascript:
        assert page.evaluate("navigator.language") == "en-US"
    box = page.get_by_label("Ngày", exact=True)
    expect(box).to_have_attribute("type", "text")
    expect(box).to_have_attribute("placeholder", "dd/mm/yyyy")
    expect(page.get_by_text("Ngày/tháng/năm, ví dụ 31/01/2026")).to_be_visible()

    title = f"Họp tổ tự quản ({'js' if javascript else 'no-js'})"
    box.fill("05/11/2026")
    page.get_by_label("Loại hoạt động").select_option(label="Họp tuyên truyền")
    page.get_by_label("Tiêu đề").fill(title)
    page.get_by_role("button", name="Lưu nháp").click()

    expect(page.get_by_text("Đã lưu bản nháp.")).to_be_visible()
    assert _stored_date(make_app, title) == date(2026, 11, 5)
    expect(page.locator("main")).to_contain_text("05/11/2026")


def test_a_date_that_does_not_exist_is_refused_in_vietnamese(english_page, make_app):
    page = english_page(viewport=TABLET)
    sign_in(page, "phunu")
    page.goto("/logs/new")

    page.get_by_label("Ngày", exact=True).fill("31/11/2026")
    page.get_by_label("Loại hoạt động").select_option(label="Họp tuyên truyền")
    page.get_by_label("Tiêu đề").fill("Ngày không có")
    page.get_by_role("button", name="Lưu nháp").click()

    expect(page.get_by_text("“31/11/2026” không phải là một ngày.")).to_be_visible()
    expect(page.get_by_label("Ngày", exact=True)).to_have_value("31/11/2026")
    assert _stored_date(make_app, "Ngày không có") is None


def test_the_calendar_button_writes_the_chosen_day_first(english_page):
    page = english_page(viewport=TABLET)
    sign_in(page, "phunu")
    page.goto("/logs/new")

    button = page.get_by_role("button", name="Chọn ngày trên lịch")
    expect(button).to_be_visible()
    assert button.bounding_box()["height"] >= 44
    page.locator("input.day-picker").fill("2026-11-05")  # what the browser's calendar sends

    expect(page.get_by_label("Ngày", exact=True)).to_have_value("05/11/2026")


@pytest.mark.parametrize("viewport", [TABLET, DESKTOP], ids=["tablet", "desktop"])
def test_filters_and_forms_read_day_first_at_both_sizes(english_page, viewport):
    page = english_page(viewport=viewport)
    sign_in(page, "phunu")
    size = "tablet" if viewport == TABLET else "desktop"

    page.goto("/logs?from=01/11/2026&to=2026-11-30")
    expect(page.get_by_label("Từ ngày")).to_have_value("01/11/2026")
    expect(page.get_by_label("Đến ngày")).to_have_value("30/11/2026")  # ISO in, day first out
    expect(page.locator("#logs-results, main").first).to_contain_text("/11/2026")
    assert not has_horizontal_scroll(page)
    screenshot(page, f"dates-filter-{size}")

    page.get_by_label("Từ ngày").fill("31/02/2026")
    page.get_by_role("button", name="Lọc", exact=True).click()
    expect(page.get_by_text("“31/02/2026” không phải là một ngày.")).to_be_visible()
    screenshot(page, f"dates-filter-error-{size}")

    page.goto("/logs/new")
    assert not has_horizontal_scroll(page)
    screenshot(page, f"dates-form-{size}")
