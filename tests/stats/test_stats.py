"""Incident figures: the police's grid, and this year against the same months last year."""

from datetime import date

import pytest
from sqlalchemy import func
from sqlalchemy import select

from intranet.models import AuditEvent
from intranet.models import db
from intranet.models import IncidentCategory
from intranet.models import IncidentStat
from intranet.models import Village
from intranet.periods import local_today
from tests.clock import AWKWARD_DAYS
from tests.clock import on_days


@pytest.fixture
def commune(app):
    """The demo's villages and accounts (no entries, no figures)."""
    from intranet import demo

    demo.load(with_entries=False)


def _village_id(code: str) -> int:
    return db.session.scalar(select(Village.id).where(Village.code == code))


def add_figure(month: date, category: str, village: str | None = None, **values) -> IncidentStat:
    row = IncidentStat(
        month=month,
        category=IncidentCategory(category),
        village_id=_village_id(village) if village else None,
        **values,
    )
    db.session.add(row)
    db.session.commit()
    return row


def _stat(month: date, category: str, village: str | None = None) -> IncidentStat | None:
    scope = (
        IncidentStat.village_id.is_(None)
        if village is None
        else IncidentStat.village_id == _village_id(village)
    )
    return db.session.scalar(
        select(IncidentStat).where(
            IncidentStat.month == month, IncidentStat.category == category, scope
        )
    )


# Written for 30 November 2026: January to November are "the same months" (tests/conftest.py).
pytestmark = pytest.mark.today("2026-11-30")
THIS_YEAR = 2026
JAN, FEB = date(THIS_YEAR, 1, 1), date(THIS_YEAR, 2, 1)
LAST_JAN = date(THIS_YEAR - 1, 1, 1)
LAST_DEC = date(THIS_YEAR - 1, 12, 1)


def test_everyone_signed_in_sees_the_year_against_the_same_months_last_year(commune, client, login):
    add_figure(JAN, "crime", cases=3, deaths=1)
    add_figure(FEB, "crime", "lang07", cases=2, injuries=4)
    add_figure(LAST_JAN, "crime", cases=10)
    add_figure(LAST_DEC, "crime", cases=50)  # outside "the same months"
    add_figure(JAN, "fire", cases=1)
    login("phunu")

    response = client.get("/stats")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    crime = page.split('id="stats-crime"')[1].split("</tr>")[0]
    cells = [c.split(">", 1)[1].split("</td")[0] for c in crime.split("<td")[1:]]
    assert cells[:3] == ["5", "10", '<span class="change">−5 (−50%)</span>']
    assert cells[3:] == ["1", "0", "4", "0"]
    fire = page.split('id="stats-fire"')[1].split("</tr>")[0]
    assert "mới" in fire
    assert 'id="stats-grid"' not in page  # the grid is the police's


def test_percent_change_at_the_edges(commune, client, login):
    add_figure(JAN, "crime", cases=4)  # 0 → 4: new
    add_figure(LAST_JAN, "traffic", cases=4)  # 4 → 0: −100 %
    login("lanhdao")

    page = client.get("/stats").get_data(as_text=True)

    row = {
        c: page.split(f'id="stats-{c}"')[1].split("</tr>")[0] for c in ("crime", "traffic", "fire")
    }
    assert '<span class="change change-new">mới</span>' in row["crime"]
    assert "−4 (−100%)" in row["traffic"]
    assert '<span class="change">—</span>' in row["fire"]  # 0 → 0


def test_per_village_breakdown_lists_villages_with_figures(commune, client, login):
    add_figure(JAN, "crime", "lang07", cases=2)
    add_figure(JAN, "traffic", "lang07", cases=1)
    add_figure(JAN, "crime", cases=5)
    login("mttq")

    page = client.get("/stats").get_data(as_text=True)

    villages = page.split('id="stats-villages"')[1].split("</table>")[0]
    assert "Làng Dơ Nâu" in villages
    assert "Không gắn với làng nào" in villages
    assert villages.count("<tr>") == 3  # the head, lang07, the untied line


def test_chart_is_svg_with_a_text_alternative(commune, client, login):
    add_figure(JAN, "crime", cases=7)
    add_figure(LAST_JAN, "crime", cases=9)
    login("mttq")

    page = client.get("/stats").get_data(as_text=True)

    svg = page.split("<svg viewBox")[1].split("</svg>")[0]
    assert 'role="img"' in svg
    assert "Tội phạm: 7 (năm trước 9)." in svg
    assert 'fill="url(#stats-hatch)"' in svg  # last year's bars hatched: no colour needed


def test_police_enter_a_cell_in_place(commune, client, login, hx):
    login("congan.canbo")

    response = client.post(
        f"/stats/figures/{THIS_YEAR}-01/crime?measure=deaths&village=lang07",
        data={f"{THIS_YEAR}-01-crime-value": "2"},
        headers=hx.partial,
    )

    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "stats-changed"
    body = response.get_data(as_text=True)
    assert (
        body.startswith(f'<td id="stat-{THIS_YEAR}-01-crime"')
        or f'id="stat-{THIS_YEAR}-01-crime"' in body.split(">")[0] + ">"
    )
    assert 'value="2"' in body
    row = _stat(JAN, "crime", "lang07")
    assert (row.cases, row.deaths, row.injuries) == (0, 2, 0)
    assert (
        db.session.scalar(select(func.count()).where(AuditEvent.action == "incident_figure_saved"))
        == 1
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "Hãy nhập một số nguyên từ 0 trở lên."),
        ("1.5", "Hãy nhập một số nguyên."),
        ("ba", "Hãy nhập một số nguyên."),
    ],
)
def test_a_cell_that_is_not_a_whole_number_from_0_is_refused_with_the_input_kept(
    commune, client, login, hx, value, message
):
    login("congan.canbo")

    response = client.post(
        f"/stats/figures/{THIS_YEAR}-01/crime",
        data={f"{THIS_YEAR}-01-crime-value": value},
        headers=hx.partial,
    )

    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert message in body
    assert f'value="{value}"' in body
    assert 'aria-invalid="true"' in body
    assert _stat(JAN, "crime") is None


