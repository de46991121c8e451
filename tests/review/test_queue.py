"""The approvers' queue: approve or return in place, bulk approval, and what changed."""

import re
from datetime import datetime
from datetime import timedelta
from datetime import UTC
from html import unescape
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from intranet.logs import workflow
from intranet.models import ActivityLog
from intranet.models import AuditEvent
from intranet.models import db
from intranet.models import LogKind
from intranet.models import LogStatus
from intranet.models import ReviewEvent
from intranet.permissions import Action
from intranet.permissions import can
from tests.factories import make_entry
from tests.factories import make_user
from tests.factories import PASSWORD
from tests.factories import waiting_entries

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def approver(client, people):
    client.post("/login", data={"username": "congan.truong", "password": PASSWORD})
    return client


def test_queue_lists_submitted_entries_oldest_first_with_counts(approver, people):
    first = make_entry(status=LogStatus.submitted, author=people["phunu"], title="Thứ nhất")
    make_entry(status=LogStatus.submitted, author=people["mttq"], title="Thứ hai")
    make_entry(status=LogStatus.submitted, author=people["phunu2"], title="Thứ ba")
    make_entry(author=people["phunu"], title="Còn nháp")

    page = approver.get("/review").get_data(as_text=True)

    assert page.index("Thứ nhất") < page.index("Thứ hai") < page.index("Thứ ba")
    assert "Còn nháp" not in page
    assert "Hội Liên hiệp Phụ nữ xã: <strong>2</strong>" in page
    assert f'value="{first.id}" form="review-bulk"' in page


def test_approve_in_place_answers_the_item_the_badge_and_an_event(approver, people, hx):
    entry = make_entry(status=LogStatus.submitted, author=people["phunu"])

    response = approver.post(f"/logs/{entry.id}/approve", headers=hx.partial)

    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.startswith(f'<article id="log-{entry.id}"')
    assert "Đã duyệt" in body
    assert '<span id="nav-badges"' in body and 'hx-swap-oob="true"' in body
    assert response.headers["HX-Trigger"] == "entries-changed"
    db.session.refresh(entry)
    assert entry.status == LogStatus.approved
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "entry_approve"))


def test_approve_without_javascript_goes_back_to_the_queue(approver, people):
    entry = make_entry(status=LogStatus.submitted, author=people["phunu"], title="Bài A")

    response = approver.post(f"/logs/{entry.id}/approve", data={"next": "/review"})

    assert response.status_code == 303
    assert response.headers["Location"] == "/review"
    assert "Đã duyệt: Bài A" in approver.get("/review").get_data(as_text=True)


def test_return_needs_a_reason(approver, people, hx):
    entry = make_entry(status=LogStatus.submitted, author=people["phunu"])

    response = approver.post(
        f"/logs/{entry.id}/return", data={"reason": "", "comment": "  "}, headers=hx.partial
    )

    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert body.startswith(f'<article id="log-{entry.id}"')
    assert "Hãy chọn hoặc ghi lý do trả lại." in body
    db.session.refresh(entry)
    assert entry.status == LogStatus.submitted


def test_return_without_a_reason_and_without_javascript_shows_the_entry_page_again(
    approver, people
):
    entry = make_entry(status=LogStatus.submitted, author=people["phunu"], title="Bài B")

    response = approver.post(f"/logs/{entry.id}/return", data={"comment": "x" * 2001})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "<h1>Bài B</h1>" in page and '<details class="return-box" open>' in page
    assert "x" * 2001 in page  # what was typed is kept
    db.session.refresh(entry)
    assert entry.status == LogStatus.submitted


@pytest.mark.parametrize(
    ("reason", "comment", "stored"),
    [
        ("Ngày tổ chức chưa đúng.", "", "Ngày tổ chức chưa đúng."),
        ("Ngày tổ chức chưa đúng.", "Ghi rõ địa điểm họp", "Ghi rõ địa điểm họp"),
    ],
)
def test_return_keeps_the_reason_in_the_history(approver, people, hx, reason, comment, stored):
    entry = make_entry(status=LogStatus.submitted, author=people["phunu"])

    response = approver.post(
        f"/logs/{entry.id}/return", data={"reason": reason, "comment": comment}, headers=hx.partial
    )

    assert response.status_code == 200
    event = db.session.scalar(select(ReviewEvent).where(ReviewEvent.action == "return"))
    assert event.comment == stored
    db.session.refresh(entry)
    assert entry.status == LogStatus.returned


