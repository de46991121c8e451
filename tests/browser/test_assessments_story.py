"""The year's judgement, end to end (issue 17): a village scores on the tablet, the commune
police review and return a line, the village fixes it, the police accept, the steering
committee appraises and the chair decides. Tablet and desktop sizes, no horizontal scroll."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import DESKTOP
from tests.browser.pages import has_horizontal_scroll
from tests.browser.pages import screenshot
from tests.browser.pages import sign_in
from tests.browser.pages import TABLET

pytestmark = pytest.mark.browser

SHEET = "/assessments/2026/movement-village/lang30"  # not started in the demo


def score_every_line(page) -> None:
    for line in page.locator("#score-form fieldset.criterion").all():
        box = line.locator("input[type=number]")
        box.fill(box.get_attribute("max"))
        line.locator("textarea").fill("Có biên bản họp thôn")


def test_a_village_scores_the_police_return_a_line_and_the_chair_decides(new_page):
    tablet, police, approver, chair = (
        new_page(viewport=v) for v in (TABLET, DESKTOP, DESKTOP, TABLET)
    )
    for page, username in ((tablet, "lang30"), (police, "congan.canbo"),
                           (approver, "congan.truong"), (chair, "lanhdao")):  # fmt: skip
        sign_in(page, username)

    tablet.goto("/assessments")
    expect(tablet.get_by_role("heading", name="Đánh giá, phân loại năm 2026")).to_be_visible()
    assert not has_horizontal_scroll(tablet)
    screenshot(tablet, "assessments-year-tablet")
    tablet.goto(SHEET)
    score_every_line(tablet)
    assert not has_horizontal_scroll(tablet)
    tablet.get_by_role("button", name="Lưu điểm").click()
    expect(tablet.get_by_text("Đã lưu điểm.")).to_be_visible()
    screenshot(tablet, "assessments-village-scoring-tablet")
    tablet.get_by_role("button", name="Gửi Công an xã").click()
    expect(tablet.locator("#assessment-sheet .status").first).to_have_text("Đã gửi, chờ thẩm định")

    police.goto(SHEET)
    police.locator("#line-1a input[type=number]").fill("0")
    police.locator("#line-1a textarea").fill("Chưa có bản đăng ký thi đua")
    police.get_by_role("button", name="Lưu điểm thẩm định").click()
    expect(police.get_by_text("Đã lưu điểm thẩm định.")).to_be_visible()
    police.get_by_label("Lý do trả lại").fill("Bổ sung bản đăng ký thi đua (dòng 1a)")
    screenshot(police, "assessments-police-review-desktop")
    police.get_by_role("button", name="Trả lại khu dân cư").click()
    expect(police.locator("#assessment-sheet .status").first).to_have_text("Đã trả lại khu dân cư")

    tablet.goto(SHEET)
    expect(tablet.get_by_role("alert")).to_contain_text("Bổ sung bản đăng ký thi đua (dòng 1a)")
    expect(tablet.get_by_text("Chưa có bản đăng ký thi đua")).to_be_visible()
    tablet.locator("#line-1a textarea").fill("Đã bổ sung bản đăng ký ngày 21/11")
    tablet.get_by_role("button", name="Lưu điểm").click()
    expect(tablet.get_by_text("Đã lưu điểm.")).to_be_visible()
    tablet.get_by_role("button", name="Gửi lại Công an xã").click()
    expect(tablet.locator("#assessment-sheet .status").first).to_have_text("Đã gửi, chờ thẩm định")

    police.goto(SHEET)
    police.locator("#line-1a input[type=number]").fill("5")
    police.get_by_role("button", name="Lưu điểm thẩm định").click()
    expect(police.get_by_text("Đã lưu điểm thẩm định.")).to_be_visible()
    approver.goto(SHEET)
    approver.get_by_role("button", name="Thông qua điểm thẩm định").click()
    expect(approver.locator("#assessment-sheet .status").first).to_have_text(
        "Công an xã đã thẩm định"
    )

    police.goto("/assessments/2026")
    form = police.locator("#appraise-movement-village")
    police.locator("details", has=form).locator("summary").click()
    form.get_by_label("Ngày họp").fill("2026-11-28")
    form.get_by_label("Thành phần dự họp").fill("Ban Chỉ đạo xã: 9/11 thành viên")
    form.get_by_label("Chủ trì").fill("Ksor Hương")
    form.get_by_label("Thư ký").fill("Rơ Mah Thu")
    form.get_by_label("Số thành viên có mặt").fill("9")
    form.get_by_label("Số phiếu tán thành").fill("9")
    rows = form.locator(".vote-row")  # the village of the story and those the demo accepted
    for n in range(rows.count()):
        rows.nth(n).get_by_label("Tán thành", exact=True).fill("9")
        rows.nth(n).get_by_label("Không tán thành", exact=True).fill("0")
    form.get_by_role("button", name="Ghi biên bản").click()
    expect(police.get_by_text("Đã ghi biên bản thẩm định.")).to_be_visible()

    chair.goto("/assessments/2026")
    form = chair.locator("#decide-movement-village")
    chair.locator("details", has=form).locator("summary").click()
    form.get_by_label("Số quyết định").fill("301/QĐ-UBND")
    form.get_by_label("Ngày ký").fill("2026-11-30")
    form.get_by_label("Người ký").fill("Ksor Hương")
    assert not has_horizontal_scroll(chair)
    form.get_by_role("button", name="Ghi quyết định").click()
    expect(chair.get_by_text("Đã ghi quyết định.")).to_be_visible()
    papers = chair.locator("#papers-movement-village")
    expect(papers).to_contain_text("Biên bản họp thẩm định ngày 28/11/2026 (.docx)")
    expect(papers).to_contain_text("Quyết định số 301/QĐ-UBND (.docx)")
    chair.goto(SHEET)
    expect(chair.locator("#assessment-decision")).to_contain_text("Quyết định số 301/QĐ-UBND")
    assert not has_horizontal_scroll(chair)
    screenshot(chair, "assessments-decided-tablet")

    tablet.goto(SHEET)
    expect(tablet.locator("#score-form")).to_have_count(0)  # decided: locked
