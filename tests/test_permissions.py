"""The rights table of DESIGN section 1, as permissions.can() decides it.

Two tables: actions without a target per role, and entry actions per actor and entry state.
"""

import pytest
from flask_login import AnonymousUserMixin

from intranet.logs import workflow
from intranet.models import AssessedUnit
from intranet.models import Assessment
from intranet.models import AssessmentStatus
from intranet.models import CriteriaSet
from intranet.models import db
from intranet.models import LogStatus
from intranet.models import OrgKind
from intranet.models import Role
from intranet.models import Tip
from intranet.models import TipStatus
from intranet.models import UnitKind
from intranet.permissions import Action
from intranet.permissions import can
from intranet.permissions import why_not
from tests.factories import make_entry
from tests.factories import make_org
from tests.factories import make_user
from tests.factories import make_village

pytestmark = pytest.mark.sqlite_only  # rules in Python, no SQL

A = Action
S = LogStatus
GENERAL = [
    A.view_villages,
    A.view_home,
    A.view_logs,
    A.manage_users,
    A.manage_organizations,
    A.manage_villages,
    A.create_entry,
    A.review,
    A.view_assessments,
    A.manage_criteria,
    A.appraise_assessments,
    A.decide_assessments,
]
ALLOWED: dict[Role, set[Action]] = {
    Role.member: {A.view_home, A.view_logs, A.create_entry, A.view_villages, A.view_assessments},
    Role.approver: {
        A.view_home,
        A.view_logs,
        A.create_entry,
        A.review,
        A.view_villages,
        A.view_assessments,
    },
    Role.leader: {
        A.view_home,
        A.view_logs,
        A.view_villages,
        A.view_assessments,
        A.decide_assessments,
    },
    Role.admin: {
        A.view_assessments,
        A.view_villages,
        A.view_home,
        A.view_logs,
        A.manage_users,
        A.manage_organizations,
        A.manage_villages,
    },
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", GENERAL)
def test_role_may_do_exactly_its_actions(app, role, action):
    user = make_user(role=role)

    assert can(user, action) is (action in ALLOWED[role])


@pytest.mark.parametrize("action", list(Action))
def test_signed_out_visitor_may_do_nothing(app, action):
    assert can(AnonymousUserMixin(), action) is False


@pytest.mark.parametrize("action", GENERAL)
def test_disabled_account_may_do_nothing(app, action):
    admin = make_user(role=Role.admin, is_active=False)

    assert can(admin, action) is False


ENTRY_ACTIONS = [
    A.view_entry,
    A.edit_entry,
    A.submit_entry,
    A.delete_entry,
    A.correct_entry,
    A.approve_entry,
    A.return_entry,
]
V, E, SU, D, C, AP, R = ENTRY_ACTIONS

# actor -> entry state -> the entry actions allowed. The entry belongs to the union "org",
# was written by "author" in village "v1".
EXPECTED: dict[str, dict[LogStatus, set[Action]]] = {
    "author": {
        S.draft: {V, E, SU, D},
        S.submitted: {V},
        S.returned: {V, E, SU},
        S.approved: {V, C},
    },
    "colleague": {
        S.draft: {V, E, SU, D},
        S.submitted: {V},
        S.returned: {V, E, SU},
        S.approved: {V, C},
    },
    "village_same": {
        S.draft: {V, E, SU, D},
        S.submitted: {V},
        S.returned: {V, E, SU},
        S.approved: {V, C},
    },
    "village_other": {S.draft: set(), S.submitted: set(), S.returned: set(), S.approved: {V}},
    "other_org": {S.draft: set(), S.submitted: set(), S.returned: set(), S.approved: {V}},
    "approver": {S.draft: set(), S.submitted: {V, AP, R}, S.returned: set(), S.approved: {V}},
    "leader": {S.draft: set(), S.submitted: set(), S.returned: set(), S.approved: {V}},
    "admin": {S.draft: set(), S.submitted: set(), S.returned: set(), S.approved: {V}},
}


@pytest.fixture
def cast(app):
    union = make_org(kind=OrgKind.women)
    police = make_org(kind=OrgKind.police)
    v1, v2 = make_village(), make_village()
    return {
        "author": make_user(org=union),
        "colleague": make_user(org=union),
        "village_same": make_user(org=union, village=v1),
        "village_other": make_user(org=union, village=v2),
        "other_org": make_user(org=make_org()),
        "approver": make_user(role=Role.approver, org=police),
        "leader": make_user(role=Role.leader, org=make_org(kind=OrgKind.people_committee)),
        "admin": make_user(role=Role.admin, org=union),
        "village": v1,
    }


@pytest.mark.parametrize("state", list(LogStatus))
def test_entry_rights_per_actor_in_each_state(cast, state):
    entry = make_entry(
        status=state,
        author=cast["author"],
        approver=cast["approver"],
        village_id=cast["village"].id,
    )

    allowed = {
        actor: {action for action in ENTRY_ACTIONS if can(cast[actor], action, entry)}
        for actor in EXPECTED
    }

    assert allowed == {actor: states[state] for actor, states in EXPECTED.items()}


def test_approver_never_approves_their_own_entry(cast):
    police_author = cast["approver"]
    entry = make_entry(status=LogStatus.submitted, author=police_author)

    assert can(police_author, Action.approve_entry, entry) is False
    assert can(police_author, Action.return_entry, entry) is False


def test_approver_sees_drafts_of_their_own_organization_only(cast):
    police_colleague = make_user(org=cast["approver"].organization)
    own = make_entry(status=LogStatus.draft, author=police_colleague)
    other = make_entry(status=LogStatus.draft, author=cast["author"])

    assert can(cast["approver"], Action.view_entry, own) is True
    assert can(cast["approver"], Action.view_entry, other) is False


@pytest.mark.parametrize(
    ("who", "own_village", "other_village"),
    [
        ("village member", True, False),
        ("police member", True, True),
        ("police approver", True, True),
        ("admin", True, True),
        ("union member", False, False),
        ("leader", False, False),
    ],
)
def test_who_manages_a_villages_security_team(app, who, own_village, other_village):
    v1, v2 = make_village(), make_village()
    police = make_org(kind=OrgKind.police)
    user = {
        "village member": lambda: make_user(org=make_org(), village=v1),
        "police member": lambda: make_user(org=police),
        "police approver": lambda: make_user(role=Role.approver, org=police),
        "admin": lambda: make_user(role=Role.admin),
        "union member": lambda: make_user(org=make_org(kind=OrgKind.women)),
        "leader": lambda: make_user(role=Role.leader),
    }[who]()

    assert can(user, Action.manage_team, v1) is own_village
    assert can(user, Action.manage_team, v2) is other_village


# Tips: anyone relays and sees the counts; the police read and handle; the approver opens.
TIP_ACTIONS = [A.relay_tip, A.view_tip_figures, A.view_tips, A.view_tip, A.handle_tip]


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("police approver", {*TIP_ACTIONS, A.open_informant}),
        ("police member", set(TIP_ACTIONS)),
        ("village member", {A.relay_tip, A.view_tip_figures}),
        ("union member", {A.relay_tip, A.view_tip_figures}),
        ("justice member", {A.relay_tip, A.view_tip_figures}),
        ("approver of another organization", {A.relay_tip, A.view_tip_figures}),
        ("leader", {A.relay_tip, A.view_tip_figures}),
        ("admin", {A.relay_tip, A.view_tip_figures}),
    ],
)
def test_who_may_do_what_with_tips(app, who, allowed):
    police = make_org(kind=OrgKind.police)
    user = {
        "police approver": lambda: make_user(role=Role.approver, org=police),
        "police member": lambda: make_user(org=police),
        "village member": lambda: make_user(org=make_org(), village=make_village()),
        "union member": lambda: make_user(org=make_org(kind=OrgKind.women)),
        "justice member": lambda: make_user(org=make_org(kind=OrgKind.justice)),
        "approver of another organization": lambda: make_user(role=Role.approver),
        "leader": lambda: make_user(role=Role.leader),
        "admin": lambda: make_user(role=Role.admin),
    }[who]()
    tip = Tip(status=TipStatus.received)

    granted = {action for action in [*TIP_ACTIONS, A.open_informant] if can(user, action, tip)}

    assert granted == allowed


