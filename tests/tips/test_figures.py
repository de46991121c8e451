"""Tips as counts: this year against the same period last year; small villages masked."""

from datetime import date

import pytest

from intranet.models import TipCategory
from intranet.models import TipStatus
from intranet.periods import local_today
from intranet.periods import Period
from intranet.tips import figures
from intranet.tips.figures import mask_column
from intranet.tips.workflow import handle
from tests.tips.conftest import user

THIS_YEAR = Period(date(2026, 1, 1), date(2026, 11, 29))


def _valuable(tip) -> None:
    officer = user("congan.truong")
    handle(tip, officer, status=TipStatus.verifying, officer_id=None, outcome="", referred_to="")
    handle(tip, officer, status=TipStatus.valuable, officer_id=None, outcome="ok", referred_to="")


def test_counts_compare_with_the_same_period_last_year(app, plant):
    for day in (date(2026, 2, 1), date(2026, 11, 1), date(2025, 2, 1), date(2025, 12, 1)):
        plant(received_on=day, category=TipCategory.theft)
    _valuable(plant(received_on=date(2026, 3, 1), category=TipCategory.drugs))

    comparison = figures.compare(THIS_YEAR)

    assert (comparison.received.current, comparison.received.previous) == (3, 1)
    assert (comparison.valuable.current, comparison.valuable.previous) == (1, 0)
    assert comparison.valuable.is_new
    theft_received, _theft_valuable = comparison.categories[TipCategory.theft]
    assert (theft_received.current, theft_received.previous, theft_received.percent) == (2, 1, 100)
    assert comparison.categories[TipCategory.fights][0].percent is None


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        ([0, 1, 2], ["< 3", "< 3", "< 3"]),
        ([3, 7, 12], ["3", "7", "12"]),
        # One masked cell beside a total would give it away: the smallest shown one goes too.
        ([1, 5, 9], ["< 3", "≥ 3", "9"]),
        ([2, 0, 4, 9], ["< 3", "< 3", "4", "9"]),
        ([2], ["< 3"]),
    ],
)
def test_small_village_counts_are_masked(values, shown):
    assert mask_column(values) == shown


def test_village_rows_never_show_a_count_below_three(app, plant):
    for _ in range(4):
        plant(village_code="lang07", received_on=date(2026, 5, 1))
    plant(village_code="lang08", received_on=date(2026, 5, 2))

    rows = {row.village.code: row for row in figures.village_rows(THIS_YEAR)}

    assert rows["lang07"].received == "4"
    assert rows["lang08"].received == "< 3"
    assert len(rows) == 36
    shown = [int(r.received) for r in rows.values() if r.received.isdigit()]
    assert all(value >= 3 for value in shown)


def test_everyone_sees_the_figures_page_and_no_text(client, plant, login, count_queries):
    plant("Nội dung không được lộ", received_on=date(2026, 5, 1))
    login("lanhdao")

    with count_queries() as counted:
        page = client.get("/tips/figures").get_data(as_text=True)
    few = len(counted)
    for _ in range(5):
        plant(received_on=date(2026, 6, 1))
    with count_queries() as counted:
        client.get("/tips/figures")

    assert "Số liệu tin báo của nhân dân" in page
    assert "Nội dung không được lộ" not in page
    assert "Sổ tin báo" not in page  # no link to the register for a leader
    assert len(counted) == few


def test_the_board_shows_this_years_tips_against_last_years(client, plant, login):
    today = local_today()
    plant("Văn bản không được lộ", received_on=today)
    _valuable(plant(received_on=today))
    plant(received_on=today.replace(year=today.year - 1, day=1))
    login("mttq")

    page = client.get("/").get_data(as_text=True)

    panel = page.split('id="board-tips"')[1].split("</dl>")[0]
    assert "2 <small>/ 1</small>" in panel
    assert "1 <small>/ 0</small>" in panel
    assert "Văn bản không được lộ" not in page
