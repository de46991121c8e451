"""Tips as counts: this year against the same period last year; small counts masked, and per
village and per category only where nobody can subtract them (tests/tips/test_differencing.py
plays the attack)."""

import re
from datetime import date
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from intranet.models import TipCategory
from intranet.models import TipStatus
from intranet.periods import festival_period
from intranet.periods import Period
from intranet.tips import figures
from intranet.tips.figures import mask_table
from intranet.tips.figures import TipCounts
from intranet.tips.workflow import handle
from tests.helpers import user

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
THIS_YEAR = Period(date(2026, 1, 1), date(2026, 11, 29))
NOVEMBER = datetime(2026, 11, 29, 9, 0, tzinfo=LOCAL)


def _valuable(tip) -> None:
    officer = user("congan.truong")
    handle(tip, officer, status=TipStatus.verifying, officer_id=None, outcome="", referred_to="")
    handle(tip, officer, status=TipStatus.valuable, officer_id=None, outcome="ok", referred_to="")


@time_machine.travel(NOVEMBER, tick=False)
def test_the_police_get_exact_counts_against_the_same_period_last_year(app, plant):
    for day in (date(2026, 2, 1), date(2026, 11, 1), date(2025, 2, 1), date(2025, 12, 1)):
        plant(received_on=day, category=TipCategory.theft)
    _valuable(plant(received_on=date(2026, 3, 1), category=TipCategory.drugs))

    shown = figures.figures_for(user("congan.truong"), THIS_YEAR)

    assert (shown.received.current, shown.received.previous) == (3, 1)
    assert (shown.valuable.current, shown.valuable.previous) == (1, 0)
    assert shown.valuable.is_new
    categories = {line.subject: line for line in shown.categories}
    theft = categories[TipCategory.theft]
    assert (theft.received, theft.received_before, theft.received_change.percent) == (2, 1, 100)
    assert categories[TipCategory.drugs].valuable == 1
    assert categories[TipCategory.fights].received_change.percent is None


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        ([0, 1, 2], ["< 3", "< 3", "< 3"]),
        ([3, 7, 12], [3, 7, 12]),
        # One masked cell beside a total would give it away: the smallest shown one goes too.
        ([1, 5, 9], ["< 3", "≥ 3", 9]),
        ([2, 0, 4, 9], ["< 3", "< 3", 4, 9]),
        # Masked cells that can only be all 0 (the rest adds up to the total) need company,
        # and "≥ 3" beside zeros says "exactly 3" unless a bigger one hides with it.
        ([0, 0, 3, 5], ["< 3", "< 3", "≥ 3", "≥ 3"]),
        ([2, 2, 9], ["< 3", "< 3", "≥ 3"]),
        # Nothing shown can keep the zeros from being read: the table is withheld.
        ([0, 0, 3, 3], ["*", "*", "*", "*"]),
    ],
)
def test_small_counts_are_masked_so_that_the_total_gives_none_away(values, shown):
    assert [received for received, _valuable in mask_table([TipCounts(v) for v in values])] == shown


def test_a_valuable_count_is_not_given_away_by_the_received_one_beside_it():
    # Valuable ≤ received: a valuable "≥ 3" beside a received 3 would be exactly 3.
    cells = mask_table([TipCounts(3, 3), TipCounts(5, 0), TipCounts(0, 0), TipCounts(6, 1)])

    assert cells[0] != (3, "≥ 3")
    assert all(received != 3 for received, _valuable in cells)


@time_machine.travel(NOVEMBER, tick=False)
def test_others_get_villages_masked_and_only_for_a_festival_period_that_has_ended(app, plant):
    for _ in range(4):
        plant(village_code="lang07", received_on=date(2025, 5, 1))
    plant(village_code="lang08", received_on=date(2025, 5, 2))
    leader = user("lanhdao")

    ended = figures.figures_for(leader, festival_period(2025))
    running = figures.figures_for(leader, festival_period(2027))  # to 19/08/2027
    custom = figures.figures_for(leader, Period(date(2025, 5, 1), date(2025, 5, 1)))

    rows = {line.subject.code: line for line in ended.villages}
    assert rows["lang07"].received == 4
    assert rows["lang08"].received == "< 3"
    assert len(rows) == 36
    assert all(line.received >= 3 for line in rows.values() if isinstance(line.received, int))
    assert running.villages is None and running.categories is None
    assert (custom.villages, custom.categories, custom.received.current) == (None, None, 4)
    assert "19/08" in custom.why_no_breakdown


@time_machine.travel(NOVEMBER, tick=False)
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
    # This year is still running: the commune's totals, why no more, and where to find more.
    assert 'id="by-village"' not in page and "Số liệu theo thôn, làng và theo lĩnh vực" in page
    assert 'href="/reports/2026#report-tips"' in page
    assert len(counted) == few


@time_machine.travel(NOVEMBER, tick=False)
def test_the_police_see_this_year_per_village_on_the_figures_page(client, plant, login):
    plant(village_code="lang08", received_on=date(2026, 5, 2))
    login("congan.truong")

    page = client.get("/tips/figures").get_data(as_text=True)

    village_table = page.split('id="by-village"')[1].split("</table>")[0]
    assert re.search(r"Làng Tơ Nêh</th>\s*<td class=\"num\">1</td>", village_table)


@time_machine.travel(NOVEMBER, tick=False)
def test_the_board_shows_this_years_tips_against_last_years(client, plant, login):
    today = date(2026, 11, 29)
    plant("Văn bản không được lộ", received_on=today)
    _valuable(plant(received_on=today))
    plant(received_on=date(2025, 11, 1))
    login("mttq")

    page = client.get("/").get_data(as_text=True)

    panel = page.split('id="board-tips"')[1].split("</dl>")[0]
    assert "2 <small>/ 1</small>" in panel
    assert "1 <small>/ 0</small>" in panel
    assert "Văn bản không được lộ" not in page
    assert "Làng" not in panel  # commune totals only, open to everyone for any period
