"""Search as a Vietnamese user expects (issue 15): accents, case and đ/d do not matter, every
word must start a word of the text in any order, matches are highlighted, and nobody finds
what their lists would not show them. Runs on SQLite (FTS5) and PostgreSQL (GIN tsvector)."""

import pytest

from intranet import search
from intranet.logs import workflow
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import LogStatus
from intranet.models import OrgKind
from intranet.models import Role
from intranet.models import SecurityTeam
from intranet.models import TeamMember
from intranet.models import TipCategory
from intranet.models import TipChannel
from intranet.tips import workflow as tips
from tests.factories import make_entry
from tests.factories import make_org
from tests.factories import make_user

PATROL = "Tuần tra đêm ở làng Dơ Nâu"
DRUGS = "Tuyên truyền phòng chống ma túy"
ROAD = "Sửa ĐƯỜNG vào rẫy"


@pytest.fixture
def entries(people):
    """Three approved entries of the women's union."""

    def approved(title: str, description: str) -> ActivityLog:
        return make_entry(
            status=LogStatus.approved,
            author=people["phunu"],
            approver=people["truong"],
            title=title,
            description=description,
        )

    return {
        "patrol": approved(PATROL, "Đội tuần tra đi qua đường liên thôn đến 23 giờ."),
        "drugs": approved(DRUGS, "Họp dân về tác hại của ma túy."),
        "road": approved(ROAD, "Dân làng góp ngày công."),
    }


def titles(page: str) -> set[str]:
    """Which of the fixture's entries a page lists (their titles are highlighted or not)."""
    shown = {search.fold(t) for t in (PATROL, DRUGS, ROAD)}
    text = search.fold(page.replace("<mark>", "").replace("</mark>", ""))
    return {t for t in shown if t in text}


def test_fold_drops_accents_case_and_the_bar_of_d():
    assert search.fold("ĐƯỜNG Tuần TRA, Đắk Đoa") == "duong tuan tra, dak doa"
    assert search.search_text("Ma túy", "", "H'Nhi") == " ma tuy h nhi "
    assert search.query_words("  Tuần  tra tuần ") == ["tuan", "tra"]


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("tuan tra", {"patrol"}),  # typed without accents
        ("Tuần tra", {"patrol"}),  # typed with them
        ("TUAN TRA", {"patrol"}),  # capitals
        ("tUẦn", {"patrol"}),
        ("ma tuy", {"drugs"}),
        ("duong", {"patrol", "road"}),  # đ typed as d; in a title and a description
        ("Đuong", {"patrol", "road"}),
        ("dơ nau tuần", {"patrol"}),  # every word, in any order
        ("tuan ma", set()),  # each word is in a different entry: none has both
        ("tuy", {"drugs"}),  # the start of a word, as the last word typed …
        ("uan", set()),  # … not its middle
        ("tuye ma", set()),  # the others are whole words
        ("ma tu", {"drugs"}),
        ("dem 23", {"patrol"}),  # numbers are words too
    ],
)
def test_entries_are_found_whatever_the_accents_case_and_order(entries, login, q, found):
    response = login("mttq").get("/logs", query_string={"q": q})

    assert response.status_code == 200
    expected = {search.fold({"patrol": PATROL, "drugs": DRUGS, "road": ROAD}[k]) for k in found}
    assert titles(response.get_data(as_text=True)) == expected


def test_the_board_finds_the_same_way(entries, login):
    page = login("lanhdao").get("/", query_string={"q": "TUYEN TRUYEN"}).get_data(as_text=True)

    assert titles(page) == {search.fold(DRUGS)}


def test_matched_words_are_highlighted_as_written(entries, login):
    page = login("mttq").get("/logs?q=tuan+DUONG").get_data(as_text=True)

    assert "<mark>Tuần</mark> tra đêm" in page  # the title, accents kept
    assert "Đội <mark>tuần</mark> tra đi qua <mark>đường</mark> liên thôn" in page  # the excerpt
    assert "Sửa ĐƯỜNG" not in page  # no "tuần" in it
    assert "Sửa <mark>ĐƯỜNG</mark>" in login("mttq").get("/logs?q=duong").get_data(as_text=True)


def test_a_highlighted_title_stays_escaped(people, login):
    make_entry(
        status=LogStatus.approved,
        author=people["phunu"],
        approver=people["truong"],
        title='<script>alert("tuần")</script> Tuần tra',
        description="<b>tuần</b> & <i>tra</i>",
    )

    page = login("mttq").get("/logs?q=tuan").get_data(as_text=True)

    assert "<script>alert" not in page and "<b>" not in page
    assert (
        "&lt;script&gt;alert(&#34;<mark>tuần</mark>&#34;)&lt;/script&gt; <mark>Tuần</mark>" in page
    )
    assert "&lt;b&gt;<mark>tuần</mark>&lt;/b&gt; &amp; &lt;i&gt;tra&lt;/i&gt;" in page


def test_highlight_marks_whole_words_the_last_one_by_its_start():
    shown = str(search.highlight("Tuần tra trật tự", "tra tu"))

    assert shown == "<mark>Tuần</mark> <mark>tra</mark> trật <mark>tự</mark>"


def test_highlight_marks_decomposed_text_and_escapes_the_rest():
    decomposed = "Tua\u0302\u0300n <tra>"  # "Tuần" typed as letters and separate marks

    assert str(search.highlight(decomposed, "tuan")) == "<mark>Tua\u0302\u0300n</mark> &lt;tra&gt;"
    assert str(search.highlight("a < b", "")) == "a &lt; b"


