"""Every route of app.url_map, requested as every role: the expected status, full and htmx.

A route added without a line in EXPECTED fails test_every_route_has_a_rule, so no page can
appear without someone deciding who may open it.
"""

import pytest

from intranet.demo import DEMO_PASSWORD
from tests.helpers import every_route
from tests.helpers import route_url

# The rights matrix over HTTP: the same on both databases. Every GET route still meets
# PostgreSQL in tests/tips/test_leak.py's walk.
pytestmark = pytest.mark.sqlite_only

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


def writers(status: int) -> dict[str, int]:
    """Members and approvers write entries; leaders and the administrator do not."""
    return everyone(status) | {"admin": 403, "leader": 403}


def team_managers(status: int) -> dict[str, int]:
    """lang07's team: the police, the administrator and the village's own account."""
    managers = ("admin", "approver", "police_member", "village")
    return everyone(403) | {role: status for role in managers}


def police(status: int, refused: int = 404, anonymous: int = 302) -> dict[str, int]:
    """The commune police (approver and member); everyone else is refused."""
    return everyone(refused, anonymous) | {"approver": status, "police_member": status}


def award_recorders(status: int) -> dict[str, int]:
    """Awards and gifts: the police and the People's Committee's leader (not the IT clerk)."""
    return everyone(403) | {role: status for role in ("approver", "police_member", "leader")}


def papers(status: int) -> dict[str, int]:
    """Every account but the village's."""
    return everyone(status) | {"village": 403}


def approvers(status: int) -> dict[str, int]:
    return everyone(403) | {"approver": status}


