"""The demo's yearly judgements (issue 17): last year's cycle reviewed for all 36 villages, this
year's in progress.

The example sets are installed, then each village's scores start from what the demo's own
records suggest (the same metrics and rules as the pages). Where the records say less than a
village claims (the intranet holds only the demo's last 18 months), the village scores more
and says why, as a real one would for the months it kept on paper. Last year: every village
scored, sent, reviewed by `congan.canbo`, accepted by `congan.truong`, appraised by the
steering committee and decided by the chair (`lanhdao`); a few villages fail
a condition of the "An toàn về ANTT" standard, with the police's note saying which. This year:
some villages sent, some returned with a reason, some still scoring, the rest not started.
Rows are written directly with their history, and no AuditEvent: nobody did this.
"""

import random
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from datetime import UTC

from sqlalchemy import select

from intranet.assessments import metrics
from intranet.assessments import queries
from intranet.assessments import scoring
from intranet.assessments import sets
from intranet.models import AppraisalMeeting
from intranet.models import AppraisalVote
from intranet.models import Assessment
from intranet.models import AssessmentEvent
from intranet.models import AssessmentLine
from intranet.models import AssessmentStatus
from intranet.models import ChairDecision
from intranet.models import CriteriaSet
from intranet.models import Criterion
from intranet.models import CriterionMode
from intranet.models import db
from intranet.models import period_dates
from intranet.models import User
from intranet.models import Village
from intranet.periods import local_today
from intranet.periods import Period

SEED = 1711
REVIEWER = "congan.canbo"
ACCEPTOR = "congan.truong"
CHAIR = "lanhdao"
PAPER = "Theo sổ theo dõi giấy của thôn (các tháng chưa nhập phần mềm)"
NO_PROOF = "Chưa có hồ sơ minh chứng"
# Last year's villages (by position) that fail one condition of the ANTT-safe standard.
NOT_RECOGNISED = {
    4: ("3", "Xảy ra tranh chấp đất đai đông người, kéo dài"),
    17: ("1", "Chưa đủ 100% hộ ký cam kết"),
    29: ("4", "Tai nạn giao thông tăng so với cùng kỳ"),
}
# This year: how far each village (by position) has got.
SENT, RETURNED, SCORING, ACCEPTED = range(1, 13), range(13, 17), range(17, 23), range(23, 26)


@dataclass
class Cast:
    """The accounts the demo's history names."""

    villages: list[Village]
    accounts: dict[str, User]


def _figures(criteria_set: CriteriaSet, year: int) -> dict[str, dict[int, int]]:
    """Each metric the set names, for every village at once (one aggregate per metric)."""
    period = Period(*period_dates(criteria_set, year))
    return {
        c.metric: metrics.METRICS[c.metric].compute(period, c.metric_param)
        for c in criteria_set.criteria
        if c.metric in metrics.METRICS
    }