def test_the_author_sees_the_reason_first_and_resubmits(client, people):
    entry = make_entry(status=LogStatus.returned, author=people["phunu"], approver=people["truong"])
    client.post("/login", data={"username": "phunu", "password": PASSWORD})

    page = client.get(f"/logs/{entry.id}").get_data(as_text=True)
    response = client.post(f"/logs/{entry.id}/submit")

    assert page.index("Lý do: Thiếu số người tham gia") < page.index(entry.title + "</h1>")
    assert response.status_code == 303
    actions = db.session.scalars(
        select(ReviewEvent.action).where(ReviewEvent.entry_id == entry.id).order_by(ReviewEvent.id)
    ).all()
    assert [a.value for a in actions][-1] == "resubmit"


def test_approver_sees_what_changed_since_the_return(approver, people):
    entry = make_entry(
        status=LogStatus.returned,
        author=people["phunu"],
        approver=people["truong"],
        participants=30,
        kind=LogKind.club,
    )
    values = entry.snapshot() | {"participants": 42, "kind": LogKind.propaganda}
    values["date"] = entry.date
    values["village_id"] = people["village"].id
    workflow.update(entry, people["phunu"], values, str(entry.version))
    workflow.submit(entry, people["phunu"])
    db.session.commit()

    queue = approver.get("/review").get_data(as_text=True)
    page = approver.get(f"/logs/{entry.id}").get_data(as_text=True)

    for html in (queue, page):
        assert "Những thay đổi từ khi bị trả lại:" in html
        assert '<td class="text">30</td>' in html and '<td class="text">42</td>' in html
        assert "Sinh hoạt câu lạc bộ" in html and "Họp tuyên truyền" in html
        assert "Toàn xã" in html and "Làng Dơ Nâu" in html
    assert "Gửi lại" in queue


def test_nobody_approves_their_own_entry(client, people):
    entry = make_entry(status=LogStatus.submitted, author=people["truong"])
    client.post("/login", data={"username": "congan.truong", "password": PASSWORD})

    response = client.post(f"/logs/{entry.id}/approve")

    assert response.status_code == 403
    assert "Hoạt động này do bạn ghi" in client.get("/review").get_data(as_text=True)


def test_bulk_approval_checks_each_entry_like_a_single_one(approver, people):
    others = [make_entry(status=LogStatus.submitted, author=people["phunu"]) for _ in range(3)]
    own = make_entry(status=LogStatus.submitted, author=people["truong"])
    draft = make_entry(author=people["phunu"])

    response = approver.post(
        "/review/approve", data={"ids": [e.id for e in [*others, own, draft]] + ["x"]}
    )

    assert response.status_code == 303
    for entry in others:
        db.session.refresh(entry)
        assert entry.status == LogStatus.approved
    db.session.refresh(own)
    db.session.refresh(draft)
    assert own.status == LogStatus.submitted
    assert draft.status == LogStatus.draft
    page = approver.get("/review").get_data(as_text=True)
    assert "Đã duyệt 3 hoạt động." in page
    assert "Còn 2 hoạt động chưa duyệt" in page


def test_history_shows_times_in_asia_ho_chi_minh(approver, people):
    entry = make_entry(status=LogStatus.submitted, author=people["phunu"])
    event = db.session.scalar(select(ReviewEvent).where(ReviewEvent.action == "submit"))
    event.at = datetime(2026, 8, 18, 20, 30, tzinfo=UTC)
    db.session.commit()

    page = approver.get(f"/logs/{entry.id}").get_data(as_text=True)

    assert "19/08/2026 03:30" in page
    assert "Siu H&#39;Nhi</strong> đã gửi duyệt" in page


def test_approve_never_redirects_off_the_site(approver, people):
    entry = make_entry(status=LogStatus.submitted, author=people["phunu"])

    response = approver.post(f"/logs/{entry.id}/approve", data={"next": "https://evil.example/"})

    assert response.status_code == 303
    assert response.headers["Location"] == f"/logs/{entry.id}"


def _police_colleague(people):
    return make_user("congan.canbo", org=people["truong"].organization)


