"""Every rights rule of the intranet, and nothing else decides rights.

DESIGN section 1, as implemented here:

| role       | may                                                                            |
| ---------- | ------------------------------------------------------------------------------ |
| `member`   | create, edit, submit, delete (while draft) their organization's entries;       |
|            | a village-bound member only for their village                                  |
| `approver` | all a member may, plus approve or return any submitted entry, never their own  |
| `leader`   | read every approved entry, register, figure and report; never drafts, a tip's  |
|            | content or a mediation case's parties; write the report's narrative            |
| `admin`    | users, organizations, villages; no approving, no tips                          |

Activity log entries (DESIGN sections 1 and 2):

- Approved entries are visible to every signed-in user (the shared board). Drafts and returned
  entries only to their organization's members and approvers (a village-bound account: only
  its village's). Submitted entries to their organization and to every approver.
- Only drafts and returned entries can be edited or submitted, only drafts deleted; an
  approved entry is locked, and a correction is a new entry linked to it.
- An approver approves or returns any submitted entry except one they wrote (four eyes).
  Nor may they approve one they created, edited, submitted or resubmitted, as the entry's
  review history records it: an approver who edits a colleague's draft or returned entry and
  sends it has written what would be approved, so another approver decides (issue 12).
  ``why_not`` gives the reason a button is missing, in words, from the same rule.
- Leaders and administrators read approved entries and write none.

Villages (issue 4): every signed-in user reads the villages and their teams. The commune
police and the administrator manage every security team's roster; a village account manages
its own village's.

Mediation (Law 35/2013): the justice office and a village's own account record and close the
village's cases; the parties' names are seen by the justice office, the police and that
village's account only, everyone else sees counts. Mediators are managed by the justice
office, the administrator and the village's account.

Tips (information from residents, issue 5) are the police's alone. Anyone signed in relays
one and gets a receipt, never the tip again. The police (members and approvers) read the
register and handle tips; only a police approver opens a sealed
informant. Everyone else sees counts (``view_tip_figures``), never a tip's text: the tip list
answers them 403, a single tip 404.

Incident figures, awards and the festival-day report (issue 6): everyone signed in reads the
incident figures, the awards and gifts registers and the report (approved data and counts
only). The police enter the monthly incident figures; the police and the People's Committee
(its members, approvers and leaders, not the IT clerk) record awards and gifts; leaders write
the report's narrative (assessment, tasks, number, signer) and choose its photos, from the
photos of approved entries only (never a tip's, a case's or a draft's).

Accounts (issue 12): the administrator manages them, but a change that makes, changes or
unmakes a police account or an approver (a new one, its role, organization or active state,
its password) waits for a police approver's confirmation (``decide_account_change``), never
his own account's; the administrator and the police approvers see the waiting changes.

The year's judgements (issue 17): everyone signed in reads the workspace and the scores. A
village's own account self-scores and submits its assessments (while being scored or
returned); the commune police, as the steering committee's standing office, enter the
reviewing score per line and return with a reason; a police approver who neither sent the
assessment nor entered the reviewing scores accepts them (four eyes). The police record the
steering committee's appraisal meeting (its standing office); the chair (a leader) decides,
and a decided assessment is locked. The commune and the agencies and enterprises are judged
too: the commune police self-score the commune (and, the commune being reviewed and decided
above it, enter the reviewing level's scores, appraisal and decision as received: another
officer reviews, a police approver records the decision); an agency or enterprise is
self-scored by the police on its behalf or by an account of its own organization. A police
approver opens a correction of a decided assessment (a new version, reviewed and decided
again). The police edit the criteria sets. The board shows the police and the leaders the
count-down to the cycle's deadlines. The commune's papers (the police's proposal, the
appraisal record, the chair's decision and their lists) are for every account not tied to a
village, each once its step has happened; the police may draw the proposal before every
village is accepted.
A village account reads only its own village's assessment pages and sheets (the others are
hidden, 404), not the lists of every unit nor the ratings, which name every team's members.
The team and member ratings are drafted by the police (while not decided) and decided by
the chair (a leader), locked after; a police approver opens a correction (a new version).
The police edit a set's rating scale and the ratings' rules, versioned like its criteria.

Every view that is not marked ``@public`` needs a signed-in user (``enforce_sign_in``);
views then call ``require(action, target)``. Templates ask ``can("action", target)`` before
showing a link or a button, and never test role names themselves.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any
from typing import TypeVar

from flask import abort
from flask import current_app
from flask import g
from flask import has_app_context
from flask import request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import and_
from sqlalchemy import ColumnElement
from sqlalchemy import or_
from sqlalchemy import select

from intranet.models import ActivityLog
from intranet.models import Assessment
from intranet.models import AssessmentStatus
from intranet.models import CaseStatus
from intranet.models import ChangeStatus
from intranet.models import CriteriaSet
from intranet.models import db
from intranet.models import LogStatus
from intranet.models import MediationCase
from intranet.models import Organization
from intranet.models import OrgKind
from intranet.models import PendingChange
from intranet.models import RatingDraft
from intranet.models import RatingStatus
from intranet.models import ReviewAction
from intranet.models import ReviewEvent
from intranet.models import Role
from intranet.models import Tip
from intranet.models import UnitKind
from intranet.models import User
from intranet.models import Village

F = TypeVar("F", bound=Callable[..., Any])


class Action(StrEnum):
    """Something a user may or may not do; checked with can() and require()."""

    view_home = "view_home"
    manage_users = "manage_users"
    manage_organizations = "manage_organizations"
    manage_villages = "manage_villages"
    view_logs = "view_logs"
    view_entry = "view_entry"
    create_entry = "create_entry"
    edit_entry = "edit_entry"
    submit_entry = "submit_entry"
    delete_entry = "delete_entry"
    correct_entry = "correct_entry"
    approve_entry = "approve_entry"
    return_entry = "return_entry"
    review = "review"
    view_villages = "view_villages"
    manage_team = "manage_team"
    view_case = "view_case"
    record_case = "record_case"
    close_case = "close_case"
    manage_mediators = "manage_mediators"
    relay_tip = "relay_tip"
    view_tips = "view_tips"
    view_tip = "view_tip"
    handle_tip = "handle_tip"
    open_informant = "open_informant"
    view_tip_figures = "view_tip_figures"
    # Incident figures, awards and gifts, the festival-day report (issue 6)
    view_stats = "view_stats"
    enter_stats = "enter_stats"
    view_awards = "view_awards"
    record_award = "record_award"
    view_report = "view_report"
    write_narrative = "write_narrative"
    choose_report_photos = "choose_report_photos"
    # Police and approver accounts change with a police approver's confirmation (issue 12)
    view_account_changes = "view_account_changes"
    decide_account_change = "decide_account_change"
    # The year's judgements (issue 17)
    view_assessments = "view_assessments"
    view_unit_assessment = "view_unit_assessment"
    score_assessment = "score_assessment"
    review_assessment = "review_assessment"
    accept_assessment = "accept_assessment"
    appraise_assessments = "appraise_assessments"
    follow_deadlines = "follow_deadlines"
    decide_assessments = "decide_assessments"
    correct_assessment = "correct_assessment"
    manage_criteria = "manage_criteria"
    view_assessment_papers = "view_assessment_papers"
    # The team and member ratings (issue 17 item 4)
    edit_ratings = "edit_ratings"
    decide_ratings = "decide_ratings"
    correct_ratings = "correct_ratings"


def _signed_in(user: User, target: object | None) -> bool:
    return True


def _is_admin(user: User, target: object | None) -> bool:
    return user.role == Role.admin


WRITING_ROLES = (Role.member, Role.approver)
EDITABLE = (LogStatus.draft, LogStatus.returned)


def _writes_for(user: User, entry: object | None) -> bool:
    """A member or approver of the entry's organization (and village, when village-bound).

    Without an entry: whether the user may write entries at all.
    """
    if user.role not in WRITING_ROLES:
        return False
    if entry is None:
        return True
    assert isinstance(entry, ActivityLog)
    if entry.organization_id != user.organization_id:
        return False
    return user.village_id is None or entry.village_id == user.village_id


def _view_entry(user: User, entry: object | None) -> bool:
    assert isinstance(entry, ActivityLog)
    if entry.status == LogStatus.approved:
        return True
    if entry.status == LogStatus.submitted and user.role == Role.approver:
        return True
    return _writes_for(user, entry)


def _edit_entry(user: User, entry: object | None) -> bool:
    assert isinstance(entry, ActivityLog)
    return entry.status in EDITABLE and _writes_for(user, entry)


def _delete_entry(user: User, entry: object | None) -> bool:
    assert isinstance(entry, ActivityLog)
    return entry.status == LogStatus.draft and _writes_for(user, entry)


def _correct_entry(user: User, entry: object | None) -> bool:
    assert isinstance(entry, ActivityLog)
    return entry.status == LogStatus.approved and _writes_for(user, entry)


def _review_entry(user: User, entry: object | None) -> bool:
    """Return: an approver, a submitted entry, never one they wrote."""
    assert isinstance(entry, ActivityLog)
    return (
        user.role == Role.approver
        and entry.status == LogStatus.submitted
        and entry.author_id != user.id
    )


# What puts words into an entry: whoever did one of these may not approve it (four eyes).
SHAPING = (ReviewAction.create, ReviewAction.edit, ReviewAction.submit, ReviewAction.resubmit)


def _shapers_cache() -> dict[tuple[int, int], frozenset[int]]:
    """Per request: (entry id, version) → who shaped it. Every shaping step changes the row, so
    its version moves and an old answer is never read for a newer state."""
    if not has_app_context():
        return {}
    return g.setdefault("entry_shapers", {})


def load_shapers(entries: list[ActivityLog]) -> None:
    """Who created, edited or sent each of these entries, in one query, so that ``can`` asks
    nothing more for a list (the review queue, a bulk approval)."""
    cache = _shapers_cache()
    found: dict[int, set[int]] = {entry.id: set() for entry in entries}
    if found:
        rows = db.session.execute(
            select(ReviewEvent.entry_id, ReviewEvent.actor_id)
            .where(ReviewEvent.entry_id.in_(found), ReviewEvent.action.in_(SHAPING))
            .distinct()
        )
        for entry_id, actor_id in rows:
            found[entry_id].add(actor_id)
    for entry in entries:
        cache[(entry.id, entry.version)] = frozenset(found[entry.id])


def shapers(entry: ActivityLog) -> frozenset[int]:
    """The ids of everyone who created, edited, submitted or resubmitted the entry."""
    cache = _shapers_cache()
    key = (entry.id, entry.version)
    unsaved = entry in db.session.dirty or any(
        isinstance(pending, ReviewEvent)
        and pending.action in SHAPING
        and pending.__dict__.get("entry") is entry
        for pending in db.session.new
    )
    if key not in cache or unsaved:
        load_shapers([entry])
    return cache.get((entry.id, entry.version), frozenset())


def _approve_entry(user: User, entry: object | None) -> bool:
    """Approve: as return, and never an entry the approver created, edited or sent."""
    assert isinstance(entry, ActivityLog)
    return _review_entry(user, entry) and user.id not in shapers(entry)


def is_police(user: User) -> bool:
    """A member or approver of the commune police."""
    return user.role in WRITING_ROLES and user.organization.kind == OrgKind.police


def _manage_team(user: User, village: object | None) -> bool:
    """The police and the administrator: any team; a village account: its own village's."""
    if user.role == Role.admin or is_police(user):
        return True
    if village is None or user.village_id is None or user.role not in WRITING_ROLES:
        return False
    assert isinstance(village, Village)
    return village.id == user.village_id


