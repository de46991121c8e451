"""Issue 6's rights: who reads and who writes incident figures, awards and the report."""

import pytest

from intranet.models import OrgKind
from intranet.models import Role
from intranet.permissions import Action
from intranet.permissions import can
from tests.factories import make_org
from tests.factories import make_user

A = Action
READ = {A.view_stats, A.view_awards, A.view_report}
# (organization kind, role) -> what they may do beyond reading
PEOPLE = {
    (OrgKind.police, Role.member): {A.enter_stats, A.record_award},
    (OrgKind.police, Role.approver): {A.enter_stats, A.record_award},
    (OrgKind.people_committee, Role.leader): {A.record_award, A.write_narrative},
    (OrgKind.people_committee, Role.member): {A.record_award},
    (OrgKind.people_committee, Role.admin): set(),  # the IT clerk reads only
    (OrgKind.party, Role.leader): {A.write_narrative},
    (OrgKind.women, Role.member): set(),
    (OrgKind.steering_committee, Role.member): set(),
}
ACTIONS = [A.view_stats, A.enter_stats, A.view_awards, A.record_award, A.view_report,
           A.write_narrative]  # fmt: skip


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(("kind", "role"), list(PEOPLE), ids=lambda v: str(v))
def test_issue_6_rights_per_organization_and_role(app, kind, role, action):
    user = make_user(role=role, org=make_org(kind=kind))

    assert can(user, action) is (action in READ | PEOPLE[(kind, role)])
