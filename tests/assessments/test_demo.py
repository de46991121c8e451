"""The demo's judgements: last year's cycle reviewed for every village, a realistic spread;
this year's in progress, scored from the demo's own records."""

from collections import Counter

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intranet import demo
from intranet.assessments import sets
from intranet.demo import assessments as demo_assessments
from intranet.models import AppraisalVote
from intranet.models import Assessment
from intranet.models import AssessmentEvent
from intranet.models import AssessmentStatus
from intranet.models import CriteriaSet
from intranet.models import db

pytestmark = pytest.mark.today("2026-11-25")


@pytest.fixture
def judged(app) -> list[Assessment]:
    demo.load()
    return list(
        db.session.scalars(
            select(Assessment)
            .join(CriteriaSet, Assessment.set_id == CriteriaSet.id)
            .options(selectinload(Assessment.lines))
        )
    )


def _of(judged, code: str, year: int) -> list[Assessment]:
    return [a for a in judged if a.criteria_set.code == code and a.year == year]


def test_last_year_every_village_is_decided_and_most_are_recognised(judged):
    antt, movement = _of(judged, "antt-village", 2025), _of(judged, "movement-village", 2025)

    assert len(antt) == len(movement) == 36
    assert {a.status for a in antt + movement} == {AssessmentStatus.decided}
    assert {a.decision.number for a in antt} == {"210/QĐ-UBND"}
    labels = Counter(a.decided_label for a in antt)
    assert labels["Chưa đạt tiêu chuẩn"] == 3
    assert labels["Đạt tiêu chuẩn “An toàn về an ninh, trật tự”"] == 33
    failed = [a for a in antt if a.decided_label == "Chưa đạt tiêu chuẩn"]
    assert all(any(line.review_note for line in a.lines) for a in failed)  # the reason is said
    assert len(Counter(a.decided_label for a in movement)) >= 2  # a spread, not one label
    assert all(a.accepted_by_id != a.review_by_id for a in antt + movement)  # four eyes


def test_this_year_is_in_progress(judged):
    states = Counter(a.status for a in _of(judged, "movement-village", 2026))

    assert states[AssessmentStatus.submitted] == 12
    assert states[AssessmentStatus.returned] == 4
    assert states[AssessmentStatus.draft] == 6
    assert states[AssessmentStatus.reviewed] == 3
    returned = [a for a in _of(judged, "movement-village", 2026) if a.status == "returned"]
    assert all(a.return_reason for a in returned)


def test_a_score_above_the_records_always_says_why(judged):
    movement = sets.set_for("movement-village", 2025)
    patrols = next(c for c in movement.criteria if c.code == "3b")
    lines = [ln for a in _of(judged, "movement-village", 2025) for ln in a.lines]
    patrol_lines = [ln for ln in lines if ln.criterion_id == patrols.id]

    assert patrol_lines and all(ln.self_score is not None for ln in patrol_lines)
    assert all(
        ln.self_reason
        for ln in lines
        if ln.self_score and ln.review_note == "Chưa có hồ sơ minh chứng"
    )


def test_every_demo_assessment_has_its_history_and_loading_twice_adds_nothing(judged):
    histories = db.session.scalars(select(AssessmentEvent.assessment_id).distinct()).all()

    assert set(histories) == {a.id for a in judged}
    assert demo_assessments.load() == 0


def test_last_years_appraisal_voted_on_each_village_and_agreed_its_decided_rating(judged):
    votes = {v.assessment_id: v for v in db.session.scalars(select(AppraisalVote))}

    for assessment in _of(judged, "antt-village", 2025) + _of(judged, "movement-village", 2025):
        vote = votes[assessment.id]
        assert vote.meeting_id == assessment.meeting_id
        assert vote.conclusion == assessment.decided_label
        assert vote.votes_for + vote.votes_against <= assessment.meeting.members_present
    assert any(v.votes_against for v in votes.values())  # the villages argued over