def _claimed(criterion: Criterion, rng: random.Random) -> int:
    """What a village that did its work claims for a line the records do not settle."""
    if criterion.mode == CriterionMode.gate:
        return 1
    if criterion.mode == CriterionMode.fixed:
        return criterion.max_points
    low = max(0, criterion.max_points * 7 // 10)
    return rng.randint(low, criterion.max_points)


def _line(criterion: Criterion, found: dict[str, dict[int, int]], village: Village,
          rng: random.Random) -> tuple[int, str]:  # fmt: skip
    """A village's own score for a line, and its reason when the records suggest otherwise."""
    value = found.get(criterion.metric or "", {}).get(village.id)
    if (
        value is None
        and criterion.metric in found
        and metrics.METRICS[criterion.metric].missing_is_zero
    ):
        value = 0
    hint = scoring.suggestion(criterion, value)
    claimed = _claimed(criterion, rng)
    if hint is None or hint >= claimed:
        return (hint if hint is not None else claimed), ""
    return claimed, PAPER


def _moment(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _assessment(
    criteria_set: CriteriaSet,
    village: Village,
    year: int,
    cast: Cast,
    rng: random.Random,
    found: dict[str, dict[int, int]],
) -> tuple[Assessment, list[AssessmentLine]]:
    owner = cast.accounts[village.code]
    assessment = Assessment(
        set_id=criteria_set.id, year=year, village_id=village.id, created_by_id=owner.id
    )
    lines = []
    for criterion in scoring.leaves(criteria_set.criteria):
        score, reason = _line(criterion, found, village, rng)
        lines.append(
            AssessmentLine(criterion_id=criterion.id, self_score=score, self_reason=reason)
        )
    assessment.lines = lines
    return assessment, lines


def _events(assessment: Assessment, steps: list[tuple[str, User, datetime, str]]) -> None:
    for action, actor, at, comment in steps:
        db.session.add(
            AssessmentEvent(
                assessment_id=assessment.id, actor_id=actor.id, action=action, at=at,
                comment=comment,
            )
        )  # fmt: skip


def _reviewed(assessment: Assessment, lines: list[AssessmentLine], criteria_set: CriteriaSet,
              fail: tuple[str, str] | None, cast: Cast, deadline: date) -> None:  # fmt: skip
    """Sent before the deadline, reviewed line by line (a claim without proof loses a little),
    accepted by the other officer."""
    codes = {c.id: c for c in criteria_set.criteria}
    for line in lines:
        criterion = codes[line.criterion_id]
        line.review_score = line.self_score
        if fail and criterion.code.startswith(fail[0]) and criterion.mode == CriterionMode.gate:
            line.self_score = line.review_score = 0
            line.review_note = fail[1]
        elif line.self_reason and criterion.mode == CriterionMode.range and line.self_score:
            line.review_score = line.self_score - 1
            line.review_note = NO_PROOF
    own = {ln.criterion_id: ln.self_score for ln in lines}
    review = {ln.criterion_id: ln.review_score for ln in lines}
    assessment.proposed_label = scoring.result(
        criteria_set.criteria, criteria_set.levels, own
    ).level
    assessment.reviewed_label = scoring.result(
        criteria_set.criteria, criteria_set.levels, review
    ).level
    assessment.status = AssessmentStatus.reviewed
    owner = cast.accounts[assessment.village.code]
    assessment.submitted_by_id = owner.id
    assessment.submitted_at = _moment(deadline - timedelta(days=3), 2)
    assessment.review_by_id = cast.accounts[REVIEWER].id
    assessment.accepted_by_id = cast.accounts[ACCEPTOR].id
    assessment.accepted_at = _moment(deadline + timedelta(days=2), 3)


def _meeting_and_decision(criteria_set: CriteriaSet, year: int, cast: Cast,
                          deadline: date) -> tuple[AppraisalMeeting, ChairDecision]:  # fmt: skip
    """Last year's steering committee meeting and the chair's decision for the set."""
    meeting = AppraisalMeeting(
        set_id=criteria_set.id,
        year=year,
        held_on=deadline + timedelta(days=5),
        starts_at=time(8, 0),
        place="Hội trường Ủy ban nhân dân xã",
        chaired_by="Ksor Hương, Trưởng Ban Chỉ đạo",
        secretary="Rơ Mah Thu, cán bộ Công an xã",
        members_present=9,
        attendees="Ban Chỉ đạo phong trào xã: 9/11 thành viên; đại diện Mặt trận, Đoàn, Hội Phụ nữ",
        opinions="Thống nhất kết quả thẩm định của Công an xã, đề nghị Chủ tịch xã quyết định.",
        votes_for=9,
        votes_against=0,
        recorded_by_id=cast.accounts[REVIEWER].id,
    )
    number = 210 if criteria_set.code == "antt-village" else 211
    decision = ChairDecision(
        set_id=criteria_set.id,
        year=year,
        number=f"{number}/QĐ-UBND",
        signed_on=deadline + timedelta(days=9),
        signer="Ksor Hương",
        decided_by_id=cast.accounts[CHAIR].id,
    )
    db.session.add_all([meeting, decision])
    db.session.flush()
    return meeting, decision


def _last_year(criteria_set: CriteriaSet, year: int, cast: Cast, rng: random.Random) -> int:
    found = _figures(criteria_set, year)
    deadline = date(year, criteria_set.deadline_month, criteria_set.deadline_day)
    meeting, decision = _meeting_and_decision(criteria_set, year, cast, deadline)
    for n, village in enumerate(cast.villages, start=1):
        assessment, lines = _assessment(criteria_set, village, year, cast, rng, found)
        assessment.village = village
        fail = NOT_RECOGNISED.get(n) if criteria_set.code == "antt-village" else None
        _reviewed(assessment, lines, criteria_set, fail, cast, deadline)
        assessment.status = AssessmentStatus.decided
        assessment.meeting_id, assessment.decision_id = meeting.id, decision.id
        assessment.decided_label = assessment.reviewed_label
        db.session.add(assessment)
        db.session.flush()
        # Each village voted on at the meeting: unanimous, but one or two members against
        # those whose result was argued over (the ones not recognised).
        against = 2 if fail else 0
        db.session.add(AppraisalVote(meeting_id=meeting.id, assessment_id=assessment.id,
                                     votes_for=9 - against, votes_against=against,
                                     conclusion=assessment.reviewed_label))  # fmt: skip
        owner = cast.accounts[village.code]
        _events(assessment, [
            ("start", owner, _moment(deadline - timedelta(days=8), 2), ""),
            ("score", owner, _moment(deadline - timedelta(days=8), 3), ""),
            ("submit", owner, assessment.submitted_at, ""),
            ("review", cast.accounts[REVIEWER], _moment(deadline + timedelta(days=1), 2), ""),
            ("accept", cast.accounts[ACCEPTOR], assessment.accepted_at, ""),
            ("appraise", cast.accounts[REVIEWER], _moment(meeting.held_on, 3),
             meeting.held_on.strftime("%d/%m/%Y")),
            ("decide", cast.accounts[CHAIR], _moment(decision.signed_on, 3), decision.number),
        ])  # fmt: skip
    return len(cast.villages)


def _this_year(criteria_set: CriteriaSet, year: int, cast: Cast, rng: random.Random,
               today: date) -> int:  # fmt: skip
    found = _figures(criteria_set, year)
    deadline = date(year, criteria_set.deadline_month, criteria_set.deadline_day)
    sent_on = min(today, deadline) - timedelta(days=2)
    added = 0
    for n, village in enumerate(cast.villages, start=1):
        if n not in (*SENT, *RETURNED, *SCORING, *ACCEPTED):
            continue
        assessment, lines = _assessment(criteria_set, village, year, cast, rng, found)
        assessment.village = village
        owner = cast.accounts[village.code]
        steps = [
            ("start", owner, _moment(sent_on - timedelta(days=5), 2), ""),
            ("score", owner, _moment(sent_on - timedelta(days=5), 3), ""),
        ]
        if n in SCORING:
            for line in lines[len(lines) // 2 :]:
                line.self_score, line.self_reason = None, ""
        elif n in ACCEPTED:
            _reviewed(assessment, lines, criteria_set, None, cast, sent_on + timedelta(days=3))
        else:
            own = {ln.criterion_id: ln.self_score for ln in lines}
            assessment.proposed_label = scoring.result(
                criteria_set.criteria, criteria_set.levels, own
            ).level
            assessment.status = AssessmentStatus.submitted
            assessment.submitted_by_id = owner.id
            assessment.submitted_at = _moment(sent_on, 2)
        if n in RETURNED:
            first = lines[0]
            first.review_score, first.review_note = 0, "Chưa gửi kèm bản đăng ký thi đua của thôn"
            assessment.review_by_id = cast.accounts[REVIEWER].id
            assessment.status = AssessmentStatus.returned
            assessment.return_reason = "Bổ sung hồ sơ minh chứng cho dòng đầu tiên rồi gửi lại"
        db.session.add(assessment)
        db.session.flush()
        if n not in SCORING:
            steps.append(("submit", owner, assessment.submitted_at, ""))
        if n in RETURNED:
            at, police = _moment(sent_on + timedelta(days=1), 2), cast.accounts[REVIEWER]
            steps += [("review", police, at, ""), ("return", police, at, assessment.return_reason)]
        if n in ACCEPTED:
            steps += [("review", cast.accounts[REVIEWER], assessment.accepted_at, ""),
                      ("accept", cast.accounts[ACCEPTOR], assessment.accepted_at, "")]  # fmt: skip
        _events(assessment, steps)
        added += 1
    return added


def _village_sets(year: int) -> list[CriteriaSet]:
    """The sets the villages score (the team ratings are demo/ratings.py's)."""
    return [s for s in sets.sets_for(year) if s.unit_kind in queries.VILLAGE_UNITS]


def load(today: date | None = None) -> int:
    """Install the example sets and add the demo's judgements unless some exist: how many."""
    sets.load_shipped()
    if db.session.scalar(select(Assessment.id).limit(1)) is not None:
        return 0
    today = today or local_today()
    names = [REVIEWER, ACCEPTOR, CHAIR] + [f"lang{n:02d}" for n in range(1, 37)]
    accounts = {
        u.username: u for u in db.session.scalars(select(User).where(User.username.in_(names)))
    }
    villages = list(db.session.scalars(select(Village).order_by(Village.code)))
    villages = [v for v in villages if v.code in accounts]
    if not {REVIEWER, ACCEPTOR, CHAIR} <= accounts.keys() or not villages:
        return 0
    cast = Cast(villages, accounts)
    rng = random.Random(SEED)
    added = 0
    for criteria_set in _village_sets(today.year - 1):
        added += _last_year(sets.with_tree(criteria_set.id), today.year - 1, cast, rng)
    for criteria_set in _village_sets(today.year):
        added += _this_year(sets.with_tree(criteria_set.id), today.year, cast, rng, today)
    return added
