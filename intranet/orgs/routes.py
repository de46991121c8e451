"""One organization's page: who it is and its activity log."""

from flask import Blueprint
from flask import request
from flask import Response
from flask_login import current_user
from sqlalchemy import select

from intranet.logs import queries
from intranet.models import db
from intranet.models import Organization
from intranet.permissions import Action
from intranet.permissions import require
from intranet.rendering import render

bp = Blueprint("orgs", __name__)


@bp.route("/orgs/<code>")
def show(code: str) -> Response:
    """The organization and the entries of its log that the user may see, newest first."""
    require(Action.view_logs)
    organization = db.first_or_404(select(Organization).where(Organization.code == code))
    criteria = {"org": organization.code}
    page = queries.entries_page(current_user, criteria, request.args.get("page"))
    return render(
        "orgs/show.html",
        "logs/_results.html",
        organization=organization,
        criteria=criteria,
        page=page,
        returned=queries.return_reasons(page.rows),
        is_own=current_user.organization_id == organization.id,
    )
