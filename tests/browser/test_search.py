"""Search typed as people type it, on a tablet and a PC: without accents, in capitals, with
and without JavaScript; the matched words are marked in the results (issue 15)."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import DESKTOP
from tests.browser.pages import has_horizontal_scroll
from tests.browser.pages import screenshot
from tests.browser.pages import sign_in
from tests.browser.pages import TABLET

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("viewport", "javascript"),
    [(TABLET, True), (DESKTOP, True), (TABLET, False)],
    ids=["tablet-htmx", "pc-htmx", "tablet-no-js"],
)
def test_a_search_without_accents_finds_and_marks_the_words(new_page, viewport, javascript):
    page = new_page(viewport=viewport, javascript=javascript)
    sign_in(page, "mttq")
    page.goto("/logs")
    page.get_by_text("Lọc và tìm kiếm").click()  # the filters fold away until asked for

    page.get_by_label("Tìm", exact=True).fill("TUAN tra dem")
    if not javascript:
        page.get_by_role("button", name="Lọc", exact=True).click()

    first = page.locator("#logs-results .entry-title").first
    expect(first).to_contain_text("Tuần tra ban đêm")
    expect(first.locator("mark")).to_have_text(["Tuần", "tra", "đêm"])
    assert "q=TUAN+tra+dem" in page.url  # the search is in the address, to share or go back to
    assert not has_horizontal_scroll(page)
    screenshot(page, f"search-logs-{viewport['width']}-{'js' if javascript else 'nojs'}")
