"""Best and newest matches first (issue 15): a search lists the rows whose title holds the words
before those that hold them only elsewhere, newest first within each, and pages through that
order exactly (no row twice, none missed) on SQLite (FTS5) and PostgreSQL (GIN tsvector)."""

from datetime import date
from datetime import timedelta

import pytest

from intranet import search
from intranet.logs import queries
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import LogKind
from intranet.models import LogStatus
from intranet.models import Role
from intranet.models import SecurityTeam
from intranet.models import TeamMember
from intranet.models import TipCategory
from intranet.models import TipChannel
from intranet.pagination import Cursor
from intranet.tips import queries as tip_queries
from intranet.tips import workflow as tips
from tests.factories import make_entry
from tests.factories import make_org
from tests.factories import make_user

BAD_LINK = "Liên kết trang này không thuộc danh sách này"


def shown_order(page: str, titles: list[str]) -> list[str]:
    """The titles among `titles` that a page lists, in the order it lists them."""
    text = page.replace("<mark>", "").replace("</mark>", "")
    found = [(text.find(f">{t}<"), t) for t in titles]
    return [t for place, t in sorted(found) if place >= 0]


def test_a_title_match_outranks_a_newer_description_match(people, login):
    def approved(title: str, description: str, day: int) -> None:
        make_entry(
            status=LogStatus.approved,
            author=people["phunu"],
            approver=people["truong"],
            title=title,
            description=description,
            date=date(2026, 5, day),
        )

    approved("Họp dân thôn Dơ Nâu", "Sau đó tuần tra đến khuya.", 20)  # words in the text only
    approved("Tra soát bến sông, tuần đêm", "Cả đội đi.", 12)  # both words in the title, apart
    approved("Tuần tra ban đêm", "Cả đội đi.", 1)  # the phrase in the title, the oldest
    approved("Tuần tra bảo vệ nông sản", "Cả đội đi.", 5)
    titles = [
        "Họp dân thôn Dơ Nâu",
        "Tra soát bến sông, tuần đêm",
        "Tuần tra ban đêm",
        "Tuần tra bảo vệ nông sản",
    ]
    client = login("mttq")

    ranked = client.get("/logs", query_string={"q": "tuan tra"}).get_data(as_text=True)
    newest = client.get("/logs").get_data(as_text=True)

    assert shown_order(ranked, titles) == [
        "Tuần tra bảo vệ nông sản",  # phrase in the title, newer
        "Tuần tra ban đêm",  # phrase in the title, older
        "Tra soát bến sông, tuần đêm",  # both words in the title, not as typed
        "Họp dân thôn Dơ Nâu",  # only in the description, though the newest
    ]
    assert shown_order(newest, titles) == [titles[0], titles[1], titles[3], titles[2]]
    # One word: in the title first, whatever the date.
    one = client.get("/logs", query_string={"q": "TUAN"}).get_data(as_text=True)
    assert shown_order(one, titles)[-1] == "Họp dân thôn Dơ Nâu"


def _tier(title: str, words: list[str]) -> int:
    """The tier the search should give, worked out here from the words of the title."""
    folded = search.search_text(title)
    if f" {' '.join(words)}" in folded:
        return 0
    if all(f" {w} " in folded for w in words[:-1]) and f" {words[-1]}" in folded:
        return 1
    return 2


@pytest.fixture
def many(people):
    """45 entries of every tier and state, several on each day (ties broken by id)."""
    titles = [
        "Tuần tra đêm số {n}",  # phrase
        "Đêm {n}: tra soát, tuần đường",  # both words, apart
        "Họp dân số {n}",  # only in the description
    ]
    statuses = [LogStatus.approved, LogStatus.submitted, LogStatus.draft, LogStatus.approved]
    rows = []
    for n in range(45):
        other = n % 5 == 0  # some are another organization's, seen once approved
        rows.append(
            ActivityLog(
                organization_id=(people["mttq"] if other else people["phunu"]).organization_id,
                author=people["mttq"] if other else people["phunu"],
                village_id=people["village"].id,
                date=date(2026, 5, 1) + timedelta(days=n % 4),
                kind=LogKind.patrol,
                title=titles[n % 3].format(n=n),
                description="Tổ đi tuần tra đến 23 giờ.",
                participants=5,
                status=statuses[n % 4],
            )
        )
    db.session.add_all(rows)
    db.session.commit()
    return rows


