"""Awards and gifts: the festival year's registers, recorded by the police and the People's
Committee, read by everyone signed in."""

import uuid

import pytest
from sqlalchemy import func
from sqlalchemy import select

from intranet.models import AuditEvent
from intranet.models import Award
from intranet.models import AwardForm
from intranet.models import AwardGiver
from intranet.models import db
from intranet.models import Gift
from intranet.models import HouseholdKind
from intranet.models import Organization
from intranet.models import RecipientKind
from intranet.models import Village


@pytest.fixture
def commune(app):
    from intranet import demo

    demo.load(with_entries=False)


def _id(model, **where) -> int:
    return db.session.scalar(
        select(model.id).where(*(getattr(model, k) == v for k, v in where.items()))
    )


def _award_form(**overrides) -> dict:
    return {
        "year": "2025",
        "recipient_kind": "individual",
        "recipient": "Rơ Mah Bliu",
        "giver": "commune_chair",
        "kind": "certificate",
        "reason": "Tổ trưởng tổ bảo vệ ANTT làng Dồn, nhiều thành tích trong phong trào.",
        "client_token": str(uuid.uuid4()),
    } | overrides


def _gift_form(**overrides) -> dict:
    return {
        "year": "2025",
        "household": "Hộ ông Ksor Tlang",
        "village": str(_id(Village, code="lang03")),
        "household_kind": "poor",
        "giver": str(_id(Organization, code="dn-caosu")),
        "value": "500000",
        "client_token": str(uuid.uuid4()),
    } | overrides


def add_award(**fields) -> Award:
    award = Award(
        **{
            "year": 2025,
            "recipient_kind": RecipientKind.individual,
            "recipient": "Siu Hyoanh",
            "giver": AwardGiver.commune_chair,
            "form": AwardForm.certificate,
        }
        | fields
    )
    db.session.add(award)
    db.session.commit()
    return award


def add_gift(**fields) -> Gift:
    gift = Gift(
        **{
            "year": 2025,
            "household": "Hộ bà Nay H'Blơi",
            "village_id": _id(Village, code="lang01"),
            "household_kind": HouseholdKind.policy,
            "giver_id": _id(Organization, code="dn-caphe"),
            "value": 300_000,
        }
        | fields
    )
    db.session.add(gift)
    db.session.commit()
    return gift


@pytest.mark.parametrize("username", ["congan.canbo", "congan.truong", "lanhdao"])
def test_police_and_peoples_committee_record_a_commendation(commune, client, login, username):
    login(username)

    response = client.post("/awards", data=_award_form())

    assert response.status_code == 303
    award = db.session.scalar(select(Award))
    assert response.headers["Location"].endswith(f"/awards?year=2025#award-{award.id}")
    assert (award.recipient, award.giver, award.form) == (
        "Rơ Mah Bliu",
        AwardGiver.commune_chair,
        AwardForm.certificate,
    )
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "award_recorded"))


@pytest.mark.parametrize("username", ["mttq", "admin", "lang07"])
def test_others_cannot_record_awards_or_gifts(commune, client, login, username):
    login(username)

    assert client.post("/awards", data=_award_form()).status_code == 403
    assert client.post("/awards/gifts", data=_gift_form()).status_code == 403
    assert client.get("/awards").status_code == 200
    assert db.session.scalar(select(func.count(Award.id))) == 0


def test_a_commendation_posted_twice_is_recorded_once(commune, client, login):
    login("lanhdao")
    form = _award_form()

    client.post("/awards", data=form)
    client.post("/awards", data=form)

    assert db.session.scalar(select(func.count(Award.id))) == 1


def test_an_incomplete_commendation_is_refused_with_the_input_kept(commune, client, login):
    login("lanhdao")

    response = client.post("/awards", data=_award_form(recipient="", year="19"))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Hãy nhập người được khen thưởng." in page
    assert "Hãy nhập năm, ví dụ 2025." in page
    assert "Tổ trưởng tổ bảo vệ ANTT làng Dồn" in page


def test_editing_a_commendation_against_a_newer_version_conflicts(commune, client, login):
    award = add_award()
    login("congan.truong")

    first = client.post(f"/awards/{award.id}", data=_award_form(version="1", recipient="A"))
    second = client.post(f"/awards/{award.id}", data=_award_form(version="1", recipient="B"))

    assert first.status_code == 303
    assert second.status_code == 409
    assert 'value="B"' in second.get_data(as_text=True)
    db.session.refresh(award)
    assert award.recipient == "A"


def test_a_gift_is_recorded_and_counted_per_giver(commune, client, login):
    add_gift()
    login("congan.canbo")

    response = client.post("/awards/gifts", data=_gift_form())
    page = client.get("/awards?year=2025").get_data(as_text=True)

    assert response.status_code == 303
    totals = page.split('id="gift-totals"')[1].split("</table>")[0]
    caosu = totals.split("Công ty TNHH MTV Cao su Ia Krai")[1].split("</tr>")[0]
    assert [c.split(">")[1].split("<")[0] for c in caosu.split("<td")[1:]] == [
        "1",
        "0",
        "1",
        "500.000",
    ]
    footer = totals.split("<tfoot>")[1]
    assert '<td class="number">2</td>' in footer
    assert "800.000" in footer


def test_a_negative_gift_value_is_refused(commune, client, login):
    login("lanhdao")

    response = client.post("/awards/gifts", data=_gift_form(value="-5"))

    assert response.status_code == 422
    assert "Hãy nhập giá trị quà (đồng)." in response.get_data(as_text=True)


def test_deleting_a_gift_recorded_by_mistake(commune, client, login):
    gift = add_gift()
    login("lanhdao")

    response = client.post(f"/awards/gifts/{gift.id}/delete")

    assert response.status_code == 303
    assert db.session.scalar(select(func.count(Gift.id))) == 0


def test_register_shows_the_years_commendations_to_everyone(commune, client, login):
    add_award(recipient="Tổ bảo vệ ANTT làng Dồn", recipient_kind=RecipientKind.collective)
    add_award(recipient="Người của năm trước", year=2024)
    login("lang07")

    page = client.get("/awards?year=2025").get_data(as_text=True)

    assert "Tổ bảo vệ ANTT làng Dồn" in page
    assert "Người của năm trước" not in page
    assert "Ghi nhận khen thưởng" not in page  # no button for those who may not record
    assert "1 tập thể, 0 cá nhân" in page


def test_register_runs_a_constant_number_of_queries(commune, client, login, count_queries):
    login("lanhdao")

    def queries() -> int:
        with count_queries() as statements:
            assert client.get("/awards?year=2025").status_code == 200
        return len(statements)

    before = queries()
    for n in range(10):
        add_award(recipient=f"Cá nhân {n}")
        add_gift(household=f"Hộ {n}", village_id=_id(Village, code=f"lang{n + 1:02d}"))

    assert queries() == before
