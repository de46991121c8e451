"""The ratings of the 36 teams and their members on a tablet and a desktop (issue 17 item 4):
the demo's draft one "xuất sắc" over the cap; lowering that team clears the rule live (htmx);
without JavaScript the save still works and the page shows the rules."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import buttons_are_big_enough
from tests.browser.pages import DESKTOP
from tests.browser.pages import has_horizontal_scroll
from tests.browser.pages import screenshot
from tests.browser.pages import sign_in
from tests.browser.pages import TABLET

pytestmark = [pytest.mark.browser, pytest.mark.today("2026-12-01")]

URL = "/assessments/2026/ratings"
XS, TOT = "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ"


def small_targets(page) -> int:
    return page.eval_on_selector_all(
        "main select, main button, main summary, main input[type=text]",
        "ns => ns.filter(n => n.offsetParent)"
        ".filter(n => n.getBoundingClientRect().height < 44).length",
    )


@pytest.mark.parametrize(("size", "viewport"), [("tablet", TABLET), ("desktop", DESKTOP)])
def test_the_ratings_page_fits_and_shows_the_cap_broken(new_page, size, viewport):
    page = new_page(viewport=viewport)
    sign_in(page, "congan.canbo")

    page.goto(URL)

    expect(page.locator('#ratings-problems li[data-rule="cap"]')).to_be_visible()
    assert page.locator(".rating-team").count() == 36
    assert page.locator("#ratings-form select").count() == 36 + 120
    assert not has_horizontal_scroll(page)
    assert buttons_are_big_enough(page) and small_targets(page) == 0
    screenshot(page, f"ratings-draft-{size}")


def test_lowering_a_team_over_the_cap_and_its_leader_clears_the_rules_while_editing(new_page):
    page = new_page(viewport=TABLET)
    sign_in(page, "congan.canbo")
    page.goto(URL)
    teams = page.locator(".rating-team").filter(
        has=page.locator(".rating-row-team option[selected]", has_text=XS)
    )
    team = teams.last
    team.locator(".rating-row-team select").select_option(TOT)

    expect(page.locator('#ratings-problems li[data-rule="cap"]')).to_have_count(0)
    # Its leader, rated like the team was, is now above it: the leader rule shows, beside him.
    expect(page.locator('#ratings-problems li[data-rule="leader"]')).to_be_visible()
    leader = team.locator(".rating-row:not(.rating-row-team)").first
    expect(leader.locator('.rating-problem [data-rule="leader"]')).to_be_visible()
    leader.locator("select").select_option(TOT)
    expect(page.locator("#ratings-problems .notice")).to_be_visible()
    page.locator("#ratings-save").click()
    expect(page.locator('#ratings-problems li[data-rule="cap"]')).to_have_count(0)
    screenshot(page, "ratings-draft-fixed-tablet")


def test_without_javascript_a_save_shows_the_broken_rule(new_page):
    page = new_page(viewport=TABLET, javascript=False)
    sign_in(page, "congan.canbo")
    page.goto(URL)
    team = page.locator(".rating-row-team select").nth(0)
    team.select_option(XS)

    page.locator("#ratings-save").click()

    expect(page.locator('#ratings-problems li[data-rule="cap"]')).to_be_visible()
    row = page.locator(".rating-row-team").nth(0)
    expect(row.locator('.rating-problem [data-rule="cap"]')).to_be_visible()


def test_a_correction_of_decided_ratings_and_the_rules_page_fit_both_screens(new_page):
    """Last year's decided ratings: the approver's correction (refused without a reason, then
    opened), its page with the versions, and the scale and rules page, at both sizes."""
    page = new_page(viewport=TABLET)
    sign_in(page, "congan.truong")
    page.goto("/assessments/2025/ratings")
    page.locator("#ratings-correction summary").click()
    page.locator("#ratings-correct button").click()
    expect(page.get_by_text("Hãy nói vì sao sửa kết quả xếp loại đã quyết định.")).to_be_visible()
    page.get_by_label("Lý do sửa kết quả xếp loại").fill("Tổ thôn 7 bị ghi nhầm mức xếp loại")
    page.locator("#ratings-correct button").click()
    expect(page.locator("#ratings-correction-reason")).to_contain_text("Tổ thôn 7")
    for size, viewport in (("tablet", TABLET), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.goto("/assessments/2025/ratings")
        expect(page.locator("#ratings-versions")).to_contain_text("Phiên bản 2")
        assert not has_horizontal_scroll(page)
        assert buttons_are_big_enough(page) and small_targets(page) == 0
        screenshot(page, f"ratings-correction-{size}")
        page.goto("/assessments/2025/ratings")
        scale = page.locator("a[href*='/assessments/sets/']").first.get_attribute("href")
        page.goto(scale.split("#")[0] + "/scale")
        expect(page.get_by_label("Mức trần (phần trăm, từ 0 đến 100)")).to_have_value("20")
        assert not has_horizontal_scroll(page)
        assert buttons_are_big_enough(page)
        screenshot(page, f"ratings-rules-{size}")
