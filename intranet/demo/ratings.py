"""The demo's team and member ratings (issue 17 item 4): last year's decided by the chair, this
year's draft in progress with one team rated "xuất sắc" over the cap, so the rule shows.

Each draft starts as the police would start it (pre-filled from the records); then the police's
choices are written: a few teams "xuất sắc" (their note says where the proof the intranet lacks
is kept: the demo holds only 18 months of records), one or two "không hoàn thành", the members
as their team, a few members a step lower or higher within the cap. Rows are written directly,
with no AuditEvent: nobody did this.
"""

import random
from datetime import date
from datetime import datetime
from datetime import UTC

from sqlalchemy import select

from intranet.assessments import ratings
from intranet.assessments import ratings_workflow as workflow
from intranet.models import CriteriaSet
from intranet.models import db
from intranet.models import RatingDraft
from intranet.models import RatingRow
from intranet.models import RatingStatus
from intranet.models import User
from intranet.periods import local_today

SEED = 1114
POLICE, CHAIR = "congan.canbo", "lanhdao"
PROOF = "Theo sổ theo dõi giấy của tổ: đủ 24 buổi tuần tra, họp tổ hằng tháng"
WEAK = "Tổ hoạt động cầm chừng, nhiều buổi tuần tra không tổ chức"
# Team positions (in village order) rated "xuất sắc" (as many as the cap allows, in this
# order) and "không hoàn thành" each year.
EXCELLENT = {0: (2, 9, 15, 22, 30, 5, 27, 34), 1: (4, 9, 17, 26, 31, 13, 1, 24)}
FAILED = {0: (11,), 1: (20, 33)}
FAIR = {0: (7, 19, 25), 1: (3, 12, 28)}


def _choose(draft: RatingDraft, criteria_set: CriteriaSet, which: int, over: int) -> None:
    """The police's choices on a pre-filled draft: ``over`` "xuất sắc" teams beyond the cap."""
    rng = random.Random(SEED + which)
    rules = workflow.rules_of(draft, criteria_set)
    best, good, done, failed = rules.labels[:4]
    rows = workflow.rows_of(draft)
    teams = [r for r in rows if r.member_id is None]
    members: dict[int, list[RatingRow]] = {}
    for row in rows:
        if row.member_id is not None:
            members.setdefault(row.team_id, []).append(row)
    for row in teams:
        row.label = good if row.label != rules.not_rated else row.label
    for position in FAIR[which]:
        teams[position].label = done
    for position in FAILED[which]:
        teams[position].label, teams[position].note = failed, WEAK
    candidates = [teams[p] for p in EXCELLENT[which]]
    rated = sum(1 for r in teams if r.label == good)

    def fits(count: int) -> bool:
        return ratings.cap_allows(count, rated - count, rules.cap_percent)

    most = max(k for k in range(len(candidates) + 1) if fits(k))
    for row in candidates[: most + over]:
        row.label, row.note = best, PROOF
    for row in teams:
        for member in members.get(row.team_id, []):
            if member.label == rules.not_rated:
                continue
            member.label = row.label
            if row.label == good and member.position_order == 3 and rng.random() < 0.15:
                member.label = done
    # Members rated "xuất sắc": within the cap of the members rated "tốt" (leaders kept).
    listed = [m for ms in members.values() for m in ms]
    lowerable = [m for m in listed if m.label == best and m.position_order != 1]
    while lowerable:
        count = sum(1 for m in listed if m.label == best)
        base = sum(1 for m in listed if m.label == good)
        if ratings.cap_allows(count, base, rules.cap_percent):
            break
        lowerable.pop().label = good


def _draft(criteria_set: CriteriaSet, year: int, police: User) -> RatingDraft:
    draft = workflow.new_draft(criteria_set, year, police)
    draft.created_at = datetime(year, 11, 3, 2, tzinfo=UTC)
    return draft


def load(today: date | None = None) -> int:
    """Last year's decided ratings and this year's draft, unless some exist: drafts added."""
    if db.session.scalar(select(RatingDraft.id).limit(1)) is not None:
        return 0
    today = today or local_today()
    accounts = {
        u.username: u
        for u in db.session.scalars(select(User).where(User.username.in_([POLICE, CHAIR])))
    }
    if len(accounts) < 2:
        return 0
    added = 0
    for which, year in enumerate((today.year - 1, today.year)):
        criteria_set = workflow.rating_set(year)
        if criteria_set is None:
            continue
        draft = _draft(criteria_set, year, accounts[POLICE])
        _choose(draft, criteria_set, which, over=which)
        draft.updated_by_id = accounts[POLICE].id
        draft.updated_at = datetime(year, 11, 10, 3, tzinfo=UTC)
        if which == 0:
            db.session.flush()
            problems = workflow.state(draft, criteria_set).problems
            if problems:  # the demo's own choices keep the rules, or it stays a draft
                continue
            signed = date(year, 11, 20)
            draft.status = RatingStatus.decided
            draft.number = "215/QĐ-UBND"
            draft.signed_on = signed
            draft.signer = "Ksor Hương"
            draft.decided_by_id = accounts[CHAIR].id
            draft.decided_at = datetime(signed.year, signed.month, signed.day, 3, tzinfo=UTC)
        added += 1
    db.session.flush()
    return added
