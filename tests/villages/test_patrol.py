"""The village tablet: log a patrol with a tap for each member who went."""

import re

import pytest
from sqlalchemy import select

from intranet import demo
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import LogKind
from intranet.models import LogStatus


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