def test_an_excerpt_is_cut_around_the_first_match():
    text = "Mở đầu " + "chữ " * 60 + "giữa ma túy " + "cuối " * 60

    shown = str(search.excerpt(text, "ma tuy", width=80))

    assert shown.startswith("… ") and shown.endswith(" …")
    assert "<mark>ma</mark> <mark>túy</mark>" in shown
    assert len(shown) < 140


def test_an_edit_keeps_the_search_text_current(people, login):
    entry = make_entry(author=people["phunu"], title="Họp tổ hòa giải")
    workflow.update(
        entry,
        people["phunu"],
        {**entry.snapshot(), "date": entry.date, "kind": entry.kind, "title": "Đêm văn nghệ"},
        str(entry.version),
    )
    db.session.commit()
    client = login("phunu")

    found = client.get("/logs?q=van+nghe").get_data(as_text=True)
    old_words = client.get("/logs?q=hoa+giai").get_data(as_text=True)

    assert "Đêm <mark>văn</mark> <mark>nghệ</mark>" in found
    assert "Đêm văn nghệ" not in old_words and "Họp tổ" not in old_words


def test_a_correction_is_found_by_its_words(entries, people, login):
    fix = workflow.correct(entries["road"], people["phunu"])
    db.session.commit()

    page = login("phunu").get("/logs?q=sua+duong").get_data(as_text=True)

    assert fix.search_text == search.search_text(fix.title, fix.description)
    assert page.count("<mark>Sửa</mark> <mark>ĐƯỜNG</mark>") == 2  # the entry and its correction


# Search rights: one entry in each state, all with the same words.


@pytest.fixture
def states(people):
    return {
        status: make_entry(
            status=status,
            author=people["phunu"],
            approver=people["truong"],
            title=f"Bài Đường {status.value}",
        )
        for status in LogStatus
    }


@pytest.mark.parametrize(
    ("username", "visible"),
    [
        ("phunu", {"draft", "submitted", "returned", "approved"}),  # the author
        ("phunu2", {"draft", "submitted", "returned", "approved"}),  # her organization
        ("mttq", {"approved"}),  # another organization
        ("congan.truong", {"submitted", "approved"}),  # an approver
        ("lanhdao", {"approved"}),  # a leader
        ("lang07", {"approved"}),  # a village account
        ("quantri", {"approved"}),  # the admin
    ],
)
def test_search_finds_only_what_the_list_shows(states, people, login, username, visible):
    make_user("quantri", role=Role.admin, org=make_org("vanphong"))
    client = login(username)

    listed = client.get("/logs?q=bai+DUONG").get_data(as_text=True)
    board = client.get("/?q=bai+DUONG").get_data(as_text=True)

    assert {
        s.value for s in LogStatus if f"<mark>Bài</mark> <mark>Đường</mark> {s.value}<" in listed
    } == visible
    assert {
        s.value for s in LogStatus if f"<mark>Bài</mark> <mark>Đường</mark> {s.value}<" in board
    } == {"approved"}


# Tips: the police's alone, searched the same way.


@pytest.fixture
def tip(people):
    planted = tips.relay(
        people["lang07"],
        {
            "channel": TipChannel.in_person,
            "village_id": people["village"].id,
            "category": TipCategory.drugs,
            "summary": "Có người lạ bán ma túy ở rẫy Đắk Tơ Ver",
        },
        None,
    )
    db.session.commit()
    return planted


def test_the_police_find_a_tip_without_accents(tip, people, login):
    make_user("congan.canbo", org=people["truong"].organization)

    page = login("congan.canbo").get("/tips?q=DAK+ma+tuy").get_data(as_text=True)

    assert "bán <mark>ma</mark> <mark>túy</mark> ở rẫy <mark>Đắk</mark> Tơ Ver" in page


@pytest.mark.parametrize("username", ["phunu", "mttq", "lanhdao", "lang07", "quantri"])
def test_no_one_else_finds_a_tip_by_searching(tip, login, hx, username):
    make_user("quantri", role=Role.admin, org=make_org("vanphong", kind=OrgKind.people_committee))
    client = login(username)

    for url in ("/tips?q=dak+ma+tuy", "/tips?q=Đắk", "/logs?q=dak+to+ver", "/?q=dak+to+ver"):
        for headers in ({}, hx.partial):
            response = client.get(url, headers=headers)
            assert "Tơ Ver" not in response.get_data(as_text=True)
            if url.startswith("/tips"):
                assert response.status_code == 403


# Villages, their team members, accounts.


def test_villages_are_found_by_name_and_by_a_team_members_name(people, login):
    team = SecurityTeam(village_id=people["village"].id)
    db.session.add(team)
    db.session.flush()
    db.session.add(TeamMember(team_id=team.id, full_name="Rơ Châm Đinh"))
    db.session.commit()
    client = login("mttq")

    by_name = client.get("/villages?q=do+NAU").get_data(as_text=True)
    by_member = client.get("/villages?q=dinh+ro").get_data(as_text=True)
    nothing = client.get("/villages?q=dinh+nau").get_data(as_text=True)

    assert "<mark>Dơ</mark> <mark>Nâu</mark>" in by_name
    assert "<mark>Rơ</mark> Châm <mark>Đinh</mark>" in by_member and "Dơ Nâu" in by_member
    assert "Dơ Nâu" not in nothing


def test_accounts_are_found_by_name_without_accents(people, login):
    make_user("quantri", role=Role.admin, org=make_org("vanphong"))

    page = login("quantri").get("/admin/users?q=SIU+nhi").get_data(as_text=True)

    assert "<mark>Siu</mark> H&#39;<mark>Nhi</mark>" in page
    assert "phunu2" not in page