# (endpoint, method) -> role -> status. POSTs are sent with an empty form.
EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("board.healthz", "GET"): everyone(200, anonymous=200),
    ("board.favicon", "GET"): everyone(200, anonymous=200),
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
    ("admin.sign_out_user", "POST"): admin_only(303),
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
    # Police and approver accounts change when a police approver accepts (issue 12). The
    # change walked makes mttq an approver: rejected first, it cannot be accepted after.
    ("admin.changes", "GET"): everyone(403) | {"admin": 200, "approver": 200},
    ("admin.reject_change", "POST"): everyone(403) | {"approver": 303},
    ("admin.accept_change", "POST"): everyone(403),
    ("board.feed", "GET"): everyone(303),
    ("logs.index", "GET"): everyone(200),
    ("logs.export_xlsx", "GET"): everyone(200),
    ("logs.badges", "GET"): everyone(200),
    ("logs.new", "GET"): writers(200),
    ("logs.create", "POST"): writers(422),
    # The entry walked is approved (phunu's): everyone reads it, nobody may change it.
    ("logs.show", "GET"): everyone(200),
    ("logs.edit", "GET"): everyone(403),
    ("logs.update", "POST"): everyone(403),
    ("logs.submit", "POST"): everyone(403),
    # An approver finds it decided already: told who was first (a redirect, 409 for htmx).
    ("review.approve", "POST"): everyone(403) | {"approver": 303},
    ("review.return_entry", "POST"): everyone(403) | {"approver": 303},
    ("logs.delete", "POST"): everyone(403),
    ("logs.correct", "POST"): everyone(403),
    # A file follows its entry's rights (issue 16): the walked entry is approved, seen by all.
    ("attachments.show", "GET"): everyone(200),
    ("attachments.thumbnail", "GET"): everyone(200),
    ("attachments.icon", "GET"): everyone(200),
    ("review.index", "GET"): approvers(200),
    ("review.approve_many", "POST"): approvers(303),
    ("orgs.show", "GET"): everyone(200),
    ("villages.index", "GET"): everyone(200),
    ("villages.show", "GET"): everyone(200),
    # lang07's roster: the police, the administrator and lang07 itself manage it.
    ("villages.update_team", "POST"): team_managers(422),
    ("villages.create_member", "POST"): team_managers(422),
    ("villages.member", "GET"): everyone(303),
    ("villages.edit_member", "GET"): team_managers(200),
    ("villages.update_member", "POST"): team_managers(422),
    ("villages.leave", "POST"): team_managers(303),
    ("villages.new_patrol", "GET"): writers(200),
    ("villages.add_mediator", "POST"): everyone(403) | {"admin": 422, "village": 422},
    ("villages.mediator_leave", "POST"): everyone(403) | {"admin": 303, "village": 303},
    ("villages.new_case", "GET"): everyone(403) | {"village": 200},
    ("villages.create_case", "POST"): everyone(403) | {"village": 422},
    # An open case of lang07: the parties are the police's and the village's to see.
    ("villages.case", "GET"): everyone(404)
    | {"approver": 200, "police_member": 200, "village": 200},
    ("villages.close_case", "POST"): everyone(404)
    | {"approver": 403, "police_member": 403, "village": 422},
    # Papers added to a case later: the justice office and the village (an empty form: 422).
    ("villages.change_case_files", "POST"): everyone(404)
    | {"approver": 403, "police_member": 403, "village": 422},
    ("villages.create_patrol", "POST"): writers(422),
    # Tips: anyone relays one (an empty form is refused); the register is the police's, a
    # single tip is hidden from everyone else, and only the approver opens an informant.
    ("tips.new", "GET"): everyone(200),
    ("tips.create", "POST"): everyone(422),
    ("tips.receipt", "GET"): everyone(303),
    ("tips.figures_page", "GET"): everyone(200),
    ("tips.index", "GET"): police(200, refused=403),
    ("tips.show", "GET"): police(200),
    ("tips.update", "POST"): police(409),  # an empty form carries no version
    ("tips.open_informant", "POST"): police(422) | {"police_member": 403},
    ("tips.change_files", "POST"): police(422),  # an empty form adds nothing
    # Incident figures: everyone reads them, the police enter them (an empty form saves nothing).
    ("stats.index", "GET"): everyone(200),
    ("stats.save_grid", "POST"): everyone(403) | {"approver": 303, "police_member": 303},
    ("stats.save_cell", "POST"): everyone(403) | {"approver": 303, "police_member": 303},
    # Awards and gifts: everyone reads them; the police and the People's Committee record them.
    ("awards.index", "GET"): everyone(200),
    ("awards.export_xlsx", "GET"): everyone(200),
    ("awards.new", "GET"): award_recorders(200),
    ("awards.create", "POST"): award_recorders(422),
    ("awards.edit", "GET"): award_recorders(200),
    ("awards.update", "POST"): award_recorders(422),
    ("awards.delete", "POST"): award_recorders(303),
    ("awards.new_gift", "GET"): award_recorders(200),
    ("awards.create_gift", "POST"): award_recorders(422),
    ("awards.edit_gift", "GET"): award_recorders(200),
    ("awards.update_gift", "POST"): award_recorders(422),
    ("awards.delete_gift", "POST"): award_recorders(303),
    # The festival-day report: everyone reads it; leaders write its words (an empty form saves).
    ("reports.index", "GET"): everyone(303),
    ("reports.show", "GET"): everyone(200),
    ("reports.docx", "GET"): everyone(200),
    ("reports.xlsx", "GET"): everyone(200),
    ("reports.save_narrative", "POST"): everyone(403) | {"leader": 303},
    # Leaders choose the photos too (an empty form chooses none).
    ("reports.choose_photos", "GET"): everyone(403) | {"leader": 200},
    ("reports.save_photos", "POST"): everyone(403) | {"leader": 303},
    # The year's judgements (issue 17): lang07's 2025 assessment, sent to the commune police.
    # Everyone reads it; an empty form scores nothing (422 for those who may act).
    ("assessments.index", "GET"): everyone(303),
    ("assessments.year", "GET"): everyone(200),
    ("assessments.show", "GET"): everyone(200),
    ("assessments.sheet_docx", "GET"): everyone(200),
    ("assessments.list_xlsx", "GET"): papers(200),  # every village's scores: not a village's
    ("assessments.save", "POST"): everyone(403),  # sent: no longer the village's to change
    ("assessments.submit", "POST"): everyone(403),
    ("assessments.review", "POST"): police(422, refused=403),
    ("assessments.return_assessment", "POST"): police(422, refused=403),
    ("assessments.accept", "POST"): everyone(403),  # no reviewing score entered yet
    # The police record the steering committee's appraisal, the chair (a leader) decides.
    ("assessments.appraise", "POST"): police(422, refused=403),
    ("assessments.decide", "POST"): everyone(403) | {"leader": 422},
    # The commune's papers: the commune's offices, each once its step has happened (none here
    # but the police's draft proposal); a village account sees its own sheets only.
    ("assessments.proposal_docx", "GET"): papers(404) | {"approver": 200, "police_member": 200},
    ("assessments.proposal_xlsx", "GET"): papers(404) | {"approver": 200, "police_member": 200},
    ("assessments.minutes_docx", "GET"): papers(404),
    ("assessments.decision_docx", "GET"): papers(404),
    ("assessments.decision_xlsx", "GET"): papers(404),
    # A correction opens on a decided assessment only (a police approver): this one is sent.
    ("assessments.correct", "POST"): everyone(403),
    ("assessments.ratings", "GET"): papers(200),  # every team's members: not a village's
    ("assessments.start_ratings", "POST"): police(303, refused=403),  # started: to its page
    ("assessments.save_ratings", "POST"): police(409, refused=403),  # no version sent
    ("assessments.check_ratings", "POST"): police(200, refused=403),
    ("assessments.decide_ratings", "POST"): everyone(403) | {"leader": 422},
    ("assessments.correct_ratings", "POST"): everyone(403),  # the walked draft is not decided
    ("assessments.ratings_docx", "GET"): papers(200),
    ("assessments.ratings_xlsx", "GET"): papers(200),
    ("assessments.criteria_set", "GET"): everyone(200),
    ("assessments.edit_criterion", "GET"): police(200, refused=403),
    ("assessments.update_criterion", "POST"): police(422, refused=403),
    ("assessments.edit_scale", "GET"): police(200, refused=403),
    ("assessments.update_scale", "POST"): police(422, refused=403),  # an empty form: 422
    # Last: it ends the session.
    ("auth.logout", "POST"): everyone(303, anonymous=303),
}

