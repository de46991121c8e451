"""The approvers' queue: submitted entries of every organization, oldest first."""

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import Response
from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from intranet.logs import queries
from intranet.logs import workflow
from intranet.logs.forms import ReturnForm
from intranet.models import ActivityLog
from intranet.models import db
from intranet.permissions import Action
from intranet.permissions import current_actor
from intranet.permissions import load_shapers
from intranet.permissions import require

bp = Blueprint("review", __name__)

BULK_LIMIT = 200


@bp.route("/review")
def index() -> str:
    """The queue with its counts per organization; each item can be approved or returned."""
    require(Action.review)
    entries = queries.review_queue()
    load_shapers(entries)  # who may approve which, in one query for the whole queue
    per_org = queries.waiting_per_organization()
    return render_template(
        "review/index.html",
        entries=entries,
        per_org=per_org,
        waiting=sum(count for _name, count in per_org),
        return_form=ReturnForm(),
        **queries.review_context(entries),
    )


@bp.route("/review/approve", methods=["POST"])
def approve_many() -> Response:
    """Approve the ticked entries, each checked as a single approval would be (four eyes: not
    those the approver wrote, edited or sent)."""
    require(Action.review)
    ids = [
        int(value)
        for value in request.form.getlist("ids")
        if value.isascii() and value.isdigit() and len(value) <= 18  # no "²", no 2⁶³
    ][:BULK_LIMIT]
    if not ids:
        flash(_("Tick the entries to approve first."), "error")
        return redirect(url_for("review.index"), 303)
    entries = list(db.session.scalars(select(ActivityLog).where(ActivityLog.id.in_(ids))))
    load_shapers(entries)
    result = workflow.approve_many(entries, current_actor())
    if result.approved:
        count = len(result.approved)
        flash(ngettext("%(num)d entry approved.", "%(num)d entries approved.", count), "success")
    if result.refused:
        count = len(result.refused)
        flash(
            ngettext(
                "%(num)d entry was left: you wrote, edited or sent it, or it is no longer waiting.",
                "%(num)d entries were left: you wrote, edited or sent them, or they are no "
                "longer waiting.",
                count,
            ),
            "warning",
        )
    if result.decided_first:
        count = len(result.decided_first)
        flash(
            ngettext(
                "%(num)d entry was decided by another approver first; it stays as they decided.",
                "%(num)d entries were decided by another approver first; they stay as decided.",
                count,
            ),
            "warning",
        )
    return redirect(url_for("review.index"), 303)
