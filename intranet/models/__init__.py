"""All models, importable from one place (and one import for Alembic)."""

from intranet.models.accounts import hash_password
from intranet.models.accounts import LoginFailure
from intranet.models.accounts import ORG_KIND_LABELS
from intranet.models.accounts import Organization
from intranet.models.accounts import OrgKind
from intranet.models.accounts import Role
from intranet.models.accounts import ROLE_LABELS
from intranet.models.accounts import User
from intranet.models.assessments import AppraisalMeeting
from intranet.models.assessments import AppraisalVote
from intranet.models.assessments import AssessedUnit
from intranet.models.assessments import Assessment
from intranet.models.assessments import ASSESSMENT_STATUS_LABELS
from intranet.models.assessments import AssessmentEvent
from intranet.models.assessments import AssessmentLine
from intranet.models.assessments import AssessmentStatus
from intranet.models.assessments import ChairDecision
from intranet.models.assessments import Compare
from intranet.models.assessments import CriteriaSet
from intranet.models.assessments import Criterion
from intranet.models.assessments import CRITERION_MODE_LABELS
from intranet.models.assessments import CriterionMode
from intranet.models.assessments import period_dates
from intranet.models.assessments import RatingLevel
from intranet.models.assessments import SET_KIND_LABELS
from intranet.models.assessments import SetKind
from intranet.models.assessments import UNIT_KIND_LABELS
from intranet.models.assessments import UnitKind
from intranet.models.attachments import Attachment
from intranet.models.attachments import AttachmentContent
from intranet.models.attachments import AttachmentKind
from intranet.models.audit import AuditEvent
from intranet.models.awards import Award
from intranet.models.awards import AWARD_FORM_LABELS
from intranet.models.awards import AWARD_GIVER_LABELS
from intranet.models.awards import AwardForm
from intranet.models.awards import AwardGiver
from intranet.models.awards import Gift
from intranet.models.awards import HOUSEHOLD_KIND_LABELS
from intranet.models.awards import HouseholdKind
from intranet.models.awards import RECIPIENT_KIND_LABELS
from intranet.models.awards import RecipientKind
from intranet.models.base import Base
from intranet.models.base import db
from intranet.models.base import utcnow
from intranet.models.changes import CHANGE_KIND_LABELS
from intranet.models.changes import CHANGE_STATUS_LABELS
from intranet.models.changes import ChangeKind
from intranet.models.changes import ChangeStatus
from intranet.models.changes import PendingChange
from intranet.models.logs import ActivityLog
from intranet.models.logs import LOG_KIND_LABELS
from intranet.models.logs import LOG_STATUS_LABELS
from intranet.models.logs import LogKind
from intranet.models.logs import LogStatus
from intranet.models.logs import ReviewAction
from intranet.models.logs import ReviewEvent
from intranet.models.logs import SNAPSHOT_FIELDS
from intranet.models.mediation import CASE_STATUS_LABELS
from intranet.models.mediation import CaseStatus
from intranet.models.mediation import DISPUTE_KIND_LABELS
from intranet.models.mediation import DisputeKind
from intranet.models.mediation import Gender
from intranet.models.mediation import MediationCase
from intranet.models.mediation import MediationTeam
from intranet.models.mediation import Mediator
from intranet.models.mediation import MIN_MEDIATORS
from intranet.models.mediation import MINORITY_VILLAGE_PERCENT
from intranet.models.places import Village
from intranet.models.places import VILLAGE_KIND_LABELS
from intranet.models.places import VillageKind
from intranet.models.ratings import RATING_STATUS_LABELS
from intranet.models.ratings import RatingDraft
from intranet.models.ratings import RatingRow
from intranet.models.ratings import RatingStatus
from intranet.models.reports import PhotoSection
from intranet.models.reports import ReportNarrative
from intranet.models.reports import ReportPhoto
from intranet.models.reports import ReportPhotoChoice
from intranet.models.stats import INCIDENT_CATEGORY_LABELS
from intranet.models.stats import IncidentCategory
from intranet.models.stats import IncidentStat
from intranet.models.stats import Measure
from intranet.models.stats import MEASURE_LABELS
from intranet.models.teams import MIN_ACTIVE_MEMBERS
from intranet.models.teams import PatrolMember
from intranet.models.teams import Position
from intranet.models.teams import POSITION_LABELS
from intranet.models.teams import SecurityTeam
from intranet.models.teams import TeamMember
from intranet.models.tips import CLOSED_TIP_STATUSES
from intranet.models.tips import Informant
from intranet.models.tips import Tip
from intranet.models.tips import TIP_CATEGORY_LABELS
from intranet.models.tips import TIP_CHANNEL_LABELS
from intranet.models.tips import TIP_STATUS_LABELS
from intranet.models.tips import TIP_TRANSITIONS
from intranet.models.tips import TipCategory
from intranet.models.tips import TipChannel
from intranet.models.tips import TipStatus