def test_why_not_gives_the_four_eyes_reason_from_the_rule_itself(cast, app):
    police = cast["approver"].organization
    other_approver = make_user(role=Role.approver, org=police)
    colleague = make_user(org=police)
    own = make_entry(status=LogStatus.submitted, author=cast["approver"])
    sent = make_entry(author=colleague)
    workflow.submit(sent, cast["approver"])
    db.session.commit()

    with app.test_request_context():
        assert "Hoạt động này do bạn ghi" in why_not(cast["approver"], Action.approve_entry, own)
        assert "Bạn đã sửa hoặc gửi hoạt động này" in why_not(
            cast["approver"], Action.approve_entry, sent
        )
        assert why_not(other_approver, Action.approve_entry, sent) is None


# The year's judgements (issue 17): who self-scores, reviews and accepts, in each state. The
# assessment is v1's; "police member" entered the reviewing scores where there are some.
ASSESSMENT_ACTIONS = [
    A.score_assessment, A.review_assessment, A.accept_assessment, A.correct_assessment,
]  # fmt: skip
SC, RV, AC, CO = ASSESSMENT_ACTIONS
AS = AssessmentStatus
# actor -> the states in which each may act (any other state: nothing).
ASSESSMENT_EXPECTED: dict[str, dict[str, set[Action]]] = {
    "village_same": {"draft": {SC}, "returned": {SC}},
    "village_other": {},
    "police member": {"submitted": {RV}, "reviewing": {RV}},
    "police approver": {"submitted": {RV}, "reviewing": {RV, AC}, "decided": {CO}},
    "leader": {},
    "admin": {},
    "union member": {},
}
STATES = {
    "draft": (AS.draft, False),
    "submitted": (AS.submitted, False),
    "reviewing": (AS.submitted, True),
    "returned": (AS.returned, True),
    "reviewed": (AS.reviewed, True),
    "decided": (AS.decided, True),
}
# The commune and an agency: the police score them (an agency also by its own account), the
# officer who sent the sheet may enter the reviewing scores, another approver accepts.
POLICE_SCORES = {"draft": {SC}, "returned": {SC}, "submitted": {RV}, "reviewing": {RV}}
UNIT_EXPECTED: dict[str, dict[str, dict[str, set[Action]]]] = {
    "commune": {
        "police member": POLICE_SCORES,
        "police approver": POLICE_SCORES | {"reviewing": {RV, AC}, "decided": {CO}},
        "agency account": {},
        "village_same": {},
        "leader": {},
        "admin": {},
    },
}
UNIT_EXPECTED["agency"] = UNIT_EXPECTED["commune"] | {
    "agency account": {"draft": {SC}, "returned": {SC}}
}


