"""/tips/figures on the awkward days: the year so far against the same days a year before."""

from datetime import date
from datetime import timedelta

from tests.clock import AWKWARD_DAYS
from tests.clock import on_days


def _same_day_last_year(today: date) -> date:
    if (today.month, today.day) == (2, 29):
        return date(today.year - 1, 2, 28)
    return today.replace(year=today.year - 1)


@on_days(*AWKWARD_DAYS)
def test_tip_figures_count_the_year_so_far_against_the_same_days_last_year(
    plant, client, login, frozen_today
):
    year, last_day = frozen_today.year, _same_day_last_year(frozen_today)
    days = {
        date(year, 1, 1),
        frozen_today,
        date(year - 1, 1, 1),
        last_day,
        last_day + timedelta(days=1),  # the day after: outside, unless it is 1 January
        date(year - 1, 12, 31),  # counted last year only when today is 31 December
        date(year - 2, 12, 31),  # never
    }
    for day in days:
        plant(received_on=day)
    now = sum(date(year, 1, 1) <= day <= frozen_today for day in days)
    before = sum(date(year - 1, 1, 1) <= day <= last_day for day in days)
    login("congan.truong")

    response = client.get("/tips/figures")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f"Từ 01/01/{year} đến {frozen_today:%d/%m/%Y}, so với cùng kỳ năm {year - 1}." in page
    received = page.split('class="tip-counter"')[1]
    assert f'<span class="tip-counter-value">{now}</span>' in received
    assert f"Năm {year - 1}: {before} ·" in received
