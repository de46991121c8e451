"""The report's photos on the tablet and the office PC (issue 16, item 7): the demo's leader
has chosen two per section; choosing again works in place (htmx) and with JavaScript off."""

import pytest

from tests.browser.pages import DESKTOP
from tests.browser.pages import has_horizontal_scroll
from tests.browser.pages import screenshot
from tests.browser.pages import sign_in
from tests.browser.pages import TABLET

pytestmark = pytest.mark.browser

SIZES = {"tablet": TABLET, "desktop": DESKTOP}


@pytest.mark.parametrize("size", list(SIZES))
def test_the_leader_sees_the_photos_and_chooses_again_in_place(new_page, size):
    page = new_page(viewport=SIZES[size])
    sign_in(page, "lanhdao")
    page.goto("/reports/2026")
    movement = page.locator("#report-photos-movement")

    assert movement.locator("figure").count() == 2
    assert movement.locator("figcaption").first.inner_text().startswith("Ảnh: ")
    assert not has_horizontal_scroll(page)
    screenshot(page, f"report-photos-{size}")
    movement.get_by_role("button", name="Chọn ảnh cho mục này").click()
    movement.locator("form").wait_for()
    assert not has_horizontal_scroll(page)
    for box in movement.locator(".photo-choice label").all():
        assert box.bounding_box()["height"] >= 44
    screenshot(page, f"report-photos-choosing-{size}")
    movement.locator("input[name=photo]").nth(1).uncheck()
    movement.get_by_role("button", name="Lưu ảnh đã chọn").click()

    movement.get_by_text("Đã lưu ảnh của mục.").wait_for()
    assert movement.locator("figure").count() == 1
    assert page.url.endswith("/reports/2026")


def test_choosing_works_with_javascript_off(new_page):
    page = new_page(viewport=TABLET, javascript=False)
    sign_in(page, "lanhdao")
    page.goto("/reports/2026")

    page.locator("#report-photos-activity").get_by_text("Chọn ảnh cho mục này").click()
    page.get_by_role("heading", name="Ảnh cho báo cáo Ngày hội năm 2026").wait_for()
    assert not has_horizontal_scroll(page)
    page.locator("input[name=photo]").first.uncheck()
    page.get_by_role("button", name="Lưu ảnh đã chọn").click()

    page.get_by_text("Đã lưu ảnh của mục.").wait_for()
    assert "/reports/2026" in page.url
    assert page.locator("#report-photos-activity figure").count() == 1
