"""The ratings draft through the pages: started pre-filled, saved without JavaScript, checked
live by htmx, refused while a rule is broken, decided by the chair and locked; every step
audited; every route by every role."""

from datetime import date

import pytest
from sqlalchemy import func
from sqlalchemy import select

from intranet.assessments import ratings_workflow as workflow
from intranet.models import AuditEvent
from intranet.models import db
from intranet.models import Position
from intranet.models import RatingDraft
from intranet.models import RatingRow
from intranet.models import RatingStatus
from intranet.models import SecurityTeam
from intranet.models import TeamMember
from tests.helpers import user
from tests.helpers import village

pytestmark = pytest.mark.today("2026-11-25")

URL = "/assessments/2026/ratings"
XS, TOT, HT, NONE = (
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Chưa xếp loại",
)


@pytest.fixture
def newcomer(cycle):
    """A member who joined lang07's team on 16/02/2026: one day short of nine months."""
    lang07 = village("lang07")
    team = db.session.scalar(select(SecurityTeam).where(SecurityTeam.village_id == lang07.id))
    member = TeamMember(team=team, full_name="Ksor Mới", since=date(2026, 2, 16))
    db.session.add(member)
    db.session.commit()
    return member


@pytest.fixture
def draft(cycle):
    """The 2026 draft, started by the commune police."""
    found = workflow.start(workflow.rating_set(2026), 2026, user("congan.canbo"))
    db.session.commit()
    return found


def rows(draft: RatingDraft) -> list[RatingRow]:
    return workflow.rows_of(draft)


def form(draft: RatingDraft, changes: dict[int, str], version: int | None = None) -> dict:
    """The whole form as the page sends it, with some labels changed."""
    data = {"version": str(draft.version if version is None else version)}
    for row in rows(draft):
        data[f"label-{row.id}"] = changes.get(row.id, row.label)
        data[f"note-{row.id}"] = row.note
    return data


def teams(draft: RatingDraft) -> list[RatingRow]:
    return [r for r in rows(draft) if r.member_id is None]


def audited(action: str) -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == action))


def test_the_police_start_the_draft_prefilled_from_the_records(client, newcomer, login):
    login("congan.canbo")

    response = client.post(f"{URL}/start")

    assert response.status_code == 303
    draft = workflow.find(workflow.rating_set(2026), 2026)
    listed = rows(draft)
    assert len([r for r in listed if r.member_id is None]) == 36
    assert len([r for r in listed if r.member_id is not None]) == 121
    # No patrol, meeting or entry is recorded: no team meets the conditions of "xuất sắc".
    assert {r.label for r in listed if r.member_id is None} == {HT}
    assert next(r for r in listed if r.member_id == newcomer.id).label == NONE
    assert audited("rating_draft_start") == 1
    page = client.get(URL).get_data(as_text=True)
    assert "Ksor Mới" in page and 'id="ratings-form"' in page


def test_saving_without_javascript_shows_the_broken_cap_beside_the_rows(client, draft, login):
    login("congan.canbo")
    first, second, *others = teams(draft)
    changes = {first.id: XS, second.id: TOT}

    response = client.post(URL, data=form(draft, changes))

    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(RatingRow, first.id).label == XS
    assert audited("rating_draft_save") == 1
    page = client.get(URL).get_data(as_text=True)
    problems = page[page.index('id="ratings-problems"') :]
    assert 'data-rule="cap"' in problems
    row_message = page[page.index(f'id="rating-problem-{first.id}"') :][:400]
    assert 'data-rule="cap"' in row_message  # beside the team rated "xuất sắc"
    assert 'data-rule="gates"' in row_message  # and its conditions are not in the records


def test_a_paper_proof_note_lets_an_excellent_team_pass_its_conditions(client, draft, login):
    login("congan.canbo")
    team_rows = teams(draft)
    data = form(draft, {team_rows[0].id: XS} | {r.id: TOT for r in team_rows[1:6]})
    data[f"note-{team_rows[0].id}"] = "Sổ tuần tra giấy: 24/24 buổi"

    assert client.post(URL, data=data).status_code == 303

    state = workflow.state(draft, workflow.rating_set(2026))
    assert [p.rule for p in state.problems] == []


