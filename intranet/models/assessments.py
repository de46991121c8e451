"""The year's judgements (issue 17): criteria sets as data, and the assessments scored with them.

A criteria set is one version of a text (Circular 124/2021, Decision 510/QĐ-BCA-V05, a
province's own version), valid from a year on: its criteria tree and its rating scale are rows,
never code. A year's assessment keeps the set version it was scored with, so a set edited
later (a new version) leaves it as it was.
"""

from datetime import date
from datetime import datetime
from datetime import time
from enum import StrEnum
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import JSON
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from intranet.models.accounts import Organization
from intranet.models.accounts import User
from intranet.models.base import db
from intranet.models.base import str_enum
from intranet.models.base import utcnow
from intranet.models.places import Village


class UnitKind(StrEnum):
    """What a set judges."""

    village = "village"
    commune = "commune"
    agency = "agency"  # an agency or enterprise in the commune (schools, the health station…)
    team = "team"
    member = "member"

    @property
    def label(self) -> str:
        return str(UNIT_KIND_LABELS[self])


UNIT_KIND_LABELS = {
    UnitKind.village: _l("Village"),
    UnitKind.commune: _l("Commune"),
    UnitKind.agency: _l("Agency or enterprise"),
    UnitKind.team: _l("Security team"),
    UnitKind.member: _l("Team member"),
}


class SetKind(StrEnum):
    """How a set's result is found: a points total, all criteria passed, or a rating."""

    points = "points"
    pass_fail = "pass_fail"
    rating = "rating"

    @property
    def label(self) -> str:
        return str(SET_KIND_LABELS[self])


SET_KIND_LABELS = {
    SetKind.points: _l("Points"),
    SetKind.pass_fail: _l("Pass or fail"),
    SetKind.rating: _l("Rating"),
}


class CriterionMode(StrEnum):
    """How a criterion is scored: all or nothing, any points up to the maximum, the maximum
    less a deduction per counted event, or a condition that passes or fails (no points)."""

    fixed = "fixed"
    range = "range"
    deduction = "deduction"
    gate = "gate"

    @property
    def label(self) -> str:
        return str(CRITERION_MODE_LABELS[self])


CRITERION_MODE_LABELS = {
    CriterionMode.fixed: _l("All or nothing"),
    CriterionMode.range: _l("Up to the maximum"),
    CriterionMode.deduction: _l("Deductions"),
    CriterionMode.gate: _l("Condition (pass or fail)"),
}


class Compare(StrEnum):
    """Which side of its target a metric must be on."""

    at_least = "at_least"
    at_most = "at_most"


class AssessmentStatus(StrEnum):
    """draft → submitted → reviewed → appraised → decided, or submitted → returned → (edit) →
    submitted. Decided is locked."""

    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    reviewed = "reviewed"
    appraised = "appraised"
    decided = "decided"

    @property
    def label(self) -> str:
        return str(ASSESSMENT_STATUS_LABELS[self])

    def label_for(self, kind: "UnitKind") -> str:
        """The label as it reads for a unit of that kind: the commune's own assessment is
        reviewed and decided above it, an agency's is returned to the agency."""
        if kind == UnitKind.commune:
            return str(ASSESSMENT_STATUS_LABELS_ABOVE.get(self, ASSESSMENT_STATUS_LABELS[self]))
        if kind == UnitKind.agency and self == AssessmentStatus.returned:
            return str(_l("Returned to the unit"))
        return self.label


ASSESSMENT_STATUS_LABELS_ABOVE = {
    AssessmentStatus.submitted: _l("Sent to the reviewing level"),
    AssessmentStatus.returned: _l("Returned by the reviewing level"),
    AssessmentStatus.reviewed: _l("Reviewing level's scores entered"),
    AssessmentStatus.appraised: _l("Appraised by the reviewing level"),
    AssessmentStatus.decided: _l("Decided by the reviewing level"),
}

ASSESSMENT_STATUS_LABELS = {
    AssessmentStatus.draft: _l("Being scored"),
    AssessmentStatus.submitted: _l("Submitted, waiting for review"),
    AssessmentStatus.returned: _l("Returned to the village"),
    AssessmentStatus.reviewed: _l("Reviewed by the commune police"),
    AssessmentStatus.appraised: _l("Appraised by the steering committee"),
    AssessmentStatus.decided: _l("Decided by the commune chair"),
}