def _visible_to_union_member(entry: ActivityLog, people: dict) -> bool:
    return entry.status == LogStatus.approved or entry.organization_id == people["union"].id


# search.FEW: the few matches sorted by id; 20: too many matches for that, but each title tier
# of 15 taken by id through the title index; 2: every tier walks the list.
@pytest.mark.parametrize("few", [search.FEW, 20, 2])
@pytest.mark.parametrize("q", ["tuan tra", "tuần", "TRA tuan"])
def test_paging_through_the_tiers_is_exact_both_ways(many, people, app, monkeypatch, q, few):
    monkeypatch.setattr(queries, "PAGE_SIZE", 4)
    monkeypatch.setattr(search, "FEW", few)
    words = search.query_words(q)
    expected = sorted(
        (e for e in many if _visible_to_union_member(e, people)),
        key=lambda e: (_tier(e.title, words), -e.date.toordinal(), -e.id),
    )
    user, criteria = people["phunu"], {"q": q}

    forward, pages, cursor = [], [], None
    while True:
        page = queries.entries_page(user, criteria, cursor)
        pages.append(page)
        forward += [entry.id for entry in page.rows]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    backward, cursor = [], pages[-1].prev_cursor
    while cursor is not None:
        page = queries.entries_page(user, criteria, cursor)
        backward = [entry.id for entry in page.rows] + backward
        cursor = page.prev_cursor

    assert len({_tier(e.title, words) for e in expected}) > 1  # the walk crosses tiers
    assert forward == [e.id for e in expected]
    assert backward + [entry.id for entry in pages[-1].rows] == forward
    assert all(len(page.rows) == 4 for page in pages[:-1])
    assert "~" in pages[0].next_cursor  # the cursor carries the tier


def test_the_list_pages_by_its_links(many, people, login, hx, monkeypatch):
    """What a user does: follow "older" links from the first page to the last."""
    monkeypatch.setattr(queries, "PAGE_SIZE", 5)
    client = login("phunu")
    seen, url = [], "/logs?q=tuan+tra"
    while url:
        body = client.get(url, headers=hx.partial).get_data(as_text=True)
        body = body.replace("<mark>", "").replace("</mark>", "")
        seen += [e.title for e in many if f">{e.title}<" in body]
        url = body.split('hx-get="')[-1].split('"')[0].replace("&amp;", "&")
        url = url if "Cũ hơn" in body and "page=a" in url else None

    visible = [e for e in many if _visible_to_union_member(e, people)]
    assert sorted(seen) == sorted(e.title for e in visible)  # each once, none missed


@pytest.mark.parametrize(
    "page",
    [
        "a2026-05-01.5",  # a newest-first cursor in a ranked list: no tier
        "a7~2026-05-01.5",  # a tier past the last
        "ax~2026-05-01.5",
        "a1~2026-05-01",
        "zzz",
        "b1~2026-13-01.5",
    ],
)
def test_a_forged_page_link_of_a_search_is_refused_with_a_message(many, login, hx, page):
    client = login("phunu")

    for headers in ({}, hx.partial):
        response = client.get("/logs", query_string={"q": "tuan", "page": page}, headers=headers)
        assert response.status_code == 400
        assert BAD_LINK in response.get_data(as_text=True)


def test_a_search_link_without_its_words_is_refused(many, login):
    response = login("phunu").get("/logs", query_string={"page": "a1~2026-05-01.5"})

    assert response.status_code == 400
    assert BAD_LINK in response.get_data(as_text=True)


def test_a_tier_cursor_reads_back():
    cursor = Cursor(date(2026, 5, 1), 123, tier=1)

    assert cursor.encode() == "a1~2026-05-01.123"
    assert Cursor.decode("b2~2026-05-01.7") == Cursor(date(2026, 5, 1), 7, True, 2)
    assert Cursor.decode("a2026-05-01.7").tier is None
    assert Cursor.decode("a١~2026-05-01.7") is None  # a digit, but not an ASCII one


