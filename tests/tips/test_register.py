"""The police's register: filters, pages, each tip's page; 403 and 404 for everyone else."""

from datetime import date

import pytest

from intranet.models import TipCategory
from intranet.tips.queries import PAGE_SIZE

NON_POLICE = ["admin", "mttq", "phunu", "doanthanhnien", "tuphap", "lanhdao", "lang07"]


@pytest.mark.parametrize("username", ["congan.truong", "congan.canbo"])
def test_the_police_read_the_register_and_each_tip(client, plant, login, username):
    tip = plant("Nhóm thanh niên đánh bạc ở chòi rẫy", informant=("Ksor Tlang", "0905"))
    login(username)

    register = client.get("/tips").get_data(as_text=True)
    page = client.get(f"/tips/{tip.id}").get_data(as_text=True)

    assert "Nhóm thanh niên đánh bạc ở chòi rẫy" in register
    assert "có người cung cấp (niêm phong)" in register
    assert "Nhóm thanh niên đánh bạc ở chòi rẫy" in page
    assert "Ksor Tlang" not in page


@pytest.mark.parametrize("username", NON_POLICE)
def test_everyone_else_gets_403_for_the_list_and_404_for_a_tip(client, plant, login, username):
    tip = plant()
    login(username)

    assert client.get("/tips").status_code == 403
    assert client.get(f"/tips/{tip.id}").status_code == 404
    assert client.get(f"/tips/{tip.id + 1000}").status_code == 404
    assert client.post(f"/tips/{tip.id}", data={"status": "verifying"}).status_code == 404
    assert client.post(f"/tips/{tip.id}/informant", data={"reason": "x" * 20}).status_code == 404


def test_filters_narrow_the_register(client, plant, login):
    plant("Trộm bò ở làng Dơ Nâu", category=TipCategory.theft, received_on=date(2026, 3, 1))
    plant("Đánh bạc ở làng khác", village_code="lang08", category=TipCategory.gambling)
    login("congan.truong")

    def listed(query: str) -> str:
        return client.get(f"/tips?{query}").get_data(as_text=True)

    assert "Đánh bạc" not in listed("category=theft")
    assert "Trộm bò" not in listed("village=lang08")
    assert "Đánh bạc" not in listed("to=2026-03-31")
    assert "Đánh bạc" not in listed("q=BÒ")
    assert "Trộm <mark>bò</mark>" in listed("q=bò&status=received")  # found, word highlighted
    assert "Không có tin báo nào phù hợp." in listed("status=valuable")
    # Nonsense filters are dropped, never an error.
    assert "Trộm bò" in listed("status=nonsense&from=yesterday&category=x")


def test_the_tip_register_filters_day_first(client, plant, login):
    plant("Trộm bò ở làng Dơ Nâu", category=TipCategory.theft, received_on=date(2026, 3, 1))
    plant("Đánh bạc ở làng khác", received_on=date(2026, 3, 15))
    login("congan.truong")

    page = client.get("/tips?from=10/03/2026&to=31/03/2026").get_data(as_text=True)
    iso = client.get("/tips?from=2026-03-10&to=2026-03-31").get_data(as_text=True)

    assert "Đánh bạc" in page and "Trộm bò" not in page
    assert "Đánh bạc" in iso and "Trộm bò" not in iso


def test_the_register_answers_htmx_with_the_results_only(client, plant, login, hx):
    plant()
    login("congan.canbo")

    response = client.get("/tips?category=drugs", headers=hx.partial)

    body = response.get_data(as_text=True)
    assert body.startswith('<section id="tips-results"')
    assert "<html" not in body


def test_pages_go_back_in_time_without_repeating(client, plant, login):
    for day in range(1, PAGE_SIZE + 6):
        plant(f"Tin số {day:02d}.", received_on=date(2026, 1, day))
    login("congan.truong")

    first = client.get("/tips").get_data(as_text=True)
    cursor = first.split("page=")[1].split('"')[0]
    second = client.get(f"/tips?page={cursor}").get_data(as_text=True)

    assert "Tin số 30." in first and "Tin số 05." not in first
    assert "Tin số 05." in second and "Tin số 30." not in second
    assert "Tin số 01." in second


def test_an_older_page_leads_back_to_the_newer_one(client, plant, login):
    for day in range(1, PAGE_SIZE + 6):
        plant(f"Tin số {day:02d}.", received_on=date(2026, 1, day))
    login("congan.truong")

    first = client.get("/tips").get_data(as_text=True)
    older = first.split('href="')[-1].split('"')[0] if "Cũ hơn" in first else ""
    second = client.get(older.replace("&amp;", "&")).get_data(as_text=True)
    newer = second.split("Mới hơn")[0].split('href="')[-1].split('"')[0]
    back = client.get(newer.replace("&amp;", "&")).get_data(as_text=True)

    assert "Tin số 05." in second
    assert "Tin số 30." in back and "Tin số 05." not in back
    assert "Mới hơn" not in back.split('id="tips-results"')[1]


@pytest.mark.parametrize("cursor", ["2026-01-05.3", "zzz", "a2026-99-01.1", "b2026-01-05."])
def test_an_old_or_broken_cursor_shows_the_first_page(client, plant, login, cursor):
    plant("Tin mới nhất.", received_on=date(2026, 1, 9))
    login("congan.truong")

    response = client.get(f"/tips?page={cursor}")

    assert response.status_code == 200
    assert "Tin mới nhất." in response.get_data(as_text=True)


def test_queries_per_page_do_not_grow_with_the_tips(client, plant, login, count_queries):
    login("congan.truong")

    def queries_for(url: str) -> int:
        with count_queries() as counted:
            assert client.get(url).status_code == 200
        return len(counted)

    plant(informant=("A", "B"))
    few_list, few_page = queries_for("/tips"), queries_for("/tips/1")
    for _ in range(12):
        plant(informant=("A", "B"))
    assert queries_for("/tips") == few_list
    assert queries_for("/tips/1") == few_page


def test_new_tips_show_in_the_police_badge(client, plant, login):
    login("congan.canbo")
    assert "tin báo mới" not in client.get("/logs/badges").get_data(as_text=True)

    plant()
    plant()

    assert "2 tin báo mới" in client.get("/logs/badges").get_data(as_text=True)


def test_no_tip_badge_for_anyone_else(client, plant, login):
    plant()
    login("mttq")

    assert "tin báo" not in client.get("/logs/badges").get_data(as_text=True)
