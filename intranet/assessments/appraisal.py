"""The steering committee's vote on each assessment at its appraisal meeting (issue 17, item 5).

The appraisal form has one row per reviewed assessment of the set: the votes for and against and
the label the committee agreed (one of the set's labels, the police's reviewed label unless the
committee says otherwise). No vote counts more people than the members present. The rows are
read here (``for-<assessment id>``, ``against-<id>``, ``conclusion-<id>``), so a refused form
shows every row as typed; the chair's decision then gives each unit the label agreed.
"""

import re
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from intranet.models import AppraisalMeeting
from intranet.models import AppraisalVote
from intranet.models import Assessment
from intranet.models import AssessmentStatus
from intranet.models import CriteriaSet
from intranet.models import db

VOTES = re.compile(r"[0-9]{1,4}")  # ASCII digits only


@dataclass(frozen=True)
class Row:
    """One assessment's row as typed (text, so a refused form shows it again unchanged)."""

    votes_for: str = ""
    votes_against: str = ""
    conclusion: str = ""


@dataclass(frozen=True)
class Vote:
    """One assessment's row, read and checked."""

    votes_for: int
    votes_against: int
    conclusion: str


def waiting(criteria_set: CriteriaSet, year: int) -> list[Assessment]:
    """The set's reviewed assessments of the year, by unit code: the rows of the form."""
    found = db.session.scalars(
        select(Assessment).where(
            Assessment.set_id == criteria_set.id,
            Assessment.year == year,
            Assessment.status == AssessmentStatus.reviewed,
        )
    )
    return sorted(found, key=lambda a: a.unit_code)


def typed(values: Mapping[str, str], assessments: Iterable[Assessment]) -> dict[int, Row]:
    """Each row as sent (missing rows are empty)."""
    return {
        a.id: Row(
            (values.get(f"for-{a.id}") or "").strip()[:10],
            (values.get(f"against-{a.id}") or "").strip()[:10],
            (values.get(f"conclusion-{a.id}") or "").strip()[:120],
        )
        for a in assessments
    }


def check(
    rows: Mapping[int, Row], labels: list[str], members: int | None
) -> tuple[dict[int, Vote], dict[int, str]]:
    """The votes read from the rows, and the message for each refused row (Vietnamese on a
    Vietnamese page). Without a valid number of members present, counts are only read."""
    votes: dict[int, Vote] = {}
    errors: dict[int, str] = {}
    for assessment_id, row in rows.items():
        if not row.votes_for or not row.votes_against:
            errors[assessment_id] = _("Enter the votes for and against.")
            continue
        if not (VOTES.fullmatch(row.votes_for) and VOTES.fullmatch(row.votes_against)):
            errors[assessment_id] = _("Enter the votes as whole numbers.")
            continue
        cast = int(row.votes_for) + int(row.votes_against)
        if members is not None and cast > members:
            errors[assessment_id] = _(
                "%(votes)d votes, but only %(members)d members were present.",
                votes=cast,
                members=members,
            )
            continue
        if row.conclusion not in labels:
            errors[assessment_id] = _("Choose the rating the committee agreed.")
            continue
        votes[assessment_id] = Vote(int(row.votes_for), int(row.votes_against), row.conclusion)
    return votes, errors


class Unvoted(ValueError):
    """The meeting covers assessments accepted after the form was opened: no vote on them."""

    def __init__(self, ids: list[int]) -> None:
        super().__init__(ids)
        self.ids = ids


def record(meeting: AppraisalMeeting, votes: Mapping[int, Vote]) -> None:
    """Keep each assessment's vote and agreed label with the meeting; Unvoted when the meeting
    covers an assessment the form had no row for (accepted meanwhile)."""
    covered = db.session.scalars(select(Assessment.id).where(Assessment.meeting_id == meeting.id))
    unvoted = set(covered) - set(votes)
    if unvoted:
        raise Unvoted(sorted(unvoted))
    db.session.add_all(
        AppraisalVote(
            meeting_id=meeting.id,
            assessment_id=assessment_id,
            votes_for=vote.votes_for,
            votes_against=vote.votes_against,
            conclusion=vote.conclusion,
        )
        for assessment_id, vote in votes.items()
    )


def of_meeting(meeting: AppraisalMeeting) -> dict[int, AppraisalVote]:
    """The meeting's votes, by assessment id."""
    found = db.session.scalars(select(AppraisalVote).where(AppraisalVote.meeting_id == meeting.id))
    return {vote.assessment_id: vote for vote in found}


def of_assessment(assessment: Assessment | None) -> AppraisalVote | None:
    """The vote on this assessment at the meeting that appraised it (None: not appraised yet,
    or appraised before votes were kept one by one); one query."""
    if assessment is None or assessment.meeting_id is None:
        return None
    return db.session.scalar(
        select(AppraisalVote).where(
            AppraisalVote.assessment_id == assessment.id,
            AppraisalVote.meeting_id == assessment.meeting_id,
        )
    )


def agreed(assessments: Iterable[Assessment]) -> dict[int, str]:
    """The label each appraised assessment's meeting agreed (those voted on one by one)."""
    pairs = {(a.id, a.meeting_id) for a in assessments if a.meeting_id is not None}
    if not pairs:
        return {}
    found = db.session.scalars(
        select(AppraisalVote).where(AppraisalVote.assessment_id.in_([p[0] for p in pairs]))
    )
    return {
        vote.assessment_id: vote.conclusion
        for vote in found
        if (vote.assessment_id, vote.meeting_id) in pairs
    }