def _edit_form(entry, **overrides) -> dict:
    return {
        "title": entry.title,
        "description": "Nội dung do người duyệt viết lại.",
        "date": entry.date.isoformat(),
        "kind": entry.kind.value,
        "village": "",
        "participants": str(entry.participants),
        "version": str(entry.version),
    } | overrides


@time_machine.travel(datetime(2026, 5, 20, 9, 0, tzinfo=LOCAL), tick=False)
def test_an_approver_who_edited_and_sent_a_colleagues_entry_cannot_approve_it(client, people):
    colleague = _police_colleague(people)
    entry = make_entry(status=LogStatus.returned, author=colleague, approver=people["truong2"])
    client.post("/login", data={"username": "congan.truong", "password": PASSWORD})

    edited = client.post(f"/logs/{entry.id}", data=_edit_form(entry, then="submit"))
    approved = client.post(f"/logs/{entry.id}/approve")
    queue = client.get("/review").get_data(as_text=True)
    item = queue.split(f'id="log-{entry.id}"')[1].split("</article>")[0]
    shown = client.get(f"/logs/{entry.id}").get_data(as_text=True)

    assert edited.status_code == 303
    db.session.refresh(entry)
    assert entry.status == LogStatus.submitted
    assert approved.status_code == 403
    assert "Duyệt</button>" not in item and 'form="review-bulk"' not in item
    assert "Bạn đã sửa hoặc gửi hoạt động này nên không được duyệt" in item
    assert "Trả lại</button>" in item  # sending it back is still theirs to do
    assert "Duyệt</button>" not in shown.split("entry-actions")[1]

    client.post("/logout")
    client.post("/login", data={"username": "congan.pho", "password": PASSWORD})
    assert client.post(f"/logs/{entry.id}/approve").status_code == 303
    db.session.refresh(entry)
    assert entry.status == LogStatus.approved


@pytest.mark.parametrize("step", ["submit", "create"])
def test_whoever_sent_or_created_an_entry_cannot_approve_it(people, step):
    colleague = _police_colleague(people)
    author = people["truong"] if step == "create" else colleague
    entry = make_entry(author=author)
    workflow.submit(entry, people["truong"] if step == "submit" else author)
    db.session.commit()

    assert can(people["truong"], Action.approve_entry, entry) is False
    assert can(people["truong2"], Action.approve_entry, entry) is True
    assert can(people["truong"], Action.return_entry, entry) is (step == "submit")


def test_bulk_approval_leaves_what_the_approver_edited(approver, people):
    colleague = _police_colleague(people)
    mine = make_entry(author=colleague)
    values = {name: getattr(mine, name) for name in workflow.ENTRY_FIELDS} | {"participants": 7}
    workflow.update(mine, people["truong"], values, str(mine.version))
    workflow.submit(mine, colleague)
    other = make_entry(status=LogStatus.submitted, author=people["phunu"])
    db.session.commit()

    response = approver.post("/review/approve", data={"ids": [mine.id, other.id]})

    assert response.status_code == 303
    db.session.refresh(mine)
    db.session.refresh(other)
    assert (mine.status, other.status) == (LogStatus.submitted, LogStatus.approved)
    page = approver.get("/review").get_data(as_text=True)
    assert "Đã duyệt 1 hoạt động." in page and "Còn 1 hoạt động chưa duyệt" in page


def test_the_queue_asks_a_constant_number_of_queries_for_who_may_approve(
    approver, people, count_queries
):
    colleague = _police_colleague(people)

    def shaped_entries(count: int) -> None:
        for n in range(count):
            entry = make_entry(author=colleague if n % 2 else people["phunu"])
            if n % 2:
                workflow.submit(entry, people["truong"])
            else:
                workflow.submit(entry, people["phunu"])
        db.session.commit()

    def queries() -> int:
        with count_queries() as statements:
            assert approver.get("/review").status_code == 200
        return len(statements)

    shaped_entries(2)
    few = queries()
    shaped_entries(6)

    assert queries() == few