def _is_justice(user: User) -> bool:
    return user.role in WRITING_ROLES and user.organization.kind == OrgKind.justice


def _own_village(user: User, village: object | None) -> bool:
    return (
        isinstance(village, Village)
        and user.role in WRITING_ROLES
        and user.village_id is not None
        and user.village_id == village.id
    )


def _view_case(user: User, target: object | None) -> bool:
    """The parties' names: the justice office, the police, the village's own account."""
    village = target.village if isinstance(target, MediationCase) else target
    return _is_justice(user) or is_police(user) or _own_village(user, village)


def _record_case(user: User, village: object | None) -> bool:
    return _is_justice(user) or _own_village(user, village)


def _close_case(user: User, case: object | None) -> bool:
    assert isinstance(case, MediationCase)
    return case.status == CaseStatus.open and _record_case(user, case.village)


def _manage_mediators(user: User, village: object | None) -> bool:
    return user.role == Role.admin or _record_case(user, village)


def _is_approver(user: User, target: object | None) -> bool:
    return user.role == Role.approver


def _is_police(user: User, target: object | None) -> bool:
    return is_police(user)


def _handle_tip(user: User, tip: object | None) -> bool:
    """Move a tip on, name its officer, write its outcome: the police (a closed tip stays as
    it is, which the form says in words: a move the workflow refuses is bad input, not a right)."""
    assert isinstance(tip, Tip)
    return is_police(user)


