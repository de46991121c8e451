"""A village scores its year, the commune police review it per line, return it or accept it
(four eyes); every transition by every role, over HTTP, at the November deadlines."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intranet.assessments import scoring
from intranet.assessments import sets
from intranet.models import Assessment
from intranet.models import AssessmentEvent
from intranet.models import AssessmentStatus
from intranet.models import AuditEvent
from intranet.models import db
from tests.helpers import user
from tests.helpers import village

pytestmark = pytest.mark.today("2026-11-18")

URL = "/assessments/2026/movement-village/lang07"


def leaves():
    return scoring.leaves(sets.set_for("movement-village", 2026).criteria)


def code_id(code: str) -> int:
    return next(c.id for c in leaves() if c.code == code)


def assessment() -> Assessment | None:
    db.session.expire_all()
    return db.session.scalar(
        select(Assessment)
        .where(Assessment.village_id == village("lang07").id)
        .options(selectinload(Assessment.lines))
    )


def full_marks(**changes) -> dict[str, str]:
    """Every line at its highest, with a reason (the records suggest less for some)."""
    data = {}
    for criterion in leaves():
        data[f"score-{criterion.id}"] = str(scoring.highest(criterion))
        data[f"words-{criterion.id}"] = "Có biên bản kèm theo"
    for code, score in changes.items():
        data[f"score-{code_id(code)}"] = score
    return data


def version() -> str:
    return str(assessment().version)


def scored_and_sent(client, login):
    login("lang07")
    assert client.post(URL, data=full_marks() | {"version": ""}).status_code == 303
    assert client.post(f"{URL}/submit", data={"version": version()}).status_code == 303
    client.post("/logout")


def review(client, login, username: str, **notes) -> int:
    login(username)
    data = full_marks() | {"version": version()}
    for code, (score, note) in notes.items():
        data[f"score-{code_id(code)}"] = score
        data[f"words-{code_id(code)}"] = note
    status = client.post(f"{URL}/review", data=data).status_code
    client.post("/logout")
    return status


def test_the_village_scores_the_police_return_a_line_the_village_fixes_it_and_it_is_accepted(
    client, cycle, login
):
    login("lang07")
    page = client.get(URL)
    assert page.status_code == 200
    assert 'id="score-form"' in page.get_data(as_text=True)

    assert client.post(URL, data=full_marks(**{"1a": "5"}) | {"version": ""}).status_code == 303
    assert assessment().status == AssessmentStatus.draft
    assert client.post(f"{URL}/submit", data={"version": version()}).status_code == 303
    sent = assessment()
    assert (sent.status, sent.proposed_label) == (AssessmentStatus.submitted, "Xuất sắc")
    client.post("/logout")

    assert review(client, login, "congan.canbo", **{"1a": ("0", "Chưa có bản đăng ký")}) == 303
    login("congan.canbo")
    refused = client.post(f"{URL}/return", data={"version": version(), "reason": "  "})
    assert refused.status_code == 422
    assert assessment().status == AssessmentStatus.submitted
    returned = client.post(f"{URL}/return", data={"version": version(), "reason": "Bổ sung 1a"})
    assert returned.status_code == 303
    assert assessment().status == AssessmentStatus.returned
    client.post("/logout")

    login("lang07")
    page = client.get(URL).get_data(as_text=True)
    assert "Bổ sung 1a" in page and "Chưa có bản đăng ký" in page
    assert client.post(URL, data=full_marks() | {"version": version()}).status_code == 303
    assert client.post(f"{URL}/submit", data={"version": version()}).status_code == 303
    client.post("/logout")

    assert review(client, login, "congan.canbo", **{"4c": ("3", "Tin có giá trị: 1")}) == 303
    login("congan.truong")
    assert client.post(f"{URL}/accept", data={"version": version()}).status_code == 303

    decided = assessment()
    assert decided.status == AssessmentStatus.reviewed
    assert decided.reviewed_label == "Xuất sắc"  # 98 points, every condition met
    assert decided.accepted_by_id == user("congan.truong").id
    actions = db.session.scalars(
        select(AssessmentEvent.action)
        .where(AssessmentEvent.assessment_id == decided.id)
        .order_by(AssessmentEvent.id)
    ).all()
    assert actions == [
        "start", "score", "submit", "review", "return", "score", "resubmit", "review", "accept"
    ]  # fmt: skip
    audited = db.session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.target_id == decided.id, AuditEvent.target_type == "assessment"
        )
    ).all()
    assert "assessment_accept" in audited and "assessment_return" in audited


def test_the_approver_who_entered_the_reviewing_scores_may_not_accept_them(client, cycle, login):
    scored_and_sent(client, login)
    assert review(client, login, "congan.truong") == 303
    login("congan.truong")

    page = client.get(URL).get_data(as_text=True)
    refused = client.post(f"{URL}/accept", data={"version": version()})

    assert refused.status_code == 403
    assert 'id="accept-form"' not in page and 'id="accept-why-not"' in page
    assert assessment().status == AssessmentStatus.submitted


def test_nobody_accepts_before_the_reviewing_scores_are_entered(client, cycle, login):
    scored_and_sent(client, login)
    login("congan.truong")

    assert client.post(f"{URL}/accept", data={"version": version()}).status_code == 403


def test_a_score_unlike_the_records_needs_a_reason_and_nothing_is_saved_without_it(
    client, cycle, login
):
    login("lang07")
    patrols = code_id("3b")  # no patrol recorded: the records suggest 0
    data = full_marks() | {"version": "", f"words-{patrols}": ""}

    refused = client.post(URL, data=data)

    assert refused.status_code == 422
    assert f'id="score-{patrols}-error"' in refused.get_data(as_text=True)
    assert f'name="score-{patrols}" min="0" max="15" value="15"' in refused.get_data(as_text=True)
    assert assessment() is None


@pytest.mark.parametrize("typed", ["16", "-1", "abc", "1.5"])
def test_a_score_outside_its_line_is_refused_with_the_input_kept(client, cycle, login, typed):
    login("lang07")
    line = code_id("3b")

    refused = client.post(URL, data=full_marks(**{"3b": typed}) | {"version": ""})

    assert refused.status_code == 422
    assert f'id="score-{line}-error"' in refused.get_data(as_text=True)
    assert assessment() is None or all(line.self_score is None for line in assessment().lines)


def test_an_assessment_with_a_line_unscored_cannot_be_sent(client, cycle, login):
    login("lang07")
    data = full_marks() | {"version": "", f"score-{code_id('2b')}": ""}
    assert client.post(URL, data=data).status_code == 303

    refused = client.post(f"{URL}/submit", data={"version": version()})

    assert refused.status_code == 422
    assert "2b" in refused.get_data(as_text=True)
    assert assessment().status == AssessmentStatus.draft


def test_a_save_over_a_newer_version_is_a_conflict_that_keeps_what_was_typed(client, cycle, login):
    login("lang07")
    assert client.post(URL, data=full_marks() | {"version": ""}).status_code == 303
    stale = version()
    assert client.post(URL, data=full_marks(**{"1b": "7"}) | {"version": stale}).status_code == 303

    conflict = client.post(URL, data=full_marks(**{"1b": "4"}) | {"version": stale})

    assert conflict.status_code == 409
    assert f'name="score-{code_id("1b")}" min="0" max="10" value="4"' in conflict.get_data(
        as_text=True
    )
    line = next(ln for ln in assessment().lines if ln.criterion_id == code_id("1b"))
    assert line.self_score == 7


@pytest.mark.parametrize(
    ("username", "status"),
    # Another village's page is hidden from lang08 (404); the offices may not score it (403).
    [("lang08", 404), ("lanhdao", 403), ("congan.canbo", 403), ("mttq", 403), ("admin", 403)],
)
def test_only_the_villages_own_account_scores_it(client, cycle, login, username, status):
    login(username)

    response = client.post(URL, data=full_marks() | {"version": ""})

    assert response.status_code == status
    assert assessment() is None


@pytest.mark.parametrize("username", ["lang07", "lanhdao", "mttq", "admin", "lang08"])
def test_only_the_police_review_or_return(client, cycle, login, username):
    scored_and_sent(client, login)
    login(username)
    refused = 404 if username == "lang08" else 403  # another village's page: hidden

    assert (
        client.post(f"{URL}/review", data=full_marks() | {"version": version()}).status_code
        == refused
    )
    assert (
        client.post(f"{URL}/return", data={"version": version(), "reason": "x"}).status_code
        == refused
    )
    assert assessment().status == AssessmentStatus.submitted


def test_a_sent_assessment_is_no_longer_the_villages_to_change(client, cycle, login):
    scored_and_sent(client, login)
    login("lang07")

    assert client.post(URL, data=full_marks() | {"version": version()}).status_code == 403
    assert 'id="score-form"' not in client.get(URL).get_data(as_text=True)


def test_the_police_do_not_review_a_draft(client, cycle, login):
    login("lang07")
    client.post(URL, data=full_marks() | {"version": ""})
    client.post("/logout")
    login("congan.canbo")

    assert (
        client.post(f"{URL}/review", data=full_marks() | {"version": version()}).status_code == 403
    )
    assert (
        client.post(f"{URL}/return", data={"version": version(), "reason": "x"}).status_code == 403
    )


def test_a_leader_reads_the_scoring_sheet_without_a_form(client, cycle, login):
    scored_and_sent(client, login)
    login("lanhdao")

    page = client.get(URL)

    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert (
        'id="assessment-lines"' in body and '<form method="post" action="/assessments' not in body
    )


def test_an_all_or_nothing_line_takes_nothing_in_between(client, cycle, login):
    login("lang07")

    refused = client.post(URL, data=full_marks(**{"1a": "3"}) | {"version": ""})

    assert refused.status_code == 422
    assert "Đạt đủ hoặc không điểm: nhập 0 hoặc 5." in refused.get_data(as_text=True)


def _accepted(client, login) -> None:
    scored_and_sent(client, login)
    assert review(client, login, "congan.canbo") == 303
    login("congan.truong")
    assert client.post(f"{URL}/accept", data={"version": version()}).status_code == 303
    client.post("/logout")


MEETING = {
    "held_on": "2026-11-24",
    "chaired_by": "Ksor Hương",
    "secretary": "Rơ Mah Thu",
    "members_present": "9",
    "attendees": "Ban Chỉ đạo xã: 9 thành viên",
    "opinions": "Thống nhất đề nghị",
    "votes_for": "9",
    "votes_against": "0",
}


def vote() -> dict[str, str]:
    """lang07's row of the appraisal: unanimous, the label the police accepted."""
    found = assessment()
    return {
        f"for-{found.id}": "9",
        f"against-{found.id}": "0",
        f"conclusion-{found.id}": "Xuất sắc",
    }


