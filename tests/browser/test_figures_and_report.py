"""Incident figures and the festival-day report on the tablet and the office PC (issue 6)."""

import re

import pytest

from intranet.periods import local_today
from tests.browser.pages import DESKTOP
from tests.browser.pages import has_horizontal_scroll
from tests.browser.pages import screenshot
from tests.browser.pages import sign_in
from tests.browser.pages import TABLET

pytestmark = pytest.mark.browser

SIZES = {"tablet": TABLET, "desktop": DESKTOP}


@pytest.mark.parametrize("size", list(SIZES))
def test_police_enter_a_figure_in_place_and_the_comparison_follows(new_page, size):
    page = new_page(viewport=SIZES[size])
    sign_in(page, "congan.truong")
    month = f"{local_today():%Y-%m}"

    page.goto("/stats?village=lang07")
    cell = page.locator(f"#stat-{month}-fire-input")
    cell.fill("3")
    cell.press("Tab")

    page.locator(f"#stat-{month}-fire .saved").wait_for()
    assert not has_horizontal_scroll(page)
    box = cell.bounding_box()
    assert box["height"] >= 44
    screenshot(page, f"stats-{size}")


def test_a_wrong_figure_is_refused_in_place(new_page):
    page = new_page(viewport=TABLET)
    sign_in(page, "congan.canbo")
    month = f"{local_today():%Y-%m}"

    page.goto("/stats")
    cell = page.locator(f"#stat-{month}-crime-input")
    cell.fill("-2")
    cell.press("Tab")

    page.get_by_text("Hãy nhập một số nguyên từ 0 trở lên.").wait_for()
    assert page.locator(f"#stat-{month}-crime-input").input_value() == "-2"


@pytest.mark.parametrize("size", list(SIZES))
def test_leader_reads_the_report_of_2025(new_page, size):
    page = new_page(viewport=SIZES[size])
    sign_in(page, "lanhdao")

    page.goto("/reports/2025")

    page.get_by_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").wait_for()
    assert not has_horizontal_scroll(page)
    for link in page.locator(".report-tools a[role=button], .report-tools button").all():
        assert link.bounding_box()["height"] >= 44
    screenshot(page, f"report-2025-{size}")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    screenshot(page, f"report-2025-print-{size}")


def test_leader_saves_the_narrative_in_place(new_page):
    page = new_page(viewport=TABLET)
    sign_in(page, "lanhdao")
    page.goto("/reports/2025")

    page.get_by_text("Viết nội dung báo cáo").click()
    page.get_by_role("textbox", name="Đánh giá chung").fill("Phong trào có chuyển biến rõ nét.")
    page.get_by_role("button", name="Lưu nội dung").click()

    page.get_by_text("Đã lưu nội dung báo cáo.").wait_for()
    assert page.locator("#reports-narrative p.doc-text").first.inner_text() == (
        "Phong trào có chuyển biến rõ nét."
    )
    assert re.search(r"/reports/2025$", page.url)