class CriteriaSet(db.Model):
    """One version of a set of criteria, valid from ``valid_from`` (until ``valid_to``)."""

    __tablename__ = "criteria_set"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    legal_basis: Mapped[str] = mapped_column(String(300))
    unit_kind: Mapped[UnitKind] = mapped_column(str_enum(UnitKind, 16))
    kind: Mapped[SetKind] = mapped_column(str_enum(SetKind, 16))
    valid_from: Mapped[int]
    valid_to: Mapped[int | None]
    # The period judged, as month and day: start after end means it starts the year before.
    period_start_month: Mapped[int]
    period_start_day: Mapped[int]
    period_end_month: Mapped[int]
    period_end_day: Mapped[int]
    deadline_month: Mapped[int]
    deadline_day: Mapped[int]
    # Shipped sets are examples to be checked against the province's current text.
    is_example: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    # The team ratings' rules (the cap, the months, the labels' roles) as the police edited
    # them; empty: the shipped file's "rating_rules" (ratings_workflow.rules_data).
    rating_rules: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    criteria: Mapped[list["Criterion"]] = relationship(
        lazy="raise", order_by="Criterion.position", back_populates="criteria_set"
    )
    levels: Mapped[list["RatingLevel"]] = relationship(
        lazy="raise", order_by="RatingLevel.position", back_populates="criteria_set"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("code", "valid_from"),)

    def covers(self, year: int) -> bool:
        """True when this version is the one for that year."""
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)


class Criterion(db.Model):
    """One line of a set's tree ("4", "4a"): a group (with children) or a scored line."""

    __tablename__ = "criterion"

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("criteria_set.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("criterion.id"))
    position: Mapped[int]
    code: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    max_points: Mapped[int] = mapped_column(default=0)
    mode: Mapped[CriterionMode] = mapped_column(str_enum(CriterionMode, 16))
    # An automatic figure from the year's records (assessments.metrics.METRICS), its target
    # and the side of it that passes, the points taken off per counted event, and the metric's
    # own parameter (days allowed for "on time", months for "active").
    metric: Mapped[str | None] = mapped_column(String(40))
    target: Mapped[int | None]
    compare: Mapped[Compare] = mapped_column(str_enum(Compare, 16), default=Compare.at_least)
    deduct_per: Mapped[int | None]
    metric_param: Mapped[int | None]
    evidence_hint: Mapped[str] = mapped_column(Text, default="")

    criteria_set: Mapped[CriteriaSet] = relationship(lazy="raise", back_populates="criteria")

    __table_args__ = (UniqueConstraint("set_id", "code"),)


class RatingLevel(db.Model):
    """One label of a set's scale, highest first: reached with at least ``min_points`` (when
    given) and, when ``all_gates``, every condition of the set passed."""

    __tablename__ = "rating_level"

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("criteria_set.id", ondelete="CASCADE"))
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(120))
    min_points: Mapped[int | None]
    all_gates: Mapped[bool] = mapped_column(default=False)

    criteria_set: Mapped[CriteriaSet] = relationship(lazy="raise", back_populates="levels")


class AppraisalMeeting(db.Model):
    """The steering committee's meeting that appraised the reviewed assessments of a set and
    year (its record, biên bản): when, who, what was said, how they voted."""

    __tablename__ = "appraisal_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("criteria_set.id"))
    year: Mapped[int]
    held_on: Mapped[date]
    # Its record's heading (Biên bản): the hour it opened, where, who chaired and who wrote it,
    # and how many members were present (no vote may count more).
    starts_at: Mapped[time | None]
    place: Mapped[str] = mapped_column(String(200), default="")
    chaired_by: Mapped[str] = mapped_column(String(120), default="")
    secretary: Mapped[str] = mapped_column(String(120), default="")
    members_present: Mapped[int | None]
    attendees: Mapped[str] = mapped_column(Text)
    opinions: Mapped[str] = mapped_column(Text, default="")
    votes_for: Mapped[int] = mapped_column(default=0)
    votes_against: Mapped[int] = mapped_column(default=0)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AppraisalVote(db.Model):
    """The committee's vote on one assessment at the meeting, and the label it agreed (what the
    chair's decision then gives the unit)."""

    __tablename__ = "appraisal_vote"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("appraisal_meeting.id", ondelete="CASCADE"))
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    votes_for: Mapped[int]
    votes_against: Mapped[int]
    conclusion: Mapped[str] = mapped_column(String(120))

    __table_args__ = (
        UniqueConstraint("assessment_id", "meeting_id"),
        Index("ix_appraisal_vote_meeting_id", "meeting_id"),
    )