DECISION = {"number": "125/QĐ-UBND", "signed_on": "2026-11-28", "signer": "Ksor Hương"}


def test_the_steering_committee_appraises_and_the_chair_decides_then_it_is_locked(
    client, cycle, login
):
    _accepted(client, login)
    login("congan.canbo")
    assert (
        client.post(
            "/assessments/2026/movement-village/appraise", data=MEETING | vote()
        ).status_code
        == 303
    )
    assert assessment().status == AssessmentStatus.appraised
    client.post("/logout")
    login("lanhdao")

    decided = client.post("/assessments/2026/movement-village/decide", data=DECISION)

    assert decided.status_code == 303
    locked = assessment()
    assert (locked.status, locked.decided_label) == (AssessmentStatus.decided, "Xuất sắc")
    page = client.get(URL).get_data(as_text=True)
    assert "Quyết định số 125/QĐ-UBND ngày 28/11/2026, do Ksor Hương ký: Xuất sắc." in page
    assert "Ban Chỉ đạo thẩm định ngày 24/11/2026." in page
    # The village's own vote at the meeting, and the rating agreed.
    vote_shown = page[page.index('id="assessment-vote"') :]
    assert "<strong>9</strong> tán thành · <strong>0</strong> không tán thành" in vote_shown
    assert "Mức thống nhất" in vote_shown and "<strong>Xuất sắc</strong>" in vote_shown
    client.post("/logout")
    for username in ("lang07", "congan.canbo", "congan.truong"):
        login(username)
        for step in ("", "/submit", "/review", "/return", "/accept"):
            data = full_marks() | {"version": version(), "reason": "Sửa"}
            assert client.post(f"{URL}{step}", data=data).status_code == 403
        client.post("/logout")
    assert assessment().version == locked.version


@pytest.mark.parametrize(
    ("username", "path", "data"),
    [
        ("lanhdao", "appraise", MEETING),
        ("lang07", "appraise", MEETING),
        ("congan.canbo", "decide", DECISION),
        ("congan.truong", "decide", DECISION),
        ("mttq", "decide", DECISION),
    ],
)
def test_only_the_police_record_the_appraisal_and_only_the_chair_decides(
    client, cycle, login, username, path, data
):
    _accepted(client, login)
    login(username)

    assert client.post(f"/assessments/2026/movement-village/{path}", data=data).status_code == 403


def test_a_decision_with_nothing_appraised_or_without_a_number_is_refused(client, cycle, login):
    _accepted(client, login)
    login("lanhdao")

    nothing = client.post("/assessments/2026/movement-village/decide", data=DECISION)
    no_number = client.post(
        "/assessments/2026/movement-village/decide", data=DECISION | {"number": ""}
    )

    assert nothing.status_code == 422
    assert "Chưa có bản nào được thẩm định" in nothing.get_data(as_text=True)
    assert no_number.status_code == 422
    assert 'value="Ksor Hương"' in no_number.get_data(as_text=True)
    assert assessment().status == AssessmentStatus.reviewed