__all__ = [
    "ASSESSMENT_STATUS_LABELS",
    "AppraisalMeeting",
    "AppraisalVote",
    "AssessedUnit",
    "ChairDecision",
    "Assessment",
    "AssessmentEvent",
    "AssessmentLine",
    "AssessmentStatus",
    "Compare",
    "CRITERION_MODE_LABELS",
    "CriteriaSet",
    "Criterion",
    "CriterionMode",
    "period_dates",
    "RatingLevel",
    "SET_KIND_LABELS",
    "SetKind",
    "UNIT_KIND_LABELS",
    "UnitKind",
    "Attachment",
    "AttachmentContent",
    "AttachmentKind",
    "CHANGE_KIND_LABELS",
    "CHANGE_STATUS_LABELS",
    "ChangeKind",
    "ChangeStatus",
    "PendingChange",
    "AWARD_FORM_LABELS",
    "AWARD_GIVER_LABELS",
    "Award",
    "AwardForm",
    "AwardGiver",
    "Gift",
    "HOUSEHOLD_KIND_LABELS",
    "HouseholdKind",
    "RECIPIENT_KIND_LABELS",
    "RecipientKind",
    "RATING_STATUS_LABELS",
    "RatingDraft",
    "RatingRow",
    "RatingStatus",
    "PhotoSection",
    "ReportNarrative",
    "ReportPhoto",
    "ReportPhotoChoice",
    "INCIDENT_CATEGORY_LABELS",
    "IncidentCategory",
    "IncidentStat",
    "MEASURE_LABELS",
    "Measure",
    "CLOSED_TIP_STATUSES",
    "Informant",
    "TIP_CATEGORY_LABELS",
    "TIP_CHANNEL_LABELS",
    "TIP_STATUS_LABELS",
    "TIP_TRANSITIONS",
    "Tip",
    "TipCategory",
    "TipChannel",
    "TipStatus",
    "CASE_STATUS_LABELS",
    "DISPUTE_KIND_LABELS",
    "MIN_MEDIATORS",
    "MINORITY_VILLAGE_PERCENT",
    "CaseStatus",
    "DisputeKind",
    "Gender",
    "MediationCase",
    "MediationTeam",
    "Mediator",
    "MIN_ACTIVE_MEMBERS",
    "POSITION_LABELS",
    "Position",
    "SecurityTeam",
    "TeamMember",
    "LOG_KIND_LABELS",
    "LOG_STATUS_LABELS",
    "SNAPSHOT_FIELDS",
    "ActivityLog",
    "LogKind",
    "LogStatus",
    "ReviewAction",
    "ReviewEvent",
    "ORG_KIND_LABELS",
    "ROLE_LABELS",
    "VILLAGE_KIND_LABELS",
    "AuditEvent",
    "Base",
    "LoginFailure",
    "OrgKind",
    "Organization",
    "PatrolMember",
    "Role",
    "User",
    "Village",
    "VillageKind",
    "db",
    "hash_password",
    "utcnow",
]