def _open_informant(user: User, target: object | None) -> bool:
    """Who gave a tip: a police approver only (and only after typing a reason)."""
    return is_police(user) and user.role == Role.approver


# Incident figures, awards and gifts, the festival-day report (issue 6)


def _record_award(user: User, target: object | None) -> bool:
    """Awards and gifts: the police, and the People's Committee's own people (not the clerk)."""
    if is_police(user):
        return True
    return (
        user.role in (*WRITING_ROLES, Role.leader)
        and user.organization.kind == OrgKind.people_committee
    )


def _enter_stats(user: User, target: object | None) -> bool:
    """Incident figures are the police's to enter."""
    return is_police(user)


def _is_leader(user: User, target: object | None) -> bool:
    return user.role == Role.leader


# Account changes that wait for the police (issue 12)


def _is_police_approver(user: User) -> bool:
    return is_police(user) and user.role == Role.approver


def _view_account_changes(user: User, target: object | None) -> bool:
    """The administrator who asks and the police approvers who decide."""
    return user.role == Role.admin or _is_police_approver(user)


def _decide_account_change(user: User, change: object | None) -> bool:
    """A police approver, a change still waiting, never one about or asked by himself."""
    if not _is_police_approver(user):
        return False
    if change is None:
        return True
    assert isinstance(change, PendingChange)
    return (
        change.status == ChangeStatus.pending
        and change.user_id != user.id
        and change.requested_by_id != user.id
    )


