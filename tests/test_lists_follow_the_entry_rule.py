"""Every list shows exactly the entries the single-entry rule lets its reader open.

`permissions.can(user, Action.view_entry, entry)` decides one entry; the lists ask the
database with `visible_logs`/`own_logs`. Over entries of several organizations and villages in
every state, for every kind of account, the /logs list (all its pages), the /logs.xlsx export,
the board and the navigation badges must agree with the single rule.
"""

import re
from html import unescape
from io import BytesIO

import pytest
from openpyxl import load_workbook

from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import LogStatus
from intranet.models import OrgKind
from intranet.models import Role
from intranet.models import User
from intranet.permissions import Action
from intranet.permissions import can
from tests.factories import make_entry
from tests.factories import make_org
from tests.factories import make_user

# Members of two organizations, village accounts of two villages and an unbound member of
# the village teams' organization, the police (members, two approvers), a leader, the IT clerk.
READERS = [
    "phunu",
    "phunu2",
    "mttq",
    "lang07",
    "lang08",
    "toantt",
    "congan.canbo",
    "congan.truong",
    "congan.pho",
    "lanhdao",
    "admin",
]


@pytest.fixture
def commune(people):
    p = people
    teams = p["lang07"].organization
    police = p["truong"].organization
    p["lang08"] = make_user("lang08", org=teams, village=p["other_village"])
    p["toantt"] = make_user("toantt", org=teams)
    p["canbo"] = make_user("congan.canbo", org=police)
    make_user("admin", role=Role.admin, org=make_org("ubnd-it", kind=OrgKind.people_committee))
    writers = [
        (p["phunu"], None),
        (p["phunu"], p["village"].id),
        (p["phunu2"], p["other_village"].id),
        (p["mttq"], None),
        (p["lang07"], p["village"].id),
        (p["lang08"], p["other_village"].id),
        (p["toantt"], p["village"].id),
        (p["canbo"], None),
        (p["truong"], p["other_village"].id),
    ]
    for n, (author, village_id) in enumerate(writers):
        approver = p["truong2"] if author is p["truong"] else p["truong"]
        for status in LogStatus:
            make_entry(
                status,
                author=author,
                approver=approver,
                village_id=village_id,
                title=f"Bài {n:02d} {status.value}",
            )


def _reader(username: str) -> User:
    return db.session.scalar(db.select(User).where(User.username == username))


def _allowed(username: str) -> set[int]:
    user = _reader(username)
    entries = db.session.scalars(db.select(ActivityLog))
    return {entry.id for entry in entries if can(user, Action.view_entry, entry)}


def _ids(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'<article id="log-(\d+)"', html)}


def _listed(client, url: str) -> set[int]:
    """Every entry of the list, following its "older" pages to the end."""
    seen: set[int] = set()
    while url:
        page = client.get(url).get_data(as_text=True)
        seen |= _ids(page)
        older = re.search(r'<a href="([^"]+)"[^>]*>Cũ hơn</a>', page)
        url = unescape(older.group(1)) if older else None
    return seen


@pytest.mark.parametrize("username", READERS)
def test_the_logs_list_and_its_export_show_what_the_entry_rule_allows(commune, login, username):
    client = login(username)
    allowed = _allowed(username)
    titles = {entry.title: entry.id for entry in db.session.scalars(db.select(ActivityLog))}

    listed = _listed(client, "/logs")
    workbook = load_workbook(BytesIO(client.get("/logs.xlsx").data))
    exported = {titles[row[4]] for row in workbook.active.iter_rows(min_row=2, values_only=True)}

    assert listed == allowed
    assert exported == allowed


@pytest.mark.parametrize("username", READERS)
def test_the_board_and_the_badges_count_what_the_entry_rule_allows(commune, login, username):
    client = login(username)
    user = _reader(username)
    entries = list(db.session.scalars(db.select(ActivityLog)))
    approved = {e.id for e in entries if e.status == LogStatus.approved}
    to_review = [e for e in entries if can(user, Action.approve_entry, e)]
    returned = [
        e.id for e in entries if e.status == LogStatus.returned and can(user, Action.view_entry, e)
    ]

    board = _ids(client.get("/").get_data(as_text=True).split('id="board-poller"')[1])
    badges = client.get("/logs/badges").get_data(as_text=True) if can(user, "view_logs") else ""
    returned_list = _listed(client, "/logs?status=returned") if can(user, "view_logs") else set()

    assert board == approved and board <= _allowed(username)
    assert (f"{len(to_review)} hoạt động chờ duyệt" in badges) is bool(to_review)
    assert (f"{len(returned)} hoạt động bị trả lại" in badges) is bool(returned)
    assert returned_list == set(returned)