class ChairDecision(db.Model):
    """The commune chair's decision on the appraised assessments of a set and year."""

    __tablename__ = "chair_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("criteria_set.id"))
    year: Mapped[int]
    number: Mapped[str] = mapped_column(String(50))
    signed_on: Mapped[date]
    signer: Mapped[str] = mapped_column(String(120))
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AssessedUnit(db.Model):
    """A unit judged beside the villages: the commune itself (code ``xa``), or an agency or
    enterprise in it (a school, the health station, the cooperative, a state enterprise).
    Villages are their own table; an assessment names a village or one of these."""

    __tablename__ = "assessed_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[UnitKind] = mapped_column(str_enum(UnitKind, 16))
    # The organization whose accounts may self-score the unit (an enterprise's), if any.
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    # A made-up unit of the demo, not one of the commune's reference units.
    is_demo: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)

    organization: Mapped[Organization | None] = relationship(lazy="joined")

    __table_args__ = (CheckConstraint("kind IN ('commune', 'agency')", name="commune_or_agency"),)

    def __repr__(self) -> str:
        return f"<AssessedUnit {self.code}>"

    @property
    def display_name(self) -> str:
        return self.name


class Assessment(db.Model):
    """One unit's judgement for one year, scored with one set version: a village's (village_id)
    or the commune's or an agency's (unit_id), never both. A correction of a decided
    assessment is a new row, the next ``revision``, that names the one it corrects and why;
    the decided row stays as it was."""

    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("criteria_set.id"))
    year: Mapped[int]
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("assessed_unit.id"))
    # 1 for the first assessment, 2 for its first correction, …
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id"))
    correction_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[AssessmentStatus] = mapped_column(
        str_enum(AssessmentStatus, 16), default=AssessmentStatus.draft
    )
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime | None]
    # Who last saved the reviewing scores, and who accepted them (never the same: four eyes).
    review_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    accepted_at: Mapped[datetime | None]
    return_reason: Mapped[str] = mapped_column(Text, default="")
    # The label the scores reach when the village sends them, and when the police accept.
    proposed_label: Mapped[str] = mapped_column(String(120), default="")
    reviewed_label: Mapped[str] = mapped_column(String(120), default="")
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("appraisal_meeting.id"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("chair_decision.id"))
    decided_label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    criteria_set: Mapped[CriteriaSet] = relationship(lazy="joined", innerjoin=True)
    village: Mapped[Village | None] = relationship(lazy="joined")
    unit: Mapped[AssessedUnit | None] = relationship(lazy="joined")
    meeting: Mapped[AppraisalMeeting | None] = relationship(lazy="joined")
    decision: Mapped[ChairDecision | None] = relationship(lazy="joined")
    lines: Mapped[list["AssessmentLine"]] = relationship(
        lazy="raise", back_populates="assessment", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("set_id", "year", "village_id", "revision", name="uq_assessment_village"),
        UniqueConstraint("set_id", "year", "unit_id", "revision", name="uq_assessment_unit"),
        CheckConstraint("(village_id IS NULL) <> (unit_id IS NULL)", name="one_unit"),
        CheckConstraint("revision >= 1", name="revision_positive"),
        Index("ix_assessment_year_village_id", "year", "village_id"),
        Index("ix_assessment_year_unit_id", "year", "unit_id"),
    )

    @property
    def place(self) -> "Village | AssessedUnit":
        """The unit judged: the village, or the commune or agency."""
        place = self.village if self.village is not None else self.unit
        assert place is not None
        return place

    @property
    def unit_code(self) -> str:
        return self.place.code

    @property
    def unit_name(self) -> str:
        return self.place.display_name

    @property
    def unit_kind(self) -> UnitKind:
        return self.unit.kind if self.unit is not None else UnitKind.village

    @property
    def status_label(self) -> str:
        return self.status.label_for(self.unit_kind)


class AssessmentLine(db.Model):
    """One criterion's scores: the village's own, and the reviewing level's, with why."""

    __tablename__ = "assessment_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id"))
    self_score: Mapped[int | None]
    # Why the score differs from the figure the records suggest.
    self_reason: Mapped[str] = mapped_column(Text, default="")
    review_score: Mapped[int | None]
    review_note: Mapped[str] = mapped_column(Text, default="")

    assessment: Mapped[Assessment] = relationship(lazy="raise", back_populates="lines")

    __table_args__ = (UniqueConstraint("assessment_id", "criterion_id"),)


class AssessmentEvent(db.Model):
    """One step of an assessment's history: who did what, when, and why."""

    __tablename__ = "assessment_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(32))
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User] = relationship(lazy="joined", innerjoin=True)

    __table_args__ = (Index("ix_assessment_event_assessment_id_id", "assessment_id", "id"),)


def period_dates(criteria_set: CriteriaSet, year: int) -> tuple[date, date]:
    """The first and last day judged in ``year`` (1/11 of the year before to 31/10)."""
    start = (criteria_set.period_start_month, criteria_set.period_start_day)
    end = (criteria_set.period_end_month, criteria_set.period_end_day)
    start_year = year - 1 if start > end else year
    return date(start_year, *start), date(year, *end)
