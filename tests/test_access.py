"""Every route of app.url_map, requested as every role: the expected status, full and htmx.

A route added without a line in EXPECTED fails test_every_route_has_a_rule, so no page can
appear without someone deciding who may open it.
"""

import pytest
from flask import url_for
from sqlalchemy import select

from intranet.demo import DEMO_PASSWORD
from intranet.models import db
from intranet.models import Organization
from intranet.models import User
from intranet.models import Village

ROLES = {
    "anonymous": None,
    "admin": "admin",
    "approver": "congan.truong",
    "police_member": "congan.canbo",
    "member": "mttq",
    "leader": "lanhdao",
    "village": "lang07",
}
SIGNED_IN = [role for role in ROLES if role != "anonymous"]


def everyone(status: int, anonymous: int = 302) -> dict[str, int]:
    return {"anonymous": anonymous} | {role: status for role in SIGNED_IN}


def admin_only(admin_status: int) -> dict[str, int]:
    return everyone(403) | {"admin": admin_status}


# (endpoint, method) -> role -> status. POSTs are sent with an empty form.
EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("board.healthz", "GET"): everyone(200, anonymous=200),
    ("auth.login", "GET"): everyone(303, anonymous=200),
    ("auth.login", "POST"): everyone(422, anonymous=422),
    ("auth.locale", "POST"): everyone(303, anonymous=303),
    ("board.index", "GET"): everyone(200),
    ("admin.users", "GET"): admin_only(200),
    ("admin.new_user", "GET"): admin_only(200),
    ("admin.create_user", "POST"): admin_only(422),
    ("admin.user", "GET"): admin_only(303),
    ("admin.edit_user", "GET"): admin_only(200),
    ("admin.update_user", "POST"): admin_only(422),
    ("admin.set_password", "POST"): admin_only(422),
    ("admin.organizations", "GET"): admin_only(200),
    ("admin.new_organization", "GET"): admin_only(200),
    ("admin.create_organization", "POST"): admin_only(422),
    ("admin.organization", "GET"): admin_only(303),
    ("admin.edit_organization", "GET"): admin_only(200),
    ("admin.update_organization", "POST"): admin_only(422),
    ("admin.villages", "GET"): admin_only(200),
    ("admin.new_village", "GET"): admin_only(200),
    ("admin.create_village", "POST"): admin_only(422),
    ("admin.village", "GET"): admin_only(303),
    ("admin.edit_village", "GET"): admin_only(200),
    ("admin.update_village", "POST"): admin_only(422),
    # Last: it ends the session.
    ("auth.logout", "POST"): everyone(303, anonymous=303),
}

# In fragments the row itself is answered instead of a redirect to the list.
PARTIAL_OVERRIDES = {
    ("admin.user", "GET"): {"admin": 200},
    ("admin.organization", "GET"): {"admin": 200},
    ("admin.village", "GET"): {"admin": 200},
}


def _url(app, endpoint: str) -> str:
    ids = {
        "user_id": db.session.scalar(select(User.id).where(User.username == "mttq")),
        "org_id": db.session.scalar(select(Organization.id).where(Organization.code == "phunu")),
        "village_id": db.session.scalar(select(Village.id).where(Village.code == "lang07")),
    }
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    with app.test_request_context():
        return url_for(endpoint, **{arg: ids[arg] for arg in rule.arguments})


def test_every_route_has_a_rule(app):
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }

    assert routes == set(EXPECTED)


def _walk(client, role: str, headers: dict[str, str], overrides: dict) -> tuple[dict, dict]:
    if ROLES[role]:
        response = client.post("/login", data={"username": ROLES[role], "password": DEMO_PASSWORD})
        assert response.status_code == 303
    actual = {}
    for endpoint, method in EXPECTED:
        response = client.open(_url(client.application, endpoint), method=method, headers=headers)
        actual[(endpoint, method)] = response.status_code
    expected = {
        key: overrides.get(key, {}).get(role, statuses[role]) for key, statuses in EXPECTED.items()
    }
    return actual, expected


@pytest.mark.parametrize("role", ROLES)
def test_full_page_status_per_role(client, demo, role):
    actual, expected = _walk(client, role, {}, {})

    assert actual == expected


@pytest.mark.parametrize("role", ROLES)
def test_htmx_partial_status_per_role(client, demo, hx, role):
    overrides = dict(PARTIAL_OVERRIDES)
    if role == "anonymous":
        guarded = {k for k, v in EXPECTED.items() if v["anonymous"] == 302}
        overrides |= {key: {"anonymous": 401} for key in guarded}
    actual, expected = _walk(client, role, hx.partial, overrides)

    assert actual == expected


def test_refusal_in_a_fragment_lands_in_the_alert_region(client, demo, login, hx):
    login("mttq")

    response = client.get("/admin/users/1/edit", headers=hx.partial)

    assert response.status_code == 403
    assert response.headers["HX-Retarget"] == "#alerts"
    assert response.headers["HX-Reswap"] == "innerHTML"
    assert "Tài khoản của bạn không được làm việc này." in response.get_data(as_text=True)
    assert "<html" not in response.get_data(as_text=True)