def test_the_live_check_answers_the_problems_and_saves_nothing(client, draft, login, hx):
    login("congan.canbo")
    first, second = teams(draft)[:2]
    data = form(draft, {first.id: XS, second.id: XS})

    response = client.post(f"{URL}/check", data=data, headers=hx.partial)

    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="ratings-problems"')
    assert 'data-rule="cap"' in body
    assert f'id="rating-problem-{first.id}" class="rating-problem" hx-swap-oob="true"' in body
    db.session.expire_all()
    assert db.session.get(RatingRow, first.id).label == HT
    assert audited("rating_draft_save") == 0


def test_a_label_not_on_the_scale_is_refused_and_what_was_typed_is_kept(client, draft, login):
    login("congan.canbo")
    first, second = teams(draft)[:2]

    response = client.post(URL, data=form(draft, {first.id: "Tuyệt vời", second.id: TOT}))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert '<option value="Tuyệt vời" selected>' in page
    assert f'<option value="{TOT}" selected>' in page
    db.session.expire_all()
    assert db.session.get(RatingRow, second.id).label == HT


def test_a_stale_draft_is_a_conflict_with_the_choices_kept(client, draft, login):
    login("congan.canbo")
    first = teams(draft)[0]
    old = draft.version
    assert client.post(URL, data=form(draft, {})).status_code == 303

    response = client.post(URL, data=form(draft, {first.id: TOT}, version=old))

    assert response.status_code == 409
    assert f'<option value="{TOT}" selected>' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(RatingRow, first.id).label == HT


DECISION = {"number": "230/QĐ-UBND", "signed_on": "20/11/2026", "signer": "Ksor Hương"}


def test_the_chair_cannot_decide_while_a_rule_is_broken(client, draft, login):
    first, second = teams(draft)[:2]
    workflow.save(draft, workflow.rating_set(2026), user("congan.canbo"),
                  {first.id: (XS, ""), second.id: (XS, "")}, str(draft.version))  # fmt: skip
    db.session.commit()
    login("lanhdao")

    response = client.post(f"{URL}/decide", data=DECISION | {"version": str(draft.version)})

    assert response.status_code == 422
    assert 'data-rule="cap"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(RatingDraft, draft.id).status == RatingStatus.draft
    assert audited("rating_draft_decide") == 0


def test_the_chair_decides_a_draft_that_keeps_the_rules_and_it_is_locked(client, draft, login):
    login("lanhdao")

    response = client.post(f"{URL}/decide", data=DECISION | {"version": str(draft.version)})

    assert response.status_code == 303
    db.session.expire_all()
    decided = db.session.get(RatingDraft, draft.id)
    assert decided.status == RatingStatus.decided
    assert (decided.number, decided.signed_on) == ("230/QĐ-UBND", date(2026, 11, 20))
    assert audited("rating_draft_decide") == 1
    page = client.get(URL).get_data(as_text=True)
    assert "230/QĐ-UBND" in page and 'id="ratings-form"' not in page
    assert client.post(f"{URL}/decide", data=DECISION).status_code == 403
    login("congan.canbo")
    assert client.post(URL, data=form(decided, {})).status_code == 403
    assert 'id="ratings-decide"' not in client.get(URL).get_data(as_text=True)


def test_a_decision_without_its_number_and_date_is_refused(client, draft, login):
    login("lanhdao")

    response = client.post(f"{URL}/decide", data={"signer": "Ksor Hương", "version": "1"})

    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(RatingDraft, draft.id).status == RatingStatus.draft


