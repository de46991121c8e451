"""A union member signs in on the village hall tablet, with and without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import DESKTOP
from tests.browser.pages import has_horizontal_scroll
from tests.browser.pages import screenshot
from tests.browser.pages import sign_in
from tests.browser.pages import TABLET

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_member_signs_in_on_a_tablet_in_vietnamese(new_page, javascript):
    page = new_page(viewport=TABLET, javascript=javascript)

    sign_in(page, "mttq")

    expect(page.get_by_role("heading", name="Bảng tin")).to_be_visible()
    expect(page.get_by_text("Xin chào, Trần Thị Mai")).to_be_visible()
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    expect(nav.get_by_role("link", name="Bảng tin")).to_be_visible()
    expect(nav.get_by_role("link", name="Người dùng")).to_have_count(0)
    expect(page.get_by_text("Dữ liệu minh họa")).to_be_visible()
    assert not has_horizontal_scroll(page)
    screenshot(page, f"home-mttq-tablet-{'js' if javascript else 'nojs'}")


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_wrong_password_keeps_the_username(new_page, javascript):
    page = new_page(javascript=javascript)

    sign_in(page, "mttq", "sai-mat-khau")

    expect(page.get_by_role("alert")).to_contain_text("Sai tên đăng nhập hoặc mật khẩu.")
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("mttq")
    expect(page.get_by_label("Mật khẩu")).to_have_value("")
    screenshot(page, f"login-error-tablet-{'js' if javascript else 'nojs'}")


def test_sign_out_and_language_switch(new_page):
    page = new_page(viewport=DESKTOP)
    sign_in(page, "lang07")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("link", name="Board")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url("/login?next=/")


def test_htmx_csrf_header_is_fresh_after_a_boosted_sign_in(new_page):
    page = new_page()
    sign_in(page, "mttq")

    status = page.evaluate(
        """async () => {
            const holder = document.querySelector("[hx-headers\\\\:inherited]");
            const token = JSON.parse(holder.getAttribute("hx-headers:inherited"))["X-CSRFToken"];
            const response = await fetch("/locale", {
                method: "POST",
                headers: {"X-CSRFToken": token, "HX-Request": "true",
                          "Content-Type": "application/x-www-form-urlencoded"},
                body: "locale=en&next=/",
            });
            return response.status;
        }"""
    )

    assert status == 200
