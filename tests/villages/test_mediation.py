"""Village mediation (Law 35/2013): the team's make-up, cases, and who sees the parties."""

from datetime import date

import pytest
from sqlalchemy import func
from sqlalchemy import select

from intranet import demo
from intranet.models import CaseStatus
from intranet.models import db
from intranet.models import Gender
from intranet.models import MediationCase
from intranet.models import MediationTeam
from intranet.models import Mediator
from intranet.models import Village
from intranet.villages.mediation import make_up_warnings
from tests.factories import make_village

PARTIES = "Ông Rơ Mah Bét và ông Ksor Tlang"


@pytest.fixture
def commune(app):
    demo.load(with_entries=False)


def _case(**overrides) -> dict:
    return {
        "received_on": "2026-11-20",
        "kind": "land",
        "parties": PARTIES,
        "summary": "Tranh chấp ranh giới rẫy cà phê.",
        "client_token": "8d0c6f20-0000-4000-8000-0000000000c1",
    } | overrides


def _team(village, *mediators):
    team = MediationTeam(village=village)
    for gender, minority in mediators:
        db.session.add(Mediator(team=team, full_name="H", gender=gender, is_minority=minority))
    db.session.add(team)
    db.session.commit()
    return list(db.session.scalars(select(Mediator).where(Mediator.team == team)))


W, M = Gender.female, Gender.male


@pytest.mark.parametrize(
    ("minority_percent", "mediators", "warnings"),
    [
        (90, [(W, True), (M, True), (M, True)], []),
        (90, [(W, True), (M, True)], ["too_few"]),
        (90, [(M, True), (M, True), (M, True)], ["no_woman"]),
        (90, [(W, False), (M, False), (M, False)], ["no_minority"]),
        (30, [(W, False), (M, False), (M, False)], ["no_minority"]),
        (29, [(W, False), (M, False), (M, False)], []),
    ],
)
def test_make_up_warnings_follow_the_law_at_its_boundaries(
    app, minority_percent, mediators, warnings
):
    village = make_village(minority_percent=minority_percent)
    team = _team(village, *mediators)

    assert make_up_warnings(village, team) == warnings


def test_a_mediator_who_left_no_longer_counts(app):
    village = make_village(minority_percent=0)
    team = _team(village, (W, False), (M, False), (M, False))
    team[0].is_active = False

    assert make_up_warnings(village, team) == ["too_few", "no_woman"]


def test_demo_villages_out_of_line_show_their_warnings(commune, client, login):
    login("mttq")

    short = client.get("/villages/lang03").get_data(as_text=True)
    no_woman = client.get("/villages/lang05").get_data(as_text=True)
    fine = client.get("/villages/lang07").get_data(as_text=True)

    assert "Luật yêu cầu tổ hòa giải có ít nhất 3 hòa giải viên." in short
    assert "ít nhất một hòa giải viên nữ" in no_woman
    assert "Luật yêu cầu" not in fine


@pytest.mark.parametrize("username", ["lang07", "tuphap"])
def test_village_and_justice_record_a_case_once(commune, client, login, username):
    login(username)

    first = client.post("/villages/lang07/cases", data=_case())
    again = client.post("/villages/lang07/cases", data=_case())

    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"]
    case = db.session.scalar(select(MediationCase).where(MediationCase.parties == PARTIES))
    assert case.status == CaseStatus.open and case.village.code == "lang07"


@pytest.mark.parametrize("username", ["mttq", "congan.canbo", "lang08", "admin", "lanhdao"])
def test_others_do_not_record_cases(commune, client, login, username):
    login(username)

    assert client.post("/villages/lang07/cases", data=_case()).status_code == 403


def test_bad_case_input_gets_422_and_keeps_it(commune, client, login):
    login("lang07")

    response = client.post(
        "/villages/lang07/cases", data=_case(parties="", received_on="2099-01-01", kind="war")
    )

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nhập tên các bên." in page
    assert "Ngày không được sau ngày hôm nay." in page
    assert "Tranh chấp ranh giới rẫy cà phê." in page


