"""The whole story: a union writes, the police return, the union fixes, the police approve,
and the board of a third person shows the entry without a reload. Then the same with
JavaScript off, through plain forms and redirects."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import DESKTOP
from tests.browser.pages import has_horizontal_scroll
from tests.browser.pages import screenshot
from tests.browser.pages import sign_in
from tests.browser.pages import TABLET

pytestmark = pytest.mark.browser

TITLE = "Sinh hoạt CLB phụ nữ với pháp luật tại làng Dơ Nâu"


def write_and_submit(page) -> None:
    page.goto("/orgs/phunu")
    page.get_by_role("button", name="Ghi nhật ký").click()
    expect(page.get_by_role("heading", name="Ghi nhật ký")).to_be_visible()
    assert not has_horizontal_scroll(page)
    page.get_by_label("Ngày", exact=True).fill("20/11/2026")
    page.get_by_label("Loại hoạt động").select_option(label="Sinh hoạt câu lạc bộ")
    page.get_by_label("Thôn, làng").select_option(label="Làng Dơ Nâu")
    page.get_by_label("Số người tham gia").fill("25")
    page.get_by_label("Tiêu đề").fill(TITLE)
    page.get_by_label("Nội dung hoạt động").fill("Tuyên truyền Luật Phòng, chống bạo lực gia đình.")
    screenshot(page, "entry-form-tablet")
    page.get_by_role("button", name="Lưu và gửi duyệt").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.locator(".entry-page .status")).to_have_text("Chờ duyệt")


def test_the_whole_story_with_htmx(new_page):
    union = new_page(viewport=TABLET)
    police = new_page(viewport=DESKTOP)
    front = new_page(viewport=TABLET)
    for page, username in ((union, "phunu"), (police, "congan.truong"), (front, "mttq")):
        sign_in(page, username)

    write_and_submit(union)

    police.goto("/review")
    item = police.locator("article.review-item", has_text=TITLE)
    expect(item).to_be_visible()
    expect(police.locator("#nav-badges")).to_contain_text("chờ duyệt")
    item.get_by_text("Trả lại…").click()
    item.get_by_label("Lý do", exact=True).select_option(label="Thiếu hoặc sai số người tham gia.")
    item.get_by_role("button", name="Trả lại", exact=True).click()
    expect(police.locator("article.decided", has_text=TITLE)).to_contain_text("Bị trả lại")

    union.goto("/")
    expect(union.locator("#nav-badges")).to_contain_text("hoạt động bị trả lại")
    expect(union.locator(".returned-box")).to_contain_text(TITLE)
    screenshot(union, "board-returned-tablet")
    union.locator("#nav-badges").get_by_role("link").click()
    union.get_by_role("link", name=TITLE).click()
    expect(union.get_by_role("alert")).to_contain_text("Thiếu hoặc sai số người tham gia.")
    union.get_by_role("button", name="Sửa").click()
    union.get_by_label("Số người tham gia").fill("32")
    union.get_by_role("button", name="Sửa và gửi lại").click()
    expect(union.locator(".entry-page .status")).to_have_text("Chờ duyệt")

    front.goto("/")
    front.evaluate("window.noReload = true")
    expect(front.get_by_text(TITLE)).to_have_count(0)

    police.goto("/review")
    item = police.locator("article.review-item", has_text=TITLE)
    expect(item.locator(".changes")).to_contain_text("32")
    screenshot(police, "review-queue-desktop")
    item.get_by_role("button", name="Duyệt", exact=True).click()
    expect(police.locator("article.decided", has_text=TITLE)).to_contain_text("Đã duyệt")

    expect(front.locator("#board-feed").get_by_text(TITLE)).to_be_visible(timeout=20_000)
    assert front.evaluate("window.noReload") is True
    assert not has_horizontal_scroll(front)
    screenshot(front, "board-tablet")


def test_the_whole_story_without_javascript(new_page):
    union = new_page(viewport=TABLET, javascript=False)
    police = new_page(viewport=TABLET, javascript=False)
    front = new_page(viewport=TABLET, javascript=False)
    for page, username in ((union, "phunu"), (police, "congan.truong"), (front, "mttq")):
        sign_in(page, username)

    write_and_submit(union)

    police.goto("/review")
    assert not has_horizontal_scroll(police)
    item = police.locator("article.review-item", has_text=TITLE)
    item.get_by_text("Trả lại…").click()
    item.get_by_label("Hoặc ghi lý do").fill("Bổ sung số người tham gia.")
    item.get_by_role("button", name="Trả lại", exact=True).click()
    expect(police.get_by_role("status")).to_contain_text("Đã trả lại")

    union.goto("/logs?status=returned")
    union.get_by_role("link", name=TITLE).click()
    expect(union.get_by_role("alert")).to_contain_text("Bổ sung số người tham gia.")
    union.get_by_role("button", name="Sửa").click()
    union.get_by_label("Số người tham gia").fill("32")
    union.get_by_role("button", name="Sửa và gửi lại").click()
    expect(union.locator(".entry-page .status")).to_have_text("Chờ duyệt")

    police.goto("/review")
    item = police.locator("article.review-item", has_text=TITLE)
    expect(item.locator(".changes")).to_contain_text("32")
    item.get_by_role("button", name="Duyệt", exact=True).click()
    expect(police.get_by_role("status")).to_contain_text("Đã duyệt")

    front.goto("/")
    expect(front.locator("#board-feed").get_by_text(TITLE)).to_be_visible()
    assert not has_horizontal_scroll(front)
