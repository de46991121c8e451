"""The IT clerk edits the village register in place, with htmx and with plain forms."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import DESKTOP
from tests.browser.pages import has_horizontal_scroll
from tests.browser.pages import screenshot
from tests.browser.pages import sign_in
from tests.browser.pages import TABLET

pytestmark = pytest.mark.browser


def test_admin_edits_a_village_in_place(new_page):
    page = new_page(viewport=DESKTOP)
    sign_in(page, "admin")
    page.get_by_role("link", name="Danh mục thôn, làng").click()
    page.evaluate("window.noReload = true")
    row = page.locator("tr", has_text="lang01")

    row.get_by_role("button", name="Sửa").click()
    editor = page.locator("tr.editor-row")
    expect(editor.get_by_label("Mã")).to_be_focused()
    # A swap nobody asked for (the badge poll) leaves the cursor where the user put it.
    elsewhere = page.locator("tr", has_text="lang03").get_by_role("button", name="Sửa")
    elsewhere.focus()
    page.evaluate("document.dispatchEvent(new CustomEvent('htmx:after:swap'))")
    expect(elsewhere).to_be_focused()
    editor.get_by_label("Mã").fill("lang02")
    editor.get_by_label("Số dân").fill("912")
    editor.get_by_role("button", name="Lưu").click()
    expect(editor).to_contain_text("Mã này đã được dùng.")
    expect(editor.get_by_label("Số dân")).to_have_value("912")
    screenshot(page, "admin-village-editor-error-desktop")
    editor.get_by_label("Mã").fill("lang01")
    editor.get_by_role("button", name="Lưu").click()

    expect(page.locator("tr.editor-row")).to_have_count(0)
    expect(page.locator("tr", has_text="lang01")).to_contain_text("912")
    expect(page.locator("#admin-village-totals")).to_contain_text("29.696")
    assert page.evaluate("window.noReload") is True
    assert page.url.endswith("/admin/villages")


def test_admin_edits_a_user_without_javascript(new_page):
    page = new_page(viewport=TABLET, javascript=False)
    sign_in(page, "admin")
    page.goto("/admin/users?q=phunu")

    page.locator("tr", has_text="phunu").get_by_role("button", name="Sửa").click()
    page.get_by_label("Họ và tên").fill("Siu H'Nhi (Chủ tịch Hội)")
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("status")).to_contain_text("Đã lưu tài khoản phunu.")
    expect(page.locator("tr", has_text="phunu")).to_contain_text("Chủ tịch Hội")


@pytest.mark.parametrize("path", ["/admin/users", "/admin/orgs", "/admin/villages"])
def test_admin_pages_fit_a_tablet(new_page, path):
    page = new_page(viewport=TABLET)
    sign_in(page, "admin")

    page.goto(path)

    assert not has_horizontal_scroll(page)
    screenshot(page, f"admin{path.replace('/', '-')}-tablet")