@pytest.mark.parametrize("state", STATES)
def test_assessment_rights_per_actor_in_each_state(cast, state):
    police = make_org(kind=OrgKind.police)
    actors = {
        "village_same": cast["village_same"],
        "village_other": cast["village_other"],
        "police member": make_user(org=police),
        "police approver": make_user(role=Role.approver, org=police),
        "leader": cast["leader"],
        "admin": cast["admin"],
        "union member": cast["author"],
    }
    status, reviewed = STATES[state]
    assessment = Assessment(
        village=cast["village"],
        status=status,
        submitted_by_id=None if status == AS.draft else cast["village_same"].id,
        review_by_id=actors["police member"].id if reviewed else None,
    )

    allowed = {
        actor: {action for action in ASSESSMENT_ACTIONS if can(user, action, assessment)}
        for actor, user in actors.items()
    }

    assert allowed == {
        actor: states.get(state, set()) for actor, states in ASSESSMENT_EXPECTED.items()
    }


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("kind", ["commune", "agency"])
def test_commune_and_agency_rights_per_actor_in_each_state(cast, kind, state):
    police = make_org(kind=OrgKind.police)
    company = make_org(kind=OrgKind.enterprise)
    actors = {
        "police member": make_user(org=police),
        "police approver": make_user(role=Role.approver, org=police),
        "agency account": make_user(org=company),
        "village_same": cast["village_same"],
        "leader": cast["leader"],
        "admin": cast["admin"],
    }
    unit = AssessedUnit(code=kind, name=kind, kind=UnitKind(kind), organization_id=company.id)
    status, reviewed = STATES[state]
    assessment = Assessment(
        unit=unit,
        status=status,
        submitted_by_id=None if status == AS.draft else actors["police member"].id,
        review_by_id=actors["police member"].id if reviewed else None,
    )

    allowed = {
        actor: {action for action in ASSESSMENT_ACTIONS if can(user, action, assessment)}
        for actor, user in actors.items()
    }

    assert allowed == {
        actor: states.get(state, set()) for actor, states in UNIT_EXPECTED[kind].items()
    }


def test_the_chair_decides_for_the_villages_and_agencies_a_police_approver_records_the_communes(
    cast,
):
    police = make_org(kind=OrgKind.police)
    member, approver = make_user(org=police), make_user(role=Role.approver, org=police)
    kinds = ("village", "agency", "commune")
    sets = {kind: CriteriaSet(unit_kind=UnitKind(kind)) for kind in kinds}

    decides = {
        name: {kind for kind, s in sets.items() if can(who, A.decide_assessments, s)}
        for name, who in (("leader", cast["leader"]), ("approver", approver), ("member", member))
    }

    assert decides == {"leader": {"village", "agency"}, "approver": {"commune"}, "member": set()}


def test_the_police_never_review_or_accept_what_they_sent_or_scored_themselves(cast):
    police = make_org(kind=OrgKind.police)
    approver, colleague = make_user(role=Role.approver, org=police), make_user(org=police)
    sent_by_approver = Assessment(
        village=cast["village"], status=AS.submitted, submitted_by_id=approver.id,
        review_by_id=colleague.id,
    )  # fmt: skip
    scored_by_approver = Assessment(
        village=cast["village"], status=AS.submitted, submitted_by_id=cast["village_same"].id,
        review_by_id=approver.id,
    )  # fmt: skip

    assert not can(approver, A.review_assessment, sent_by_approver)
    assert not can(approver, A.accept_assessment, sent_by_approver)
    assert can(approver, A.review_assessment, scored_by_approver)
    assert not can(approver, A.accept_assessment, scored_by_approver)
