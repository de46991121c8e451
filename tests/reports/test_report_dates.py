"""Which festival day /reports opens, and the period a report takes, on the awkward days."""

import pytest

from tests.clock import on_days

# Today → the latest festival day (19 August) that has come.
LATEST = {
    "2026-08-18": 2025,
    "2026-08-19": 2026,
    "2026-08-20": 2026,
    "2026-12-01": 2026,
    "2026-12-31": 2026,
    "2027-01-01": 2026,
    "2028-02-29": 2027,
}


@pytest.fixture
def commune(app):
    from intranet import demo

    demo.load(with_entries=False)


@on_days(*LATEST)
def test_reports_open_the_latest_festival_day_with_its_twelve_months(
    commune, client, login, frozen_today
):
    year = LATEST[f"{frozen_today}"]
    login("lanhdao")

    response = client.get("/reports")

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/reports/{year}")
    page = client.get(f"/reports/{year}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'placeholder="dd/mm/yyyy"' in text
    assert f'type="text" value="20/08/{year - 1}"' in text
    assert f'type="text" value="19/08/{year}"' in text


@on_days("2026-12-31", "2027-01-01")
def test_a_festival_year_still_to_come_is_not_found(commune, client, login, frozen_today):
    login("lanhdao")

    assert client.get(f"/reports/{frozen_today.year}").status_code == 200
    assert client.get(f"/reports/{frozen_today.year + 1}").status_code == 404
