"""Half past midnight on 1 January in the commune is still 31 December on a UTC server: the
board and the villages' figures must already count the new year (Asia/Ho_Chi_Minh)."""

from datetime import date

import pytest

from intranet.models import LogKind
from intranet.models import LogStatus
from tests.factories import make_entry
from tests.factories import PASSWORD

pytestmark = pytest.mark.today("2027-01-01 00:30")


@pytest.fixture
def entries(people):
    for day in (date(2027, 1, 1), date(2026, 12, 31), date(2026, 12, 30)):
        make_entry(
            status=LogStatus.approved,
            author=people["lang07"],
            approver=people["truong"],
            village=people["village"],
            kind=LogKind.patrol,
            date=day,
        )


def test_the_boards_counters_count_the_communes_new_year(entries, client):
    client.post("/login", data={"username": "mttq", "password": PASSWORD})

    page = client.get("/").get_data(as_text=True)

    assert "Năm nay: 1 hoạt động đã duyệt" in page


def test_a_villages_figures_count_the_communes_new_year(entries, client):
    client.post("/login", data={"username": "mttq", "password": PASSWORD})

    page = client.get("/villages/lang07").get_data(as_text=True)

    figures = page.split("Hoạt động đã duyệt")[1].split("</dd>")[0]
    assert "1 <small>/ 0</small>" in figures
