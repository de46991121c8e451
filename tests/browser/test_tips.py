"""Tips in the browser: a village tablet relays information and gets a receipt (with and without
JavaScript); the police see the new-tip badge without a reload; the approver opens the sealed
informant after typing a reason."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import buttons_are_big_enough
from tests.browser.pages import DESKTOP
from tests.browser.pages import has_horizontal_scroll
from tests.browser.pages import screenshot
from tests.browser.pages import sign_in
from tests.browser.pages import TABLET

pytestmark = pytest.mark.browser

SUMMARY = "Có người lạ chở hàng cấm qua suối Ia Krai lúc nửa đêm."


def relay(page, informant: str = "") -> str:
    """From the village home, relay a tip; the receipt's number."""
    page.get_by_role("button", name="Báo tin cho Công an xã").click()
    page.get_by_label("Lĩnh vực").select_option(label="Ma túy")
    page.get_by_label("Nội dung sự việc").fill(SUMMARY)
    if informant:
        page.get_by_label("Họ tên (không bắt buộc)").fill(informant)
    assert not has_horizontal_scroll(page)
    assert buttons_are_big_enough(page)
    page.get_by_role("button", name="Gửi Công an xã").click()
    expect(page.get_by_role("heading", name="Tin đã được gửi đến Công an xã")).to_be_visible()
    return page.locator(".receipt-figures strong").inner_text()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_a_village_tablet_relays_and_sees_only_the_receipt(new_page, javascript):
    page = new_page(viewport=TABLET, javascript=javascript)
    sign_in(page, "lang07")

    number = relay(page, informant="Siu H'Luih")

    assert number.startswith("2026/") or number[:4].isdigit()
    expect(page.get_by_text(SUMMARY)).to_have_count(0)
    assert not has_horizontal_scroll(page)
    screenshot(page, f"tip-receipt-tablet-{'js' if javascript else 'nojs'}")
    page.goto("/tips")
    expect(page.get_by_role("heading", name="Không được phép")).to_be_visible()


def test_the_police_see_a_new_tip_without_reloading_and_open_its_informant(new_page):
    police = new_page(viewport=DESKTOP)
    sign_in(police, "congan.truong")
    police.goto("/tips/figures")
    badge = police.locator(".badge-tips")
    before = badge.inner_text() if badge.count() else "0"

    tablet = new_page(viewport=TABLET)
    sign_in(tablet, "lang07")
    number = relay(tablet, informant="Siu H'Luih")

    # The badges refresh every minute and on any change seen by this page; nudge the latter.
    police.evaluate("document.body.dispatchEvent(new CustomEvent('entries-changed'))")
    expect(badge).not_to_have_text(before)
    badge.click()
    police.get_by_role("link", name=f"Số {number}", exact=False).click()
    expect(police.get_by_text(SUMMARY)).to_be_visible()
    expect(police.get_by_text("Siu H'Luih")).to_have_count(0)
    police.get_by_label("Lý do cần biết người cung cấp tin").fill("Cần gặp để xác minh địa điểm.")
    police.get_by_role("button", name="Mở thông tin niêm phong").click()
    expect(police.get_by_text("Siu H'Luih")).to_be_visible()
    screenshot(police, "tip-informant-opened-desktop")
    police.goto(police.url.split("/informant")[0])
    expect(police.get_by_text("Siu H'Luih")).to_have_count(0)
    expect(police.get_by_text("đã mở thông tin người cung cấp")).to_be_visible()