# The year's judgements (issue 17)

SCORABLE = (AssessmentStatus.draft, AssessmentStatus.returned)


def _score_assessment(user: User, assessment: object | None) -> bool:
    """Self-score and submit, while the assessment is being scored or was returned: a village's
    own account (the team leader's tablet); for the commune, the commune police; for an agency
    or enterprise, the police on its behalf or an account of the unit's own organization."""
    assert isinstance(assessment, Assessment)
    if assessment.status not in SCORABLE:
        return False
    if assessment.village is not None:
        return _own_village(user, assessment.village)
    unit = assessment.unit
    if unit is None:
        return False
    if is_police(user):
        return True
    return (
        unit.kind == UnitKind.agency
        and unit.organization_id is not None
        and user.role in WRITING_ROLES
        and user.village_id is None
        and user.organization_id == unit.organization_id
    )


def _review_assessment(user: User, assessment: object | None) -> bool:
    """Enter the reviewing score per line, or return: the commune police (the steering
    committee's standing office), a submitted assessment, never one they sent themselves
    (but the commune's or an agency's, whose sheet the police send for the unit)."""
    if not is_police(user):
        return False
    if assessment is None:
        return True
    assert isinstance(assessment, Assessment)
    if assessment.status != AssessmentStatus.submitted:
        return False
    # The police send the commune's sheet, and an agency's on its behalf: the officer who
    # sent it may enter the reviewing scores (the commune's come from above, as received);
    # four eyes stay between who enters them and who accepts them.
    return assessment.submitted_by_id != user.id or assessment.unit_kind != UnitKind.village


def _accept_assessment(user: User, assessment: object | None) -> bool:
    """Accept the reviewing scores: a police approver who neither sent the assessment nor
    entered the reviewing scores (four eyes), once they are entered."""
    if not (_review_assessment(user, assessment) and user.role == Role.approver):
        return False
    if assessment is None:
        return True
    assert isinstance(assessment, Assessment)
    return assessment.review_by_id is not None and assessment.review_by_id != user.id


def _decide_assessments(user: User, criteria_set: object | None) -> bool:
    """Record the decision on a set's appraised assessments: the chair (a leader); for the
    commune's own sets, decided above the commune, a police approver records the decision
    received."""
    if isinstance(criteria_set, CriteriaSet) and criteria_set.unit_kind == UnitKind.commune:
        return _is_police_approver(user)
    return user.role == Role.leader