# The pages where a tier ends, and a word in almost no entry: the same rows and pages whether
# the list walks its index or takes a few rows by id (search.few, search.few_in_tier).


def _entries(people, rows: list[tuple[str, str, int]]) -> list[ActivityLog]:
    """Approved entries of the union, (title, description, day of May 2026) each."""
    entries = [
        ActivityLog(
            organization_id=people["phunu"].organization_id,
            author=people["phunu"],
            village_id=people["village"].id,
            date=date(2026, 5, day),
            kind=LogKind.patrol,
            title=title,
            description=description,
            participants=5,
            status=LogStatus.approved,
        )
        for title, description, day in rows
    ]
    db.session.add_all(entries)
    db.session.commit()
    return entries


def _all_pages(user, criteria) -> tuple[list[list[int]], list[list[int]]]:
    """The ids of every page following "older" links, then back from the last by "newer" ones."""
    forward, cursor = [], None
    while True:
        page = queries.entries_page(user, criteria, cursor)
        forward.append([entry.id for entry in page.rows])
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    backward, cursor = [forward[-1]], page.prev_cursor
    while cursor is not None:
        page = queries.entries_page(user, criteria, cursor)
        backward.insert(0, [entry.id for entry in page.rows])
        cursor = page.prev_cursor
    return forward, backward


@pytest.fixture
def lone_title_tier(people):
    """ "an ninh": 12 titles with the phrase, one with both words apart, 12 with the words only
    in the description: the middle tier is nearly empty, as it is for common words."""
    rows = [(f"An ninh thôn số {n}", "Họp tổ.", 1 + n % 9) for n in range(12)]
    rows.append(("Ninh Thuận họp bàn an toàn", "Cả đội đi.", 4))
    rows += [(f"Họp dân số {n}", "Bàn về an ninh thôn.", 2 + n % 7) for n in range(12)]
    return _entries(people, rows)


@pytest.mark.parametrize("few", [search.FEW, 10, 0])
def test_the_page_where_a_tier_ends_is_the_same_however_the_tier_is_found(
    lone_title_tier, people, monkeypatch, few
):
    # FEW: 25 matches sorted by id; 10: the lone middle tier taken by id (the title
    # index), the others walked; 0: every tier walked along the list's index.
    monkeypatch.setattr(queries, "PAGE_SIZE", 5)
    monkeypatch.setattr(search, "FEW", few)
    by_tier = sorted(
        lone_title_tier,
        key=lambda e: (_tier(e.title, ["an", "ninh"]), -e.date.toordinal(), -e.id),
    )

    forward, backward = _all_pages(people["phunu"], {"q": "AN NINH"})

    assert [_tier(e.title, ["an", "ninh"]) for e in by_tier][11:14] == [0, 1, 2]
    expected = [e.id for e in by_tier]
    assert forward == [expected[i : i + 5] for i in range(0, 25, 5)]
    assert backward == forward
    assert forward[2][2] == next(e.id for e in lone_title_tier if e.title.startswith("Ninh"))


@pytest.fixture
def rare_word(people):
    """ "Chiềng" in three of 33 entries: once in a title, twice in a description."""
    rows = [(f"Tuần tra số {n}", "Tổ đi tuần.", 1 + n % 20) for n in range(30)]
    rows += [
        ("Họp dân bản Chiềng", "Họp bàn.", 2),  # in the title, the oldest
        ("Tuần tra bờ suối", "Đến bản Chiềng Ly.", 9),
        ("Tuần tra đêm", "Qua chiềng chợ.", 15),  # the newest
    ]
    return _entries(people, rows)


@pytest.mark.parametrize("q", ["chieng", "CHIỀNG", "chiên"])
def test_a_word_in_almost_no_entry_lists_them_best_first_in_two_statements(
    rare_word, people, app, monkeypatch, count_queries, q
):
    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    titles = {e.id: e.title for e in rare_word}

    with app.test_request_context(), count_queries() as statements:  # one request: one probe
        first = queries.entries_page(people["phunu"], {"q": q}, None)
    forward, backward = _all_pages(people["phunu"], {"q": q})

    # The index's few ids, then one statement that sorts them: no walk of the list.
    assert len(statements) == 2
    assert [[titles[i] for i in page] for page in forward] == [
        ["Họp dân bản Chiềng", "Tuần tra đêm"],
        ["Tuần tra bờ suối"],
    ]
    assert [e.id for e in first.rows] == forward[0]
    assert backward == forward


