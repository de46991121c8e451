"""The board's count-down to the cycle's deadlines, for the commune police and the leaders."""

import pytest

from intranet.assessments import scoring
from intranet.assessments import sets
from intranet.assessments import workflow
from intranet.assessments.workflow import Entered
from intranet.models import db
from tests.helpers import user
from tests.helpers import village

pytestmark = pytest.mark.today("2026-11-19")


def _send(code: str) -> None:
    movement = sets.set_for("movement-village", 2026)
    account = user(code)
    sheet = workflow.start(movement, village(code), 2026, account)
    full = {c.id: Entered(scoring.highest(c), "Có") for c in scoring.leaves(movement.criteria)}
    workflow.save_scores(sheet, account, full, {}, str(sheet.version))
    workflow.submit(sheet, account, str(sheet.version))
    db.session.commit()


def _calendar(body: str) -> str:
    start = body.index('id="assessments-calendar"')
    return body[start : body.index("</section>", start)]


@pytest.mark.parametrize("username", ["congan.truong", "congan.canbo", "lanhdao"])
def test_the_police_and_the_leaders_see_the_count_down_on_the_board(client, cycle, login, username):
    _send("lang07")
    login(username)

    calendar = _calendar(client.get("/").get_data(as_text=True))

    assert "20/11/2026" in calendar and "(còn 1 ngày)" in calendar
    assert "Kỳ đánh giá kết thúc ngày 31/10/2026" in calendar
    assert "35 thôn, làng chưa gửi bản chấm điểm" in calendar  # the movement sheet
    assert "36 thôn, làng chưa gửi bản chấm điểm" in calendar  # the ANTT-safe standard


@pytest.mark.parametrize("username", ["lang07", "mttq", "admin"])
def test_nobody_else_gets_the_count_down(client, cycle, login, username):
    login(username)

    assert 'id="assessments-calendar"' not in client.get("/").get_data(as_text=True)
