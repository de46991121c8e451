"""The shared board: newest approved entries, the year's counters, and the live poll."""

from datetime import date

import pytest

from intranet.models import db
from intranet.models import LogKind
from intranet.models import LogStatus
from tests.factories import make_entry
from tests.factories import PASSWORD


@pytest.fixture
def board(client, people):
    client.post("/login", data={"username": "mttq", "password": PASSWORD})
    return client


def _approve(people, title: str, **fields):
    return make_entry(
        status=LogStatus.approved,
        author=people["phunu"],
        approver=people["truong"],
        title=title,
        date=fields.pop("date", date.today()),
        **fields,
    )


def test_board_shows_approved_entries_only(board, people):
    _approve(people, "Đã duyệt hôm nay")
    make_entry(status=LogStatus.submitted, author=people["phunu"], title="Đang chờ")

    page = board.get("/").get_data(as_text=True)

    assert "Đã duyệt hôm nay" in page
    assert "Đang chờ" not in page
    assert 'id="board-poller"' in page


def test_counters_count_this_years_approved_entries(board, people):
    _approve(people, "Một", kind=LogKind.club)
    _approve(people, "Hai", kind=LogKind.club)
    _approve(people, "Năm trước", date=date(date.today().year - 1, 6, 1))

    page = board.get("/").get_data(as_text=True)

    assert "Năm nay: 2 hoạt động đã duyệt" in page
    assert "Sinh hoạt câu lạc bộ" in page


def test_poll_with_nothing_new_answers_204_and_nothing(board, people, hx):
    _approve(people, "Cũ")
    page = board.get("/").get_data(as_text=True)
    poll_url = page.split('id="board-poller"')[1].split('hx-get="')[1].split('"')[0]

    response = board.get(poll_url.replace("&amp;", "&"), headers=hx.partial)

    assert response.status_code == 204
    assert response.data == b""


def test_poll_brings_new_rows_a_new_cursor_and_the_counters(board, people, hx):
    _approve(people, "Cũ")
    page = board.get("/").get_data(as_text=True)
    poll_url = page.split('id="board-poller"')[1].split('hx-get="')[1].split('"')[0]
    _approve(people, "Mới được duyệt")

    response = board.get(poll_url.replace("&amp;", "&"), headers=hx.partial)

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="board-poller"')
    assert "Mới được duyệt" in body and ">Cũ<" not in body
    assert (
        'id="board-counters" class="counters" aria-labelledby="counters-title" hx-swap-oob="true"'
        in body
    )
    next_url = body.split('hx-get="')[1].split('"')[0]
    assert next_url != poll_url


def test_board_filters_answer_the_feed_alone_for_htmx(board, people, hx):
    _approve(people, "Tuần tra đêm", kind=LogKind.patrol)
    _approve(people, "Sinh hoạt CLB", kind=LogKind.club)

    response = board.get("/?kind=patrol", headers=hx.partial)

    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="board-feed"')
    assert "Tuần tra đêm" in body and "Sinh hoạt CLB" not in body
    assert "kind=patrol" in body.split('id="board-poller"')[1].split(">")[0]


@pytest.mark.parametrize("after", ["2026-11-30T03:00:00+00:00|5", "zzz", "a2026-11-30.5"])
def test_a_poll_with_an_old_or_broken_cursor_changes_nothing(board, people, hx, after):
    _approve(people, "Mới được duyệt")

    response = board.get(f"/board/feed?after={after}", headers=hx.partial)

    assert response.status_code == 204
    assert response.data == b""


def test_feed_url_opened_directly_goes_to_the_board(board):
    response = board.get("/board/feed?after=x&kind=patrol")

    assert response.status_code == 303
    assert response.headers["Location"] == "/?after=x&kind=patrol"


def test_an_empty_board_still_polls_and_shows_the_first_approval(board, people, hx):
    page = board.get("/").get_data(as_text=True)
    poll_url = page.split('id="board-poller"')[1].split('hx-get="')[1].split('"')[0]
    _approve(people, "Bài đầu tiên")

    response = board.get(poll_url.replace("&amp;", "&"), headers=hx.partial)

    assert response.status_code == 200
    assert "Bài đầu tiên" in response.get_data(as_text=True)


def test_counters_follow_an_approval_made_after_they_were_shown(board, people):
    _approve(people, "Một")
    assert "Năm nay: 1 hoạt động đã duyệt" in board.get("/").get_data(as_text=True)

    _approve(people, "Hai")

    assert "Năm nay: 2 hoạt động đã duyệt" in board.get("/").get_data(as_text=True)


def test_counters_show_an_organization_renamed_after_they_were_shown(board, people):
    _approve(people, "Một")
    assert "Hội Liên hiệp Phụ nữ xã" in board.get("/").get_data(as_text=True)

    people["union"].name = "Hội Phụ nữ xã Ia Krai"
    db.session.commit()

    counters = board.get("/").get_data(as_text=True).split('id="board-counters"')[1]
    assert "Hội Phụ nữ xã Ia Krai" in counters.split("</section>")[0]


def test_poll_with_a_filter_answers_204_when_nothing_new_matches(board, people, hx):
    _approve(people, "Sinh hoạt CLB", kind=LogKind.club)
    page = board.get("/?kind=patrol").get_data(as_text=True)
    poll_url = page.split('id="board-poller"')[1].split('hx-get="')[1].split('"')[0]
    _approve(people, "Một buổi sinh hoạt nữa", kind=LogKind.club)

    response = board.get(poll_url.replace("&amp;", "&"), headers=hx.partial)

    assert response.status_code == 204