# Tips: the police's register ranks the same way, and stays theirs.


@pytest.fixture
def tip_register(people):
    summaries = [
        ("Nghi bán ma túy ở rẫy", 3),  # the phrase
        ("Có người lạ đến rẫy cà phê", 1),  # words only in the outcome
        ("Ma men gây rối, nghi túy lúy", 2),  # both words in the summary, apart
        ("Người lạ mua bán ma túy", 4),
    ]
    for summary, day in summaries:
        tip = tips.relay(
            people["lang07"],
            {
                "channel": TipChannel.in_person,
                "village_id": people["village"].id,
                "category": TipCategory.drugs,
                "summary": summary,
                "received_on": date(2026, 5, day),
            },
            None,
        )
        tip.outcome = "Đã xác minh, liên quan ma túy." if day == 1 else ""
    db.session.commit()
    return [summary for summary, _day in summaries]


def test_the_tip_register_ranks_and_pages_exactly(tip_register, people, login, monkeypatch):
    make_user("congan.canbo", org=people["truong"].organization)
    client = login("congan.canbo")

    page = client.get("/tips", query_string={"q": "ma tuy"}).get_data(as_text=True)

    assert shown_order(page, tip_register) == [
        "Người lạ mua bán ma túy",
        "Nghi bán ma túy ở rẫy",
        "Ma men gây rối, nghi túy lúy",
        "Có người lạ đến rẫy cà phê",
    ]
    monkeypatch.setattr(tip_queries, "PAGE_SIZE", 1)
    walked, cursor = [], None
    while True:
        found = tip_queries.tips_page({"q": "ma tuy"}, cursor)
        walked += [tip.summary for tip, _sealed in found.rows]
        if found.next_cursor is None:
            break
        cursor = found.next_cursor
    back = tip_queries.tips_page({"q": "ma tuy"}, found.prev_cursor)
    assert walked == shown_order(page, tip_register)
    assert [tip.summary for tip, _sealed in back.rows] == [walked[-2]]
    forged = client.get("/tips", query_string={"q": "ma tuy", "page": "a2026-05-01.1"})
    assert forged.status_code == 400 and BAD_LINK in forged.get_data(as_text=True)


@pytest.mark.parametrize("username", ["phunu", "mttq", "lanhdao", "lang07"])
def test_no_one_else_finds_a_ranked_tip(tip_register, login, username):
    client = login(username)

    for url in ("/tips?q=ma+tuy", "/tips?q=ma+tuy&page=a0~2026-05-09.1", "/logs?q=ma+tuy"):
        response = client.get(url)
        assert "bán ma túy" not in response.get_data(as_text=True)
        if url.startswith("/tips"):
            assert response.status_code == 403


# Small lists: best first, then by name.


def test_villages_and_accounts_list_best_matches_first(people, login):
    team = SecurityTeam(village_id=people["other_village"].id)
    db.session.add(team)
    db.session.flush()
    db.session.add(TeamMember(team_id=team.id, full_name="Rơ Châm Nâu"))  # a member's name
    make_user("quantri", role=Role.admin, org=make_org("vanphong"))
    make_user("nau.an", full_name="Ksor Đinh")  # the word in the username only
    make_user("zz", full_name="Nâu Siu")
    db.session.commit()

    villages = login("mttq").get("/villages?q=nau").get_data(as_text=True)
    accounts = login("quantri").get("/admin/users?q=nau").get_data(as_text=True)

    # Dơ Nâu has the word in its name; the other village only through a member.
    other = people["other_village"].code
    assert villages.index("Dơ <mark>Nâu</mark>") < villages.index(f"/villages/{other}")
    assert accounts.index("<mark>Nâu</mark> Siu") < accounts.index("Ksor Đinh")
