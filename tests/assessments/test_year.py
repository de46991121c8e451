"""The workspace of a cycle: every village with each judgement's state, and the deadlines
counted from the commune's today."""

from datetime import date

import pytest

from intranet.assessments import scoring
from intranet.assessments import sets
from intranet.assessments import workflow
from intranet.assessments.workflow import Entered
from intranet.models import db
from tests.clock import on_days
from tests.helpers import user
from tests.helpers import village


def _sent(code: str, year: int = 2026) -> None:
    movement = sets.set_for("movement-village", year)
    account = user(code)
    sheet = workflow.start(movement, village(code), year, account)
    full = {c.id: Entered(scoring.highest(c), "Có") for c in scoring.leaves(movement.criteria)}
    workflow.save_scores(sheet, account, full, {}, str(sheet.version))
    workflow.submit(sheet, account, str(sheet.version))
    db.session.commit()


@pytest.mark.today("2026-11-19")
def test_assessments_opens_the_current_cycle(client, cycle, login):
    login("lanhdao")

    response = client.get("/assessments")

    assert response.status_code == 303
    assert response.headers["Location"].endswith("/assessments/2026")


SHOWN = {
    date(2026, 11, 19): "còn 1 ngày",
    date(2026, 11, 20): "hôm nay",
    date(2026, 11, 21): "quá hạn 1 ngày",
}


@on_days("2026-11-19", "2026-11-20", "2026-11-21")
def test_the_villages_deadline_is_counted_from_the_communes_today(
    client, cycle, login, frozen_today
):
    login("congan.truong")

    body = client.get("/assessments/2026").get_data(as_text=True)

    assert "20/11/2026" in body
    assert f"({SHOWN[frozen_today]})" in body


@pytest.mark.today("2026-11-19 23:30")
def test_late_in_the_evening_of_the_19th_one_day_is_still_left(client, cycle, login):
    login("lang07")

    assert "(còn 1 ngày)" in client.get("/assessments/2026").get_data(as_text=True)


@pytest.mark.today("2026-11-25")
def test_every_village_is_listed_with_the_state_of_each_judgement(client, cycle, login):
    _sent("lang07")
    login("lanhdao")

    body = client.get("/assessments/2026").get_data(as_text=True)

    assert body.count('<tr id="village-lang') == 36
    row = body[body.index('id="village-lang07"') :]
    row = row[: row.index("</tr>")]
    assert "Đã gửi, chờ thẩm định" in row and "Đề xuất: Xuất sắc" in row and "Chưa bắt đầu" in row
    assert "Chưa bắt đầu: <strong>35</strong>" in body
    assert "Bộ tiêu chí mẫu" in body


@pytest.mark.today("2026-11-25")
def test_the_workspace_asks_the_same_number_of_queries_however_many_are_scored(
    client, cycle, login, count_queries
):
    login("congan.canbo")
    with count_queries() as before:
        assert client.get("/assessments/2026").status_code == 200
    _sent("lang07")
    _sent("lang08")
    with count_queries() as after:
        assert client.get("/assessments/2026").status_code == 200

    assert len(after) == len(before)


@pytest.mark.parametrize(
    "path",
    [
        "/assessments/1999",
        "/assessments/2999",
        "/assessments/2024/movement-village/lang07",  # no set valid yet
        "/assessments/2026/no-such-set/lang07",
        "/assessments/2026/movement-village/lang99",
        "/assessments/sets/999",
    ],
)
def test_what_does_not_exist_is_not_found(client, cycle, login, path):
    login("lang07")

    assert client.get(path).status_code == 404