ROLES = {
    "admin": "admin",
    "approver": "congan.truong",
    "police_member": "congan.canbo",
    "member": "mttq",
    "leader": "lanhdao",
    "village": "lang07",
}
# Per role: start, save, check, decide (an empty form, the draft started), page, .docx, .xlsx.
RIGHTS = {
    "admin": (403, 403, 403, 403, 200, 200, 200),
    "approver": (303, 409, 200, 403, 200, 200, 200),
    "police_member": (303, 409, 200, 403, 200, 200, 200),
    "member": (403, 403, 403, 403, 200, 200, 200),
    "leader": (403, 403, 403, 422, 200, 200, 200),
    "village": (403, 403, 403, 403, 403, 403, 403),  # every village's team: not a village's
}


@pytest.mark.parametrize("role", RIGHTS)
def test_every_ratings_route_by_every_role(client, draft, login, role):
    login(ROLES[role])

    statuses = (
        client.post(f"{URL}/start").status_code,
        client.post(URL, data={}).status_code,
        client.post(f"{URL}/check", data={}).status_code,
        client.post(f"{URL}/decide", data={}).status_code,
        client.get(URL).status_code,
        client.get(f"{URL}/decision.docx").status_code,
        client.get(f"{URL}/list.xlsx").status_code,
    )

    assert statuses == RIGHTS[role]


@pytest.mark.parametrize("role", RIGHTS)
def test_after_the_decision_nobody_changes_the_ratings(client, draft, login, role):
    workflow.decide(draft, workflow.rating_set(2026), user("lanhdao"),
                    {"number": "1/QĐ-UBND", "signed_on": date(2026, 11, 20), "signer": "K"},
                    str(draft.version))  # fmt: skip
    db.session.commit()
    login(ROLES[role])

    assert client.post(URL, data={}).status_code == 403
    assert client.post(f"{URL}/check", data={}).status_code == 403
    assert client.post(f"{URL}/decide", data={}).status_code == 403


def test_before_the_draft_the_page_offers_the_start_to_the_police_only(client, cycle, login):
    login("lanhdao")
    assert 'id="ratings-start"' not in client.get(URL).get_data(as_text=True)
    assert client.get(f"{URL}/decision.docx").status_code == 404
    login("congan.truong")
    assert 'id="ratings-start"' in client.get(URL).get_data(as_text=True)


def test_a_leader_rated_above_the_team_is_refused_unless_transferred_in(client, draft, login):
    team_row = teams(draft)[0]
    leader = db.session.scalar(
        select(TeamMember).where(
            TeamMember.team_id == team_row.team_id, TeamMember.position == Position.leader
        )
    )
    leader_row = next(r for r in rows(draft) if r.member_id == leader.id)
    criteria_set = workflow.rating_set(2026)
    workflow.save(draft, criteria_set, user("congan.canbo"), {leader_row.id: (TOT, "")},
                  str(draft.version))  # fmt: skip
    db.session.commit()
    assert [p.rule for p in workflow.state(draft, criteria_set).problems] == ["leader"]

    leader.since = date(2025, 11, 20)  # transferred to the team within the period
    db.session.commit()

    assert workflow.state(draft, criteria_set).problems == []


def test_the_draft_follows_the_roster_when_saved(client, draft, login, newcomer):
    gone = db.session.scalar(
        select(TeamMember).where(TeamMember.position == Position.member).limit(1)
    )
    gone.is_active, gone.left_on = False, date(2026, 10, 1)
    db.session.commit()
    login("congan.canbo")

    assert client.post(URL, data=form(draft, {})).status_code == 303

    members = {r.member_id: r for r in rows(draft) if r.member_id is not None}
    assert gone.id not in members
    assert members[newcomer.id].label == NONE


def test_the_page_and_the_check_run_a_fixed_number_of_queries(
    client, draft, login, count_queries, hx
):
    """36 teams and 120 members: no query per row (rows, roster and figures are aggregates)."""
    login("congan.canbo")
    client.get(URL)  # the session's user and caches loaded once

    with count_queries() as page:
        assert client.get(URL).status_code == 200
    data = form(draft, {})
    with count_queries() as check:
        assert client.post(f"{URL}/check", data=data, headers=hx.partial).status_code == 200

    assert len(page) <= 20 and len(check) <= 20
