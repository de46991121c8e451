"""The approvers' queue and their decisions: approve or return one entry, approve many.

The decisions keep the entry's URLs (`/logs/<id>/approve`, `/logs/<id>/return`): they act on
an entry, from the queue or from the entry's page, and answer either one.
"""

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import Response
from flask import url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_htmx import make_response as htmx_response
from sqlalchemy import select

from intranet import entries
from intranet import navigation
from intranet import saving
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import ReviewAction
from intranet.permissions import Action
from intranet.permissions import current_actor
from intranet.permissions import load_shapers
from intranet.permissions import require
from intranet.rendering import ENTRIES_CHANGED
from intranet.rendering import render
from intranet.rendering import render_fragment_html
from intranet.rendering import wants_fragment
from intranet.review import queries
from intranet.review import workflow
from intranet.review.forms import ReturnForm
from intranet.security import safe_next

bp = Blueprint("review", __name__)

BULK_LIMIT = 200


@bp.app_template_global()
def new_return_form() -> ReturnForm:
    """An empty return form, for the entry page's "Return to the organization" box."""
    return ReturnForm()


@bp.route("/review")
def index() -> Response:
    """The queue, a page at a time, with its counts per organization; each item can be approved
    or returned, the ticked ones approved together. The page alone for htmx."""
    require(Action.review)
    cursor = request.args.get("page")
    page = queries.queue_page(cursor)
    if cursor and not page.rows:  # everything past the cursor was decided: back to the start
        cursor, page = None, queries.queue_page(None)
    load_shapers(page.rows)  # who may approve which, in one query for the whole page
    per_org = queries.waiting_per_organization()
    first = queries.waiting_before(page.rows[0]) + 1 if cursor and page.rows else 1
    return render(
        "review/index.html",
        "review/_queue.html",
        page=page,
        cursor=cursor,
        first=first,
        per_org=per_org,
        waiting=sum(count for _name, count in per_org),
        return_form=ReturnForm(),
        queue_url=url_for("review.index", page=cursor),
        **queries.review_context(page.rows),
    )


@bp.route("/review/approve", methods=["POST"])
def approve_many() -> Response:
    """Approve the ticked entries, each checked as a single approval would be (four eyes: not
    those the approver wrote, edited or sent); then back to the same page of the queue."""
    require(Action.review)
    back = url_for("review.index", page=request.form.get("page") or None)
    ids = [
        int(value)
        for value in request.form.getlist("ids")
        if value.isascii() and value.isdigit() and len(value) <= 18  # no "²", no 2⁶³
    ][:BULK_LIMIT]
    if not ids:
        flash(_("Tick the entries to approve first."), "error")
        return redirect(back, 303)
    chosen = list(db.session.scalars(select(ActivityLog).where(ActivityLog.id.in_(ids))))
    load_shapers(chosen)
    result = workflow.approve_many(chosen, current_actor())
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
    return redirect(back, 303)


@bp.route("/logs/<int:entry_id>/approve", methods=["POST"])
def approve(entry_id: int) -> Response:
    """Approve a submitted entry; in the queue, the decided item replaces it in place."""
    entry = entries.load_entry(entry_id)
    try:
        workflow.approve(entry, current_actor())
        saving.commit(entry)
    except saving.Conflict:
        return _decided_first(entry_id)
    return _decided(entry, _("Approved: %(title)s", title=entry.title))


@bp.route("/logs/<int:entry_id>/return", methods=["POST"])
def return_entry(entry_id: int) -> Response:
    """Return a submitted entry with a reason (422 without one)."""
    entry = entries.load_entry(entry_id)
    form = ReturnForm()
    try:
        workflow.ensure_waiting(entry, current_actor())
        if not form.validate_on_submit():
            require(Action.return_entry, entry)
            return _unreturned(entry, form)
        workflow.return_entry(entry, current_actor(), form.reason_text())
        saving.commit(entry)
    except saving.Conflict:
        return _decided_first(entry_id)
    return _decided(entry, _("Returned: %(title)s", title=entry.title))


def _decided_first(entry_id: int) -> Response:
    """409: another approver approved or returned the entry first; say who and when."""
    db.session.rollback()
    entry = entries.load_entry(entry_id)
    decision = entries.last_decision(entry)
    if decision is None:  # a save raced with something else: the generic 409
        raise saving.Conflict(entry)
    values = {
        "title": entry.title,
        "name": decision.actor.full_name,
        "time": format_datetime(decision.at, "HH:mm dd/MM/yyyy"),
    }
    if decision.action == ReviewAction.approve:
        message = _("%(name)s approved “%(title)s” first, at %(time)s.", **values)
    else:
        message = _("%(name)s returned “%(title)s” first, at %(time)s.", **values)
    return _decided(entry, message, status=409)


def _unreturned(entry: ActivityLog, form: ReturnForm) -> Response:
    """422: the queue item again (htmx), or the entry's page, with the return form's message."""
    if wants_fragment():
        return render(
            "review/_item.html",
            "review/_item.html",
            status=422,
            entry=entry,
            return_form=form,
            **queries.review_context([entry]),
        )
    body = render_template("logs/show.html", return_form=form, **entries.page_context(entry))
    return Response(body, 422)


def _decided(entry: ActivityLog, message: str, status: int = 200) -> Response:
    """After approve or return: the decided item and the fresh badge (htmx), or a redirect.

    With 409 (another approver was first) the item says so in place; without htmx the
    message waits on the page the approver is sent back to.
    """
    if wants_fragment():
        first_by = message if status == 409 else None
        item = render_template("review/_decided.html", entry=entry, first_by=first_by)
        badge = render_template(
            "_shared/_badges.html", counts=navigation.badge_counts(current_actor()), oob=True
        )
        response = render_fragment_html(item + badge, status)
        return htmx_response(response, trigger=ENTRIES_CHANGED)
    flash(message, "success" if status < 400 else "warning")
    fallback = url_for("logs.show", entry_id=entry.id)
    return redirect(safe_next(request.form.get("next"), fallback), 303)
