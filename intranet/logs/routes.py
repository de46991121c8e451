"""Activity log entries: the list, the form, the entry page and the writers' steps (the
approvers' decisions on an entry are in review/routes.py)."""

from typing import Any

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import Response
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from intranet import evidence
from intranet import navigation
from intranet import saving
from intranet.entries import load_entry
from intranet.entries import page_context
from intranet.logs import export
from intranet.logs import queries
from intranet.logs import workflow
from intranet.logs.forms import EntryForm
from intranet.logs.forms import FilterForm
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import LogStatus
from intranet.periods import local_today
from intranet.permissions import Action
from intranet.permissions import can
from intranet.permissions import current_actor
from intranet.permissions import require
from intranet.rendering import client_redirect
from intranet.rendering import render
from intranet.rendering import render_error

bp = Blueprint("logs", __name__)


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
    user = current_actor()
    form = EntryForm(
        user=user,
        client_token=saving.new_token(),
        date=local_today(),
        roster=_roster(user),
        last_writer=queries.last_writer(user, user.village_id) if user.village_id else None,
    )
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
    form = EntryForm(user=current_actor(), roster=_roster(current_actor()))
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
        current_actor(),
        form.values(),
        form.client_token.data,
        form.written_by.data,
        files=form.prepared,
    )
    if request.form.get("then") == "submit" and entry.status == LogStatus.draft:
        workflow.submit(entry, current_actor())
    db.session.commit()
    flash(_saved_message(entry), "success")
    home = navigation.tablet_home(current_actor())
    return client_redirect(home) if home else _to_entry(entry)


def _roster(user: Any) -> list[Any]:
    """A village tablet's team, whose members tap who is writing; nobody for other accounts."""
    return queries.tablet_roster(user.village_id) if user.village_id is not None else []


def _saved_message(entry: ActivityLog) -> str:
    if entry.status == LogStatus.submitted:
        return _("The entry was sent for approval.")
    return _("The entry was saved as a draft.")


def _to_entry(entry: ActivityLog) -> Response:
    """Go to the entry's page: a redirect, or for htmx a client-side one."""
    return client_redirect(url_for("logs.show", entry_id=entry.id))


@bp.route("/logs/<int:entry_id>")
def show(entry_id: int) -> str:
    """One entry: the return reason first when returned, its content, actions and history."""
    return render_template("logs/show.html", **page_context(load_entry(entry_id)))


@bp.route("/logs/<int:entry_id>/edit")
def edit(entry_id: int) -> str:
    """The entry's form, for a draft or a returned entry."""
    entry = load_entry(entry_id)
    require(Action.edit_entry, entry)
    files = evidence.for_entry(entry.id)
    form = EntryForm(obj=entry, user=current_actor(), village=entry.village_id, files=files)
    return render_template(
        "logs/edit.html", form=form, entry=entry, conflict=None, last_return=_last_return(entry)
    )


def _last_return(entry: ActivityLog) -> Any:
    """The return whose reason a returned entry's edit page shows above the form."""
    return queries.return_reasons([entry]).get(entry.id)


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
        last_return=_last_return(entry),
    )


@bp.route("/logs/<int:entry_id>/submit", methods=["POST"])
def submit(entry_id: int) -> Response:
    """Send a draft or a returned entry for approval."""
    entry = load_entry(entry_id)
    workflow.submit(entry, current_actor())
    db.session.commit()
    flash(_("The entry was sent for approval."), "success")
    return _to_entry(entry)


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
