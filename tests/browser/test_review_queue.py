"""The police queue past its first page: reached by page links, the bulk approval in reach,
checkboxes that look like checkboxes and say which entry they pick; with JavaScript and
without."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import func
from sqlalchemy import select

from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import LogStatus
from intranet.models import User
from intranet.models import utcnow
from tests.browser.pages import DESKTOP
from tests.browser.pages import has_horizontal_scroll
from tests.browser.pages import screenshot
from tests.browser.pages import sign_in
from tests.browser.pages import TABLET
from tests.factories import waiting_entries

pytestmark = pytest.mark.browser


@pytest.fixture
def long_queue(live_server, app) -> int:
    """The demo's waiting entries and 30 more from the women's union: how many wait."""
    author = db.session.scalar(select(User).where(User.username == "phunu"))
    sent = utcnow()
    title = "Tuyên truyền phòng chống ma túy ở làng số {n}"
    waiting_entries(author, [sent + timedelta(seconds=n) for n in range(30)], title, start=1)
    waiting = ActivityLog.status == LogStatus.submitted
    return db.session.scalar(select(func.count(ActivityLog.id)).where(waiting))


def _checkbox_is_drawn_and_reachable(page) -> None:
    box = page.get_by_role("checkbox", name="Chọn Tuyên truyền phòng chống ma túy ở làng số 30")
    expect(box).to_be_visible()
    drawn = box.bounding_box()
    assert 20 <= drawn["width"] <= 40 and abs(drawn["width"] - drawn["height"]) < 2  # a square
    target = box.locator("xpath=..").bounding_box()  # the label around it takes the tap
    assert target["width"] >= 44 and target["height"] >= 44
    expect(box.locator("xpath=..")).to_contain_text("Chọn")


@pytest.mark.parametrize("viewport", [TABLET, DESKTOP], ids=["tablet", "desktop"])
def test_the_queue_pages_and_approves_ticked_entries_from_page_two(new_page, long_queue, viewport):
    page = new_page(viewport=viewport)
    sign_in(page, "congan.truong")
    page.goto("/review")
    first_page = f"Hoạt động 1–25 trong {long_queue} hoạt động đang chờ duyệt"
    expect(page.get_by_text(first_page)).to_be_visible()
    bulk = page.get_by_role("button", name="Duyệt các hoạt động đã chọn")
    expect(bulk).to_be_in_viewport()  # sticky at the bottom of the screen from the start
    assert not has_horizontal_scroll(page)
    name = "tablet" if viewport == TABLET else "desktop"
    screenshot(page, f"review-queue-{name}")
    page.screenshot(path=f"test-artifacts/review-queue-{name}-viewport.png")

    page.get_by_role("button", name="Trang sau").click()
    second_page = f"Hoạt động 26–{long_queue} trong {long_queue} hoạt động"
    expect(page.get_by_text(second_page)).to_be_visible()
    assert "page=a" in page.url
    _checkbox_is_drawn_and_reachable(page)
    page.get_by_text("Chọn", exact=True).last.click()  # the visible word ticks the box too
    page.get_by_role("checkbox", name="Chọn Tuyên truyền phòng chống ma túy ở làng số 29").check()
    page.screenshot(path=f"test-artifacts/review-queue-page-2-{name}-viewport.png")
    page.get_by_role("button", name="Duyệt các hoạt động đã chọn").click()

    expect(page.get_by_text("Đã duyệt 2 hoạt động.")).to_be_visible()
    expect(page.get_by_text(f"trong {long_queue - 2} hoạt động đang chờ duyệt")).to_be_visible()
    assert "page=a" in page.url  # back on the page it was approved from


def test_the_queue_pages_and_approves_without_javascript(new_page, long_queue):
    page = new_page(viewport=TABLET, javascript=False)
    sign_in(page, "congan.truong")
    page.goto("/review")
    page.get_by_role("button", name="Trang sau").click()
    second_page = f"Hoạt động 26–{long_queue} trong {long_queue} hoạt động"
    expect(page.get_by_text(second_page)).to_be_visible()
    _checkbox_is_drawn_and_reachable(page)
    page.get_by_role("checkbox", name="Chọn Tuyên truyền phòng chống ma túy ở làng số 30").check()
    page.get_by_role("button", name="Duyệt các hoạt động đã chọn").click()

    expect(page.get_by_text("Đã duyệt 1 hoạt động.")).to_be_visible()
    expect(page.get_by_text(f"trong {long_queue - 1} hoạt động đang chờ duyệt")).to_be_visible()
