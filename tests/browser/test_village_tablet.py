"""The village tablet: lang07 logs a patrol and records and closes a mediation case, with
and without JavaScript; mttq sees the village's counts but not the parties' names."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import buttons_are_big_enough
from tests.browser.pages import has_horizontal_scroll
from tests.browser.pages import screenshot
from tests.browser.pages import sign_in
from tests.browser.pages import TABLET

pytestmark = pytest.mark.browser

PARTIES = "Ông Rơ Mah Bét và ông Ksor Tlang"


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_village_tablet_patrol_and_mediation(new_page, javascript):
    page = new_page(viewport=TABLET, javascript=javascript)
    sign_in(page, "lang07")
    expect(page.get_by_role("heading", name="Làng Dơ Nâu", exact=True)).to_be_visible()
    assert not has_horizontal_scroll(page)
    assert buttons_are_big_enough(page)
    screenshot(page, f"village-home-tablet-{'js' if javascript else 'nojs'}")

    page.get_by_role("button", name="Ghi tuần tra").click()
    page.get_by_role("checkbox", name="Puih Khiêm").check()
    page.locator(".tap-list input").nth(1).check()
    page.get_by_label("Ghi chú").fill("Tuần tra khu rẫy cà phê phía đông.")
    page.locator(".writer .tap").first.click()  # who on the team writes it
    assert buttons_are_big_enough(page)
    assert not has_horizontal_scroll(page)
    page.get_by_role("button", name="Ghi buổi tuần tra").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi buổi tuần tra và gửi duyệt.")

    page.get_by_role("button", name="Ghi vụ hòa giải").click()
    page.get_by_label("Loại tranh chấp").select_option(label="Đất đai")
    page.get_by_label("Các bên").fill(PARTIES)
    page.get_by_label("Nội dung vụ việc").fill("Tranh chấp ranh giới rẫy.")
    assert not has_horizontal_scroll(page)
    page.get_by_role("button", name="Ghi vụ việc").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi vụ việc.")  # back on the village
    page.locator("#villages-mediation").get_by_role("link", name=PARTIES).click()
    expect(page.get_by_role("heading", name=PARTIES)).to_be_visible()
    page.get_by_label("Kết quả hòa giải").select_option(label="Hòa giải thành")
    page.get_by_label("Kết quả", exact=True).fill("Hai bên thống nhất ranh giới, ký biên bản.")
    page.get_by_role("button", name="Kết thúc vụ việc").click()
    expect(page.get_by_role("status")).to_contain_text("Đã kết thúc vụ việc.")
    assert not has_horizontal_scroll(page)


def test_front_sees_counts_but_not_the_parties(new_page):
    tablet = new_page(viewport=TABLET)
    sign_in(tablet, "lang07")
    tablet.goto("/villages/lang07/cases/new")
    tablet.get_by_label("Các bên").fill(PARTIES)
    tablet.get_by_label("Loại tranh chấp").select_option(label="Đất đai")
    tablet.get_by_role("button", name="Ghi vụ việc").click()
    expect(tablet.get_by_role("status")).to_contain_text("Đã ghi vụ việc.")

    front = new_page(viewport=TABLET)
    sign_in(front, "mttq")
    front.goto("/villages/lang07")

    expect(front.locator("#villages-mediation")).to_contain_text("vụ đang hòa giải")
    expect(front.get_by_text(PARTIES)).to_have_count(0)
    screenshot(front, "village-page-front-tablet")
