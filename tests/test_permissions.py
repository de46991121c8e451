"""The rights table of DESIGN section 1, role by action, as permissions.can() decides it."""

import pytest
from flask_login import AnonymousUserMixin

from intranet.models import Role
from intranet.permissions import Action
from intranet.permissions import can
from tests.factories import make_user

A = Action
# role -> the actions it may do; every other action is refused.
ALLOWED: dict[Role, set[Action]] = {
    Role.member: {A.view_home},
    Role.approver: {A.view_home},
    Role.leader: {A.view_home},
    Role.admin: {A.view_home, A.manage_users, A.manage_organizations, A.manage_villages},
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_role_may_do_exactly_its_actions(app, role, action):
    user = make_user(role=role)

    assert can(user, action) is (action in ALLOWED[role])


@pytest.mark.parametrize("action", list(Action))
def test_signed_out_visitor_may_do_nothing(app, action):
    assert can(AnonymousUserMixin(), action) is False


@pytest.mark.parametrize("action", list(Action))
def test_disabled_account_may_do_nothing(app, action):
    admin = make_user(role=Role.admin, is_active=False)

    assert can(admin, action) is False
