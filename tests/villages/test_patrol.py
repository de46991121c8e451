"""The village tablet: log a patrol with a tap for each member who went."""

import re

import pytest
from sqlalchemy import select

from intranet import demo
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import LogKind
from intranet.models import LogStatus
from intranet.models import PatrolMember

TOKEN = "3f6b0c1e-0000-4000-8000-00000000aa02"


@pytest.fixture
def tablet(app, client, login):
    demo.load(with_entries=False)
    login("lang07")
    return client


def _member_ids(client) -> list[str]:
    page = client.get("/villages/lang07/patrol").get_data(as_text=True)
    return re.findall(r'name="members" type="checkbox" value="(\d+)"', page) or re.findall(
        r'value="(\d+)"[^>]*name="members"', page
    )


def test_village_account_lands_on_its_village_with_big_buttons(app, client):
    demo.load(with_entries=False)

    response = client.post("/login", data={"username": "lang07", "password": "iakrai2025"})

    assert response.headers["Location"] == "/villages/lang07"
    page = client.get("/villages/lang07").get_data(as_text=True)
    assert "Ghi tuần tra" in page
    assert "Báo tin cho Công an" in page


def test_patrol_form_defaults_to_today_and_lists_the_team(tablet, frozen_today):
    page = tablet.get("/villages/lang07/patrol").get_data(as_text=True)

    assert "Puih Khiêm" in page
    assert len(_member_ids(tablet)) == 4
    assert 'placeholder="dd/mm/yyyy"' in page
    assert f'value="{frozen_today:%d/%m/%Y}"' in page


def test_a_patrol_is_logged_once_and_sent_for_approval(tablet):
    ids = _member_ids(tablet)
    data = {
        "date": "2026-11-28",
        "members": ids[:2],
        "note": "Tuần tra khu rẫy cà phê.",
        "written_by": ids[1],
        "client_token": "3f6b0c1e-0000-4000-8000-00000000aa01",
    }

    first = tablet.post("/villages/lang07/patrol", data=data)
    again = tablet.post("/villages/lang07/patrol", data=data)

    assert first.status_code == again.status_code == 303
    entries = db.session.scalars(select(ActivityLog)).all()
    assert len(entries) == 1
    entry = entries[0]
    assert entry.kind == LogKind.patrol
    assert entry.status == LogStatus.submitted
    assert entry.participants == 2
    assert entry.title == "Tuần tra tại Làng Dơ Nâu"
    assert "Tuần tra khu rẫy cà phê." in entry.description
    assert "Puih Khiêm" in entry.description
    assert entry.village.code == "lang07"
    assert entry.written_by_id == int(ids[1])  # the member who wrote it, not the account
    crew = db.session.scalars(select(PatrolMember.member_id)).all()
    assert sorted(crew) == sorted(int(i) for i in ids[:2])


def _ticked(page: str, name: str) -> list[str]:
    return sorted(
        re.findall(rf'checked[^>]*name="{name}"[^>]*value="(\d+)"', page)
        + re.findall(rf'name="{name}"[^>]*value="(\d+)"[^>]*checked', page)
    )


def test_the_next_patrol_ticks_the_same_members_and_the_same_writer(tablet):
    ids = _member_ids(tablet)
    first = tablet.get("/villages/lang07/patrol").get_data(as_text=True)
    assert _ticked(first, "members") == [] and _ticked(first, "written_by") == []
    crew = {"date": "2026-11-28", "members": [ids[0], ids[2]], "written_by": ids[2]}
    tablet.post("/villages/lang07/patrol", data=crew | {"client_token": TOKEN})

    page = tablet.get("/villages/lang07/patrol").get_data(as_text=True)

    assert _ticked(page, "members") == sorted([ids[0], ids[2]])
    assert _ticked(page, "written_by") == [ids[2]]
    # Saving it as shown: one tap. It is a second patrol, with the same crew.
    token = re.search(r'name="client_token"[^>]*value="([^"]+)"', page).group(1)
    again = dict(crew, date="2026-11-29", client_token=token)
    assert tablet.post("/villages/lang07/patrol", data=again).status_code == 303
    assert len(db.session.scalars(select(ActivityLog)).all()) == 2


def test_a_patrol_without_its_writer_says_to_tap_a_name(tablet):
    ids = _member_ids(tablet)
    form = {"date": "2026-11-28", "members": ids[:1], "note": "Ghi chú giữ lại"}

    response = tablet.post("/villages/lang07/patrol", data=form)

    assert response.status_code == 422
    assert "Hãy chạm vào tên của bạn trong danh sách của tổ." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"members": []}, "Hãy đánh dấu ít nhất một thành viên đã đi tuần."),
        ({"members": ["999999"]}, "Chỉ đánh dấu thành viên của tổ thôn, làng này."),
        ({"date": "2099-01-01"}, "Ngày không được sau ngày hôm nay."),
        ({"date": ""}, "Nhập ngày đi tuần."),
    ],
)
def test_bad_patrol_input_gets_422(tablet, data, message):
    ids = _member_ids(tablet)
    form = {
        "date": "2026-11-28",
        "members": ids[:1],
        "note": "Ghi chú giữ lại",
        "written_by": ids[0],
        "client_token": "t",
    }

    response = tablet.post("/villages/lang07/patrol", data=form | data)

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert "Ghi chú giữ lại" in page
    assert db.session.scalars(select(ActivityLog)).all() == []


def test_a_village_account_cannot_log_for_another_village(tablet):
    response = tablet.post("/villages/lang08/patrol", data={"date": "2026-11-28"})

    assert response.status_code == 403
    assert tablet.get("/villages/lang08/patrol").status_code == 403


def test_another_activity_from_the_tablet_records_its_writer(tablet):
    ids = _member_ids(tablet)
    form = tablet.get("/logs/new").get_data(as_text=True)
    assert "Ai đang ghi" in form
    data = {
        "date": "2026-11-28",
        "kind": "propaganda",
        "village": "",
        "title": "Họp dân về an toàn giao thông",
        "participants": "30",
        "written_by": ids[3],
        "then": "submit",
    }
    village = re.search(r'name="village"[^>]*>\s*<option[^>]*value="(\d+)"', form)
    data["village"] = village.group(1) if village else ""

    response = tablet.post("/logs", data=data)

    assert response.status_code == 303
    entry = db.session.scalars(select(ActivityLog)).one()
    assert entry.written_by_id == int(ids[3])