def _correct_assessment(user: User, assessment: object | None) -> bool:
    """Open a correction of a decided assessment: a police approver."""
    if not _is_police_approver(user):
        return False
    if assessment is None:
        return True
    assert isinstance(assessment, Assessment)
    return assessment.status == AssessmentStatus.decided


def _follows_deadlines(user: User, target: object | None) -> bool:
    """The count-down of the year's judgements on the board: the commune police and leaders."""
    return is_police(user) or user.role == Role.leader


def _view_assessment_papers(user: User, target: object | None) -> bool:
    """The commune's papers of the year's judgements (proposal, appraisal record, decision):
    every account of the commune's offices; an account tied to a village sees its own sheets."""
    return user.village_id is None


def _view_unit_assessment(user: User, place: object | None) -> bool:
    """A unit's assessment page and scoring sheet: every account of the commune's offices; an
    account tied to a village only its own village's (the others are hidden from it)."""
    if user.village_id is None:
        return True
    return isinstance(place, Village) and place.id == user.village_id


def _undecided(draft: object | None) -> bool:
    if draft is None:
        return True
    assert isinstance(draft, RatingDraft)
    return draft.status == RatingStatus.draft


def _edit_ratings(user: User, draft: object | None) -> bool:
    """Start and edit the team and member ratings, the chair's draft: the commune police (the
    steering committee's standing office), until the chair decides."""
    return is_police(user) and _undecided(draft)


def _decide_ratings(user: User, draft: object | None) -> bool:
    """The chair's decision on the ratings: whoever decides the other judgements (a leader),
    on a draft not yet decided."""
    return _is_leader(user, draft) and _undecided(draft)


def _correct_ratings(user: User, draft: object | None) -> bool:
    """Open a correction of decided ratings (the next revision, with a reason): a police
    approver, as for a decided assessment."""
    if not _is_police_approver(user):
        return False
    if draft is None:
        return True
    assert isinstance(draft, RatingDraft)
    return draft.status == RatingStatus.decided


RULES: dict[Action, Callable[[User, object | None], bool]] = {
    Action.view_home: _signed_in,
    Action.manage_users: _is_admin,
    Action.manage_organizations: _is_admin,
    Action.manage_villages: _is_admin,
    Action.view_logs: _signed_in,
    Action.view_entry: _view_entry,
    Action.create_entry: _writes_for,
    Action.edit_entry: _edit_entry,
    Action.submit_entry: _edit_entry,
    Action.delete_entry: _delete_entry,
    Action.correct_entry: _correct_entry,
    Action.approve_entry: _approve_entry,
    Action.return_entry: _review_entry,
    Action.review: _is_approver,
    Action.view_villages: _signed_in,
    Action.manage_team: _manage_team,
    Action.view_case: _view_case,
    Action.record_case: _record_case,
    Action.close_case: _close_case,
    Action.manage_mediators: _manage_mediators,
    Action.relay_tip: _signed_in,
    Action.view_tips: _is_police,
    Action.view_tip: _is_police,
    Action.handle_tip: _handle_tip,
    Action.open_informant: _open_informant,
    Action.view_tip_figures: _signed_in,
    Action.view_stats: _signed_in,
    Action.enter_stats: _enter_stats,
    Action.view_awards: _signed_in,
    Action.record_award: _record_award,
    Action.view_report: _signed_in,
    Action.write_narrative: _is_leader,
    Action.choose_report_photos: _is_leader,
    Action.view_account_changes: _view_account_changes,
    Action.decide_account_change: _decide_account_change,
    Action.view_assessments: _signed_in,
    Action.view_unit_assessment: _view_unit_assessment,
    Action.score_assessment: _score_assessment,
    Action.review_assessment: _review_assessment,
    Action.accept_assessment: _accept_assessment,
    Action.appraise_assessments: _is_police,
    Action.follow_deadlines: _follows_deadlines,
    Action.decide_assessments: _decide_assessments,
    Action.correct_assessment: _correct_assessment,
    Action.manage_criteria: _is_police,
    Action.view_assessment_papers: _view_assessment_papers,
    Action.edit_ratings: _edit_ratings,
    Action.decide_ratings: _decide_ratings,
    Action.correct_ratings: _correct_ratings,
}

