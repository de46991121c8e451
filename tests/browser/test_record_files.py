"""Files on the awards register and on a village's security team (issue 16), as pages: the
award form takes a certificate without JavaScript, the register and the team section show
their files, and neither scrolls sideways on the tablet or the desktop."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import DESKTOP
from tests.browser.pages import has_horizontal_scroll
from tests.browser.pages import screenshot
from tests.browser.pages import sign_in
from tests.browser.pages import TABLET
from tests.helpers import pdf
from tests.helpers import photo

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("viewport", "name"), [(TABLET, "tablet"), (DESKTOP, "desktop")])
def test_an_award_takes_its_certificate_without_javascript(new_page, viewport, name):
    page = new_page(viewport=viewport, javascript=False)
    sign_in(page, "congan.canbo")
    page.goto("/awards/new?year=2026")
    page.locator("input[name=recipient]").fill("Ông Nay Kheo")
    page.get_by_label("Thêm ảnh hoặc văn bản scan").set_input_files(
        [
            {"name": "giay-khen.jpg", "mimeType": "image/jpeg", "buffer": photo(1400, 1000)},
            {"name": "quyet-dinh.pdf", "mimeType": "application/pdf", "buffer": pdf()},
        ]
    )
    assert not has_horizontal_scroll(page)
    screenshot(page, f"award-form-with-files-{name}")
    page.get_by_role("button", name="Lưu", exact=True).click()

    row = page.locator("#awards-list tr", has_text="Ông Nay Kheo")
    expect(row.locator(".file-links li")).to_have_count(2)
    assert not has_horizontal_scroll(page)
    edit = row.get_by_role("button", name="Sửa")
    page.goto(edit.get_attribute("href"))
    expect(page.locator(".attachment-list.editable li")).to_have_count(2)
    screenshot(page, f"award-edit-with-files-{name}")


@pytest.mark.parametrize(("viewport", "name"), [(TABLET, "tablet"), (DESKTOP, "desktop")])
def test_the_team_section_shows_the_chairs_decision(new_page, viewport, name):
    page = new_page(viewport=viewport)
    sign_in(page, "lang01")  # the demo put the decision of lang01's team on record
    page.goto("/villages/lang01")

    section = page.locator("#villages-team")
    expect(section.locator(".file-links")).to_contain_text("quyet-dinh-thanh-lap-to-lang01.pdf")
    section.locator("summary", has_text="Quyết định thành lập").click()
    expect(section.locator(".attachment-list.editable li")).to_have_count(1)
    assert not has_horizontal_scroll(page)
    screenshot(page, f"village-team-files-{name}")
