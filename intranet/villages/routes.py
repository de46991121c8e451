"""The villages blueprint: every address of the feature, and the view that answers it.

The views live by subject: the register and a village's page (pages.py), its security team
(roster.py), the tablet's patrol form (patrols.py), mediation (mediation_routes.py).
"""

from flask import Blueprint

from intranet.villages import mediation_routes
from intranet.villages import pages
from intranet.villages import patrols
from intranet.villages import roster

bp = Blueprint("villages", __name__)

POST = ["POST"]
RULES = (
    ("/villages", pages.index, None),
    ("/villages/<code>", pages.show, None),
    ("/villages/<code>/team", roster.update_team, POST),
    ("/villages/<code>/members", roster.create_member, POST),
    ("/villages/<code>/members/<int:member_id>", roster.member, None),
    ("/villages/<code>/members/<int:member_id>/edit", roster.edit_member, None),
    ("/villages/<code>/members/<int:member_id>", roster.update_member, POST),
    ("/villages/<code>/members/<int:member_id>/leave", roster.leave, POST),
    ("/villages/<code>/patrol", patrols.new_patrol, None),
    ("/villages/<code>/patrol", patrols.create_patrol, POST),
    ("/villages/<code>/mediators", mediation_routes.add_mediator, POST),
    ("/villages/<code>/mediators/<int:mediator_id>/leave", mediation_routes.mediator_leave, POST),
    ("/villages/<code>/cases/new", mediation_routes.new_case, None),
    ("/villages/<code>/cases", mediation_routes.create_case, POST),
    ("/villages/<code>/cases/<int:case_id>", mediation_routes.case, None),
    ("/villages/<code>/cases/<int:case_id>/close", mediation_routes.close_case, POST),
    ("/villages/<code>/cases/<int:case_id>/files", mediation_routes.change_case_files, POST),
)

for rule, view, methods in RULES:
    bp.add_url_rule(rule, view.__name__, view, methods=methods)