@on_days(*AWKWARD_DAYS)
def test_a_month_still_to_come_is_refused(commune, client, login, hx):
    today = local_today()
    next_month = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    login("congan.truong")

    response = client.post(
        f"/stats/figures/{next_month:%Y-%m}/crime",
        data={f"{next_month:%Y-%m}-crime-value": "1"},
        headers=hx.partial,
    )

    assert response.status_code == 422
    assert "Tháng này chưa đến." in response.get_data(as_text=True)
    assert _stat(next_month, "crime") is None


def test_whole_grid_saves_without_javascript(commune, client, login):
    add_figure(JAN, "crime", cases=3)
    login("congan.canbo")

    response = client.post(
        "/stats/figures",
        data={
            "year": THIS_YEAR,
            "measure": "cases",
            "village": "",
            f"{THIS_YEAR}-01-crime-value": "4",
            f"{THIS_YEAR}-01-fire-value": "",  # never entered: stays so
            f"{THIS_YEAR}-02-traffic-value": "0",
        },
    )

    assert response.status_code == 303
    assert response.headers["Location"].endswith(
        f"/stats?year={THIS_YEAR}&measure=cases#stats-grid"
    )
    assert _stat(JAN, "crime").cases == 4
    assert _stat(JAN, "fire") is None
    assert _stat(FEB, "traffic").cases == 0


def test_whole_grid_with_a_wrong_cell_saves_nothing_and_keeps_the_input(commune, client, login):
    login("congan.canbo")

    response = client.post(
        "/stats/figures",
        data={
            "year": THIS_YEAR,
            "measure": "cases",
            f"{THIS_YEAR}-01-crime-value": "4",
            f"{THIS_YEAR}-02-crime-value": "-2",
        },
    )

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="-2"' in page and 'value="4"' in page
    assert _stat(JAN, "crime") is None


def test_clearing_an_entered_cell_sets_it_to_0(commune, client, login, hx):
    add_figure(JAN, "crime", cases=3, deaths=1)
    login("congan.canbo")

    client.post(
        f"/stats/figures/{THIS_YEAR}-01/crime",
        data={f"{THIS_YEAR}-01-crime-value": ""},
        headers=hx.partial,
    )

    row = _stat(JAN, "crime")
    assert (row.cases, row.deaths) == (0, 1)


@pytest.mark.parametrize("username", ["mttq", "lanhdao", "admin", "lang07"])
def test_only_the_police_enter_figures(commune, client, login, hx, username):
    login(username)

    response = client.post(
        f"/stats/figures/{THIS_YEAR}-01/crime",
        data={f"{THIS_YEAR}-01-crime-value": "1"},
        headers=hx.partial,
    )

    assert response.status_code == 403
    assert _stat(JAN, "crime") is None


def test_stats_page_runs_a_constant_number_of_queries(commune, client, login, count_queries):
    login("congan.truong")

    def queries() -> int:
        with count_queries() as statements:
            assert client.get("/stats?village=lang07").status_code == 200
        return len(statements)

    before = queries()
    for month in range(1, 4):
        for category in IncidentCategory:
            for village in ("lang07", "lang08", None):
                add_figure(date(THIS_YEAR - 1, month, 1), category.value, village, cases=month)
                add_figure(date(THIS_YEAR, month, 1), category.value, village, cases=month)

    assert queries() == before


def _crime_cells(page: str) -> list[str]:
    crime = page.split('id="stats-crime"')[1].split("</tr>")[0]
    return [c.split(">", 1)[1].split("</td")[0] for c in crime.split("<td")[1:]]


@on_days(*AWKWARD_DAYS)
def test_the_year_so_far_is_set_against_the_same_months_last_year_on_any_day(
    commune, client, login, frozen_today
):
    year = frozen_today.year
    for month in range(1, 13):
        add_figure(date(year, month, 1), "crime", cases=1)
        add_figure(date(year - 1, month, 1), "crime", cases=2)
    add_figure(date(year - 2, 12, 1), "crime", cases=50)  # never "the same months"
    login("phunu")

    response = client.get("/stats")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    months = frozen_today.month  # a month counts when its first day lies in the period
    assert _crime_cells(page)[:2] == [str(months), str(2 * months)]
    last_day = date(year - 1, 2, 28) if frozen_today == date(2028, 2, 29) else None
    last_day = last_day or frozen_today.replace(year=year - 1)
    assert f"01/01/{year} – {frozen_today:%d/%m/%Y}" in page
    assert f"01/01/{year - 1} – {last_day:%d/%m/%Y}" in page


@on_days("2027-01-01", "2026-12-31")
def test_a_past_year_is_set_in_whole_against_the_year_before(commune, client, login, frozen_today):
    last = frozen_today.year - 1
    for month in range(1, 13):
        add_figure(date(last, month, 1), "crime", cases=1)
        add_figure(date(last - 1, month, 1), "crime", cases=2)
    add_figure(date(last + 1, 1, 1), "crime", cases=50)  # this year: not in a past year
    login("phunu")

    page = client.get(f"/stats?year={last}").get_data(as_text=True)

    assert _crime_cells(page)[:2] == ["12", "24"]
    assert f"01/01/{last} – 31/12/{last}" in page