def _waiting(count: int, author, start: int = 0) -> list[int]:
    """`count` submitted entries, sent two by two at the same minute (the id breaks the tie)."""
    moment = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    sent = [moment + timedelta(minutes=n // 2) for n in range(start, start + count)]
    return waiting_entries(author, sent, start=start)


ITEM = re.compile(r'<article id="log-(\d+)" class="entry review-item">')
LINK = re.compile(r'<a href="([^"]+)"[^>]*>(Trang trước|Trang sau)</a>')


def _queue(client, url: str = "/review") -> tuple[list[int], dict[str, str], str]:
    """The entry ids a queue page shows, its page links by label, and the page itself."""
    response = client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    links = {label: unescape(href) for href, label in LINK.findall(page)}
    return [int(pk) for pk in ITEM.findall(page)], links, page


def test_paging_through_the_queue_reaches_every_waiting_entry_once(approver, people):
    ids = _waiting(33, people["phunu"])

    first, links, page = _queue(approver)
    assert first == ids[:25]
    assert "Hoạt động 1–25 trong 33 hoạt động đang chờ duyệt, cũ nhất trước." in page
    assert "Trang trước" not in links

    second, links, page = _queue(approver, links["Trang sau"])
    assert second == ids[25:]
    assert "Hoạt động 26–33 trong 33 hoạt động đang chờ duyệt, cũ nhất trước." in page
    assert "Trang sau" not in links

    back, _links, _page = _queue(approver, links["Trang trước"])
    assert back == ids[:25]


def test_a_page_of_the_queue_alone_for_htmx_with_its_links_and_bulk_bar(approver, people, hx):
    _waiting(30, people["phunu"])
    _ids, links, _page = _queue(approver)

    response = approver.get(links["Trang sau"], headers=hx.partial)

    body = response.get_data(as_text=True)
    assert body.startswith('<div id="review-results"')
    assert len(ITEM.findall(body)) == 5 and "Trang trước" in body
    assert 'id="review-bulk"' in body and 'name="page"' in body


def test_a_short_queue_has_neither_page_links_nor_a_position(approver, people):
    ids = _waiting(3, people["phunu"])

    shown, links, page = _queue(approver)

    assert shown == ids and links == {}
    assert "trong 3 hoạt động đang chờ duyệt" not in page


def test_bulk_approval_from_the_second_page_approves_there_and_comes_back_to_it(approver, people):
    ids = _waiting(30, people["phunu"])
    _first, links, _page = _queue(approver)
    second, _links, page = _queue(approver, links["Trang sau"])
    cursor = unquote(links["Trang sau"].split("page=")[1])
    assert f'name="page" value="{cursor}"' in page
    # The checkboxes name the bulk form, which is at the end of the page as well.
    assert page.index('id="review-bulk"') > page.index(f'id="log-{second[-1]}"')

    response = approver.post("/review/approve", data={"ids": second[:3], "page": cursor})

    assert response.status_code == 303
    assert response.headers["Location"] == links["Trang sau"]
    after, _links, page = _queue(approver, response.headers["Location"])
    assert "Đã duyệt 3 hoạt động." in page
    assert after == ids[28:]
    approved = select(ActivityLog.id).where(ActivityLog.status == LogStatus.approved)
    assert sorted(db.session.scalars(approved)) == second[:3]


def test_a_page_emptied_by_approvals_falls_back_to_the_start_of_the_queue(approver, people):
    ids = _waiting(27, people["phunu"])
    _first, links, _page = _queue(approver)
    second_page = links["Trang sau"]

    approver.post(
        "/review/approve", data={"ids": ids[25:], "page": unquote(second_page.split("page=")[1])}
    )
    shown, links, page = _queue(approver, second_page)

    assert shown == ids[:25] and links == {}
    assert "Không còn bài nào chờ duyệt" not in page


def test_each_queue_page_asks_the_same_number_of_queries_however_long_the_queue(
    approver, people, count_queries
):
    def queries(url: str) -> int:
        with count_queries() as statements:
            assert approver.get(url).status_code == 200
        return len(statements)

    _waiting(30, people["phunu"])
    _ids, links, _page = _queue(approver)
    first, second = queries("/review"), queries(links["Trang sau"])
    _waiting(60, people["mttq"], start=30)

    # The page of rows, who may approve them, the resubmissions among them, the counts per
    # organization, the badges and the signed-in user; a later page also counts its place.
    assert queries("/review") == first <= 8
    assert queries(links["Trang sau"]) == second == first + 1
