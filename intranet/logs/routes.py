"""Activity log entries: the list, the form, the entry page and its transitions."""

from typing import Any

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import Response
from flask import url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_htmx import make_response as htmx_response
from flask_login import current_user

from intranet import evidence
from intranet import navigation
from intranet import saving
from intranet.logs import export
from intranet.logs import queries
from intranet.logs import workflow
from intranet.logs.forms import EntryForm
from intranet.logs.forms import FilterForm
from intranet.logs.forms import ReturnForm
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import LogStatus
from intranet.models import ReviewAction
from intranet.periods import local_today
from intranet.permissions import Action
from intranet.permissions import can
from intranet.permissions import current_actor
from intranet.permissions import require
from intranet.rendering import client_redirect
from intranet.rendering import ENTRIES_CHANGED
from intranet.rendering import render
from intranet.rendering import render_error
from intranet.rendering import render_fragment_html
from intranet.rendering import wants_fragment
from intranet.security import safe_next

bp = Blueprint("logs", __name__)


def load_entry(entry_id: int) -> ActivityLog:
    """The entry if the current user may see it; 404 otherwise (its existence stays hidden)."""
    entry = db.get_or_404(ActivityLog, entry_id)
    require(Action.view_entry, entry)
    return entry


@bp.route("/logs")
def index() -> Response:
    """Every entry the user may see, filtered, 25 per page; the results alone for htmx."""
    require(Action.view_logs)
    filters = FilterForm(request.args)
    criteria = filters.criteria()
    page = queries.entries_page(current_actor(), criteria, request.args.get("page"))
    return render(
        "logs/index.html",
        "logs/_results.html",
        filters=filters,
        criteria=criteria,
        page=page,
        returned=queries.return_reasons(page.rows),
        files=evidence.summaries(entry.id for entry in page.rows),
    )


@bp.route("/logs.xlsx")
def export_xlsx() -> Response:
    """The filtered list as an Excel file with Vietnamese headers (never CSV)."""
    require(Action.view_logs)
    criteria = FilterForm(request.args).criteria()
    return export.xlsx_response(current_actor(), criteria)


@bp.route("/logs/new")
def new() -> str:
    """The form for a new entry, with a fresh token against double posts."""
    require(Action.create_entry)
    form = EntryForm(user=current_actor(), client_token=saving.new_token(), date=local_today())
    if request.args.get("kind"):
        form.kind.process_data(request.args["kind"])
    if current_user.village_id is not None:
        form.village.data = current_user.village_id
    return render_template("logs/new.html", form=form)


@bp.route("/logs", methods=["POST"])
@evidence.accepts_uploads
def create() -> Response:
    """Save a new draft with its files (or submit it at once); 422 or 413 with the form, its
    messages and everything typed."""
    require(Action.create_entry)
    form = EntryForm(user=current_actor())
    valid = form.validate_on_submit()
    if not (form.prepare_attachments() and valid):
        return render(
            "logs/new.html",
            "logs/_form.html",
            status=form.status,
            form=form,
            entry=None,
            conflict=None,
        )
    entry = workflow.create(
        current_actor(), form.values(), form.client_token.data, files=form.prepared
    )
    if request.form.get("then") == "submit" and entry.status == LogStatus.draft:
        workflow.submit(entry, current_actor())
    db.session.commit()
    flash(_saved_message(entry), "success")
    return _to_entry(entry)


def _saved_message(entry: ActivityLog) -> str:
    if entry.status == LogStatus.submitted:
        return _("The entry was sent for approval.")
    return _("The entry was saved as a draft.")


def _to_entry(entry: ActivityLog) -> Response:
    """Go to the entry's page: a redirect, or for htmx a client-side one."""
    return client_redirect(url_for("logs.show", entry_id=entry.id))


@bp.route("/logs/<int:entry_id>")
def show(entry_id: int) -> Response:
    """One entry: the return reason first when returned, its content, actions and history."""
    return _show_page(load_entry(entry_id), ReturnForm())


def _show_page(entry: ActivityLog, return_form: ReturnForm, status: int = 200) -> Response:
    history = queries.history(entry)
    changes = workflow.changes_since_return(history, entry)
    body = render_template(
        "logs/show.html",
        entry=entry,
        attachments=evidence.for_entry(entry.id),
        history=history,
        last_return=next((e for e in reversed(history) if e.action == ReviewAction.return_), None),
        changes=changes,
        villages=queries.village_names(changes),
        return_form=return_form,
    )
    return Response(body, status)


@bp.route("/logs/<int:entry_id>/edit")
def edit(entry_id: int) -> str:
    """The entry's form, for a draft or a returned entry."""
    entry = load_entry(entry_id)
    require(Action.edit_entry, entry)
    files = evidence.for_entry(entry.id)
    form = EntryForm(obj=entry, user=current_actor(), village=entry.village_id, files=files)
    return render_template("logs/edit.html", form=form, entry=entry, conflict=None)