# In fragments the row itself is answered instead of a redirect to the list.
PARTIAL_OVERRIDES = {
    ("review.approve", "POST"): {"approver": 409},
    ("review.return_entry", "POST"): {"approver": 409},
    ("board.feed", "GET"): {role: 204 for role in SIGNED_IN},
    ("villages.member", "GET"): {role: 200 for role in SIGNED_IN},
    ("villages.leave", "POST"): {
        role: 200 for role in ("admin", "approver", "police_member", "village")
    },
    ("villages.mediator_leave", "POST"): {"admin": 200, "village": 200},
    ("stats.save_cell", "POST"): {"approver": 200, "police_member": 200},
    ("reports.save_narrative", "POST"): {"leader": 200},
    ("reports.save_photos", "POST"): {"leader": 200},
    ("admin.user", "GET"): {"admin": 200},
    ("admin.sign_out_user", "POST"): {"admin": 200},
    ("admin.organization", "GET"): {"admin": 200},
    ("admin.village", "GET"): {"admin": 200},
}


def test_every_route_has_a_rule(app):
    assert set(every_route(app)) == set(EXPECTED)


def _walk(client, role: str, headers: dict[str, str], overrides: dict) -> tuple[dict, dict]:
    if ROLES[role]:
        response = client.post("/login", data={"username": ROLES[role], "password": DEMO_PASSWORD})
        assert response.status_code == 303
    actual = {}
    for endpoint, method in EXPECTED:
        response = client.open(
            route_url(client.application, endpoint), method=method, headers=headers
        )
        actual[(endpoint, method)] = response.status_code
    expected = {
        key: overrides.get(key, {}).get(role, statuses[role]) for key, statuses in EXPECTED.items()
    }
    return actual, expected


@pytest.mark.parametrize("role", ROLES)
def test_full_page_status_per_role(client, approved_entry, role):
    actual, expected = _walk(client, role, {}, {})

    assert actual == expected


@pytest.mark.parametrize("role", ROLES)
def test_htmx_partial_status_per_role(client, approved_entry, hx, role):
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
