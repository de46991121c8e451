"""Returned entries (issue 14 item 6): the reason above the form, "fix and send again" first,
and the author's home lists them at the top until they are sent again."""

import re

from intranet.models import LogStatus
from tests.factories import make_entry


def test_the_edit_page_of_a_returned_entry_says_why_and_offers_fix_and_send(people, login):
    entry = make_entry(LogStatus.returned, author=people["phunu"], title="Họp chi hội tháng 5")
    client = login("phunu")

    page = client.get(f"/logs/{entry.id}/edit").get_data(as_text=True)

    reason = page.index("Lý do:")
    assert reason < page.index('<form id="log-form"')
    buttons = re.findall(r'<button type="submit" name="then" value="(\w+)"', page)
    assert buttons == ["submit", "save"]  # the obvious action first
    assert "Sửa và gửi lại" in page
    assert "Lưu nháp" not in page


def test_the_authors_board_and_village_page_list_returned_entries(people, login):
    make_entry(LogStatus.returned, author=people["phunu"], title="Họp chi hội tháng 5")
    make_entry(LogStatus.returned, author=people["lang07"], title="Tuần tra đêm 12/5")
    make_entry(LogStatus.submitted, author=people["lang07"], title="Tuần tra đêm 13/5")

    board = login("phunu").get("/").get_data(as_text=True)
    assert "1 hoạt động bị trả lại cho bạn" in board and "Họp chi hội tháng 5" in board
    assert "Tuần tra đêm 12/5" not in board
    login("lang07")
    village = login("lang07").get("/villages/lang07").get_data(as_text=True)
    box = village[village.index('class="returned-box"') :]
    assert "Tuần tra đêm 12/5" in box and "Tuần tra đêm 13/5" not in box
    assert "Sửa và gửi lại" in box