@bp.route("/logs/<int:entry_id>", methods=["POST"])
@evidence.accepts_uploads
def update(entry_id: int) -> Response:
    """Save the entry and its files: 422 or 413 on bad input, 409 with both versions when
    someone saved first."""
    entry = load_entry(entry_id)
    require(Action.edit_entry, entry)
    form = EntryForm(user=current_actor(), files=evidence.for_entry(entry.id))
    valid = form.validate_on_submit()
    if not (form.prepare_attachments() and valid):
        return _edit_page(form, entry, form.status)
    try:
        workflow.update(
            entry,
            current_actor(),
            form.values(),
            form.version.data or "",
            files=form.prepared,
            remove=form.remove_attachments.data or [],
        )
        if request.form.get("then") == "submit":
            workflow.submit(entry, current_actor())
        saving.commit(entry)
    except saving.Conflict:
        db.session.rollback()
        current = db.session.get(ActivityLog, entry_id)
        form.version.data = str(current.version)
        form.files = evidence.for_entry(entry_id)
        return _edit_page(form, current, 409, conflict=current)
    flash(_saved_message(entry) if entry.status != LogStatus.returned else _("Saved."), "success")
    return _to_entry(entry)


def _edit_page(form: EntryForm, entry: ActivityLog, status: int, conflict: Any = None) -> Response:
    return render(
        "logs/edit.html",
        "logs/_form.html",
        status=status,
        form=form,
        entry=entry,
        conflict=conflict,
    )


@bp.route("/logs/<int:entry_id>/submit", methods=["POST"])
def submit(entry_id: int) -> Response:
    """Send a draft or a returned entry for approval."""
    entry = load_entry(entry_id)
    workflow.submit(entry, current_actor())
    db.session.commit()
    flash(_("The entry was sent for approval."), "success")
    return _to_entry(entry)


@bp.route("/logs/<int:entry_id>/approve", methods=["POST"])
def approve(entry_id: int) -> Response:
    """Approve a submitted entry; in the queue, the decided item replaces it in place."""
    entry = load_entry(entry_id)
    try:
        workflow.approve(entry, current_actor())
        saving.commit(entry)
    except saving.Conflict:
        return _decided_first(entry_id)
    return _decided(entry, _("Approved: %(title)s", title=entry.title))


@bp.route("/logs/<int:entry_id>/return", methods=["POST"])
def return_entry(entry_id: int) -> Response:
    """Return a submitted entry with a reason (422 without one)."""
    entry = load_entry(entry_id)
    form = ReturnForm()
    try:
        workflow.ensure_waiting(entry, current_actor())
        if not form.validate_on_submit():
            require(Action.return_entry, entry)
            return _queue_item(entry, form, 422)
        workflow.return_entry(entry, current_actor(), form.reason_text())
        saving.commit(entry)
    except saving.Conflict:
        return _decided_first(entry_id)
    return _decided(entry, _("Returned: %(title)s", title=entry.title))


def _decided_first(entry_id: int) -> Response:
    """409: another approver approved or returned the entry first; say who and when."""
    db.session.rollback()
    entry = load_entry(entry_id)
    decision = queries.last_decision(entry)
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


def _queue_item(entry: ActivityLog, form: ReturnForm, status: int) -> Response:
    """The queue item again (htmx), or the entry page, with the return form's message."""
    if wants_fragment():
        return render(
            "review/_item.html",
            "review/_item.html",
            status=status,
            entry=entry,
            return_form=form,
            **queries.review_context([entry]),
        )
    return _show_page(entry, form, status)


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


@bp.route("/logs/<int:entry_id>/delete", methods=["POST"])
def delete(entry_id: int) -> Response:
    """Delete a draft."""
    entry = load_entry(entry_id)
    workflow.delete(entry, current_actor())
    db.session.commit()
    flash(_("The draft was deleted."), "success")
    return redirect(url_for("logs.index"), 303)


@bp.route("/logs/<int:entry_id>/correct", methods=["POST"])
def correct(entry_id: int) -> Response:
    """Start a correction of an approved entry: a new linked draft to edit."""
    entry = load_entry(entry_id)
    try:
        correction = workflow.correct(entry, current_actor())
        db.session.commit()
    except saving.Conflict as conflict:
        started = conflict.row
        if started is None or not can(current_actor(), Action.view_entry, started):
            return render_error(409, _("A correction of this entry was already started."))
        flash(_("A correction of this entry was already started: here it is."), "warning")
        return redirect(url_for("logs.show", entry_id=started.id), 303)
    flash(_("A correction was started. Edit it and send it for approval."), "success")
    return redirect(url_for("logs.edit", entry_id=correction.id), 303)


@bp.route("/logs/badges")
def badges() -> str:
    """The navigation badges (to review, returned, new tips), refreshed without a reload."""
    require(Action.view_logs)
    return render_template(
        "_shared/_badges.html", counts=navigation.badge_counts(current_actor()), oob=False
    )