def _record(client) -> MediationCase:
    client.post("/villages/lang07/cases", data=_case())
    return db.session.scalar(select(MediationCase).where(MediationCase.parties == PARTIES))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"result": "settled", "outcome": ""}, "Ghi kết quả hòa giải."),
        (
            {"result": "not_settled", "outcome": "Không thành", "referred_to": ""},
            "Ghi rõ vụ việc được chuyển đến đâu.",
        ),
    ],
)
def test_closing_needs_an_outcome_and_a_referral(commune, client, login, data, message):
    login("lang07")
    case = _record(client)

    response = client.post(
        f"/villages/lang07/cases/{case.id}/close", data=data | {"version": str(case.version)}
    )

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.refresh(case)
    assert case.status == CaseStatus.open


@pytest.mark.parametrize("shown", ["", "999"])
def test_closing_over_another_version_gets_409_and_keeps_the_input(commune, client, login, shown):
    login("lang07")
    case = _record(client)

    response = client.post(
        f"/villages/lang07/cases/{case.id}/close",
        data={"result": "settled", "outcome": "Hai bên đã ký biên bản.", "version": shown},
    )

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Người khác vừa thay đổi vụ việc này; hãy kiểm tra rồi kết thúc lại." in page
    assert "Hai bên đã ký biên bản." in page
    assert f'name="version" type="hidden" value="{case.version}"' in page
    db.session.refresh(case)
    assert case.status == CaseStatus.open


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"result": "settled", "outcome": "Hai bên ký biên bản."}, CaseStatus.settled),
        (
            {"result": "not_settled", "outcome": "Không thành.", "referred_to": "UBND xã"},
            CaseStatus.referred,
        ),
    ],
)
def test_a_case_is_closed_settled_or_referred(commune, client, login, data, status):
    login("lang07")
    case = _record(client)

    response = client.post(
        f"/villages/lang07/cases/{case.id}/close", data=data | {"version": str(case.version)}
    )

    assert response.status_code == 303
    db.session.refresh(case)
    assert case.status == status and case.closed_on == date.today()
    assert client.post(f"/villages/lang07/cases/{case.id}/close", data=data).status_code == 403


@pytest.mark.parametrize(
    ("username", "sees_names"),
    [
        ("lang07", True),
        ("tuphap", True),
        ("congan.canbo", True),
        ("mttq", False),
        ("lanhdao", False),
        ("lang08", False),
        ("admin", False),
    ],
)
def test_only_justice_police_and_the_village_see_the_parties(
    commune, client, login, username, sees_names
):
    writer = client.application.test_client()
    writer.post("/login", data={"username": "lang07", "password": "iakrai2025"})
    case = _record(writer)
    login(username)

    page = client.get("/villages/lang07").get_data(as_text=True)
    case_page = client.get(f"/villages/lang07/cases/{case.id}")

    assert (PARTIES in page) is sees_names
    assert "vụ đang hòa giải" in page
    assert case_page.status_code == (200 if sees_names else 404)
    assert PARTIES not in client.get("/logs?q=R%C6%A1%20Mah%20B%C3%A9t").get_data(as_text=True)


def test_counts_shown_equal_the_database(commune, client, login):
    login("mttq")
    open_cases = db.session.scalar(
        select(func.count()).where(MediationCase.status == CaseStatus.open)
    )

    register = client.get("/villages").get_data(as_text=True)
    board = client.get("/").get_data(as_text=True)

    assert register.split("<tfoot>")[1].split("</tr>")[0].count(f">{open_cases}<") >= 1
    assert f'<dd id="board-open-cases">{open_cases}</dd>' in board


def test_village_account_adds_and_retires_mediators_in_place(commune, client, login, hx):
    login("lang07")
    village = db.session.scalar(select(Village).where(Village.code == "lang07"))

    added = client.post(
        "/villages/lang07/mediators",
        data={"full_name": "Siu H'Ngơl", "gender": "female", "is_minority": "y"},
        headers=hx.partial,
    )

    assert added.status_code == 200
    assert added.get_data(as_text=True).startswith('<section id="villages-mediation"')
    new = db.session.scalar(select(Mediator).where(Mediator.full_name == "Siu H'Ngơl"))
    team = db.session.get(MediationTeam, new.team_id)
    assert new.is_minority and team.village_id == village.id
    left = client.post(f"/villages/lang07/mediators/{new.id}/leave", headers=hx.partial)
    assert left.status_code == 200
    db.session.refresh(new)
    assert not new.is_active and new.left_on == date.today()
