"""What a village account reads of the year's judgements: its own village's page and scoring
sheet, never another village's (404, as other hidden records), nor the commune's lists; the
commune's offices read every unit. A village's page shows its own vote at the appraisal."""

import pytest

from intranet import demo

pytestmark = pytest.mark.today("2026-11-25")

LANG07 = "/assessments/2025/movement-village/lang07"
LANG08 = "/assessments/2025/movement-village/lang08"
COMMUNE = "/assessments/2025/movement-commune/xa"
OFFICES = ("admin", "congan.truong", "congan.canbo", "mttq", "tuphap", "lanhdao")


@pytest.fixture
def judged(app):
    demo.load()


@pytest.mark.parametrize("username", OFFICES)
def test_the_communes_offices_read_every_villages_page_and_sheet(client, judged, login, username):
    login(username)

    for url in (LANG07, f"{LANG07}/sheet.docx", LANG08, f"{LANG08}/sheet.docx"):
        assert client.get(url).status_code == 200, url
    assert client.get("/assessments/2025/movement-village/list.xlsx").status_code == 200
    assert client.get("/assessments/2025/ratings").status_code == 200


@pytest.mark.parametrize("username", ["lang07", "lang08"])
def test_a_village_reads_its_own_page_and_sheet_only(client, judged, login, username):
    own, other = (LANG07, LANG08) if username == "lang07" else (LANG08, LANG07)
    login(username)

    assert client.get(own).status_code == 200
    assert client.get(f"{own}/sheet.docx").status_code == 200
    assert client.get(f"{own}?revision=1").status_code == 200
    for url in (other, f"{other}/sheet.docx", f"{other}?revision=1", COMMUNE,
                f"{COMMUNE}/sheet.docx", "/assessments/2025/antt-village/lang36"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    # Nor writing on another village's page (hidden before any step is weighed).
    assert client.post(other, data={"version": ""}).status_code == 404
    assert client.post(f"{other}/submit", data={"version": ""}).status_code == 404


def test_a_village_lists_only_its_own_row_and_not_the_communes_lists(client, judged, login):
    login("lang08")

    page = client.get("/assessments/2025").get_data(as_text=True)

    assert 'id="village-lang08"' in page
    assert 'id="village-lang07"' not in page and 'id="unit-xa"' not in page
    assert "list.xlsx" not in page and "/assessments/2025/ratings" not in page
    # Only the sets a village is judged by, not the commune's or the agencies'.
    assert "cấp xã" not in page and "cơ quan, doanh nghiệp" not in page
    assert "đối với khu dân cư" in page
    assert client.get("/assessments/2025/movement-village/list.xlsx").status_code == 403
    for url in ("/assessments/2025/ratings", "/assessments/2025/ratings/decision.docx",
                "/assessments/2025/ratings/list.xlsx"):  # fmt: skip
        assert client.get(url).status_code == 403, url


def test_signed_out_visitors_are_sent_to_sign_in(client, judged):
    assert client.get(LANG07).status_code == 302
    assert client.get(f"{LANG07}/sheet.docx").status_code == 302


def test_a_village_page_shows_its_own_vote_at_the_appraisal(client, judged, login):
    login("lang07")

    page = client.get(LANG07).get_data(as_text=True)

    assert 'id="assessment-vote"' in page
    assert "Biểu quyết của Ban Chỉ đạo về đơn vị này" in page
    assert "Mức thống nhất" in page