# Actions whose refusal hides the target's existence (404 rather than 403).
HIDDEN_WHEN_REFUSED: frozenset[Action] = frozenset(
    {Action.view_entry, Action.view_case, Action.view_tip, Action.view_unit_assessment}
)


def own_logs(user: User) -> ColumnElement[bool]:
    """The entries of the user's organization (and village, when village-bound): the part of
    visible_logs that shows drafts and returned entries."""
    own = ActivityLog.organization_id == user.organization_id
    if user.village_id is not None:
        own = and_(own, ActivityLog.village_id == user.village_id)
    return own


def visible_logs(user: User) -> ColumnElement[bool]:
    """The WHERE clause of the entries this user may see: the same rule as view_entry."""
    approved = ActivityLog.status == LogStatus.approved
    if user.role not in WRITING_ROLES:
        return approved
    clause = or_(approved, own_logs(user))
    if user.role == Role.approver:
        clause = or_(clause, ActivityLog.status == LogStatus.submitted)
    return clause


def police_users() -> ColumnElement[bool]:
    """The WHERE clause of the accounts that act as the police: ``is_police`` in SQL, active
    accounts only (``can`` refuses the others), e.g. the officers a tip may be handed to."""
    police = select(Organization.id).where(Organization.kind == OrgKind.police)
    return and_(
        User.role.in_(WRITING_ROLES),
        User.organization_id.in_(police),
        User.is_active.is_(True),
    )


def can(user: Any, action: Action | str, target: object | None = None) -> bool:
    """True when this user may do this action (to this target). Signed-out users may not."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return RULES[Action(action)](user, target)


def why_not(user: Any, action: Action | str, target: object | None = None) -> str | None:
    """Why this user may not do this, in the user's language; None when they may.

    Templates show it where a button is missing, so the reason comes from the rule itself.
    """
    if can(user, action, target):
        return None
    if Action(action) == Action.approve_entry and isinstance(target, ActivityLog):
        if user.role == Role.approver and target.status == LogStatus.submitted:
            if target.author_id == user.id:
                return _("You wrote this entry: another approver decides on it.")
            if user.id in shapers(target):
                return _("You edited or sent this entry, so you may not approve it: another "
                         "approver decides on it.")  # fmt: skip
        if target.status != LogStatus.submitted:
            return _("This entry is not waiting for approval.")
    if Action(action) == Action.accept_assessment and isinstance(target, Assessment):
        if _review_assessment(user, target) and user.role == Role.approver:
            if target.review_by_id is None:
                return _("The reviewing scores are not entered yet.")
            return _("You entered the reviewing scores: another police approver accepts them.")
    return _("You are not allowed to do this.")


def require(action: Action | str, target: object | None = None, user: Any = None) -> None:
    """Abort with 403 (or 404 where the rule hides existence) unless the user may act.

    The user is the signed-in one unless given (the CLI and workflows name their actor).
    """
    if not can(user if user is not None else current_user, action, target):
        abort(404 if Action(action) in HIDDEN_WHEN_REFUSED else 403)


def public(view: F) -> F:
    """Mark a view as open to signed-out visitors; every other view needs a session."""
    view.is_public = True  # type: ignore[attr-defined]
    return view


def requires(action: Action) -> Callable[[F], F]:
    """Decorate a view that needs ``action`` with no particular target."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            require(action)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def is_public_endpoint(endpoint: str | None) -> bool:
    """True when the endpoint is a public view or a static file."""
    if endpoint is None:
        return True  # a 404 for an unknown URL is the same for everyone
    if endpoint == "static" or endpoint.endswith(".static"):
        return True
    view = current_app.view_functions.get(endpoint)
    return bool(getattr(view, "is_public", False))


def current_actor() -> User:
    """The signed-in user as a plain User row: what workflow functions take as the actor."""
    return current_user._get_current_object()  # type: ignore[attr-defined,no-any-return]


def enforce_sign_in() -> Any:
    """before_request hook: send signed-out visitors of guarded views to the sign-in page."""
    if is_public_endpoint(request.endpoint) or current_user.is_authenticated:
        return None
    return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
