"""Tips: the relay form and its receipt for everyone; the register and each tip for the police.

A relayer never sees the tip again: the answer to the form is a receipt (number and time),
kept in the session only until it is shown. Everyone may see the figures, which are counts,
as far as intranet.tips.figures allows.
"""

from datetime import datetime
from typing import Any

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import Response
from flask import session
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from intranet import evidence
from intranet import saving
from intranet.forms import FilesForm
from intranet.models import db
from intranet.models import Tip
from intranet.models import TIP_STATUS_LABELS
from intranet.models import TipStatus
from intranet.models import utcnow
from intranet.periods import local_today
from intranet.periods import year_to_date
from intranet.permissions import Action
from intranet.permissions import can
from intranet.permissions import current_actor
from intranet.permissions import require
from intranet.rendering import render
from intranet.sealing import UnreadableInformant
from intranet.tips import figures
from intranet.tips import queries
from intranet.tips import workflow
from intranet.tips.forms import HandleForm
from intranet.tips.forms import OpenInformantForm
from intranet.tips.forms import TipFilterForm
from intranet.tips.forms import TipForm

bp = Blueprint("tips", __name__)

RECEIPT_KEY = "tip_receipt"


@bp.route("/tips/new")
def new() -> str:
    """The relay form; a village account's village is chosen already."""
    require(Action.relay_tip)
    form = TipForm(client_token=saving.new_token(), received_on=local_today())
    if current_user.village_id is not None:
        form.village.data = current_user.village_id
    return render_template("tips/new.html", form=form)


@bp.route("/tips", methods=["POST"])
@evidence.accepts_uploads
def create() -> Response:
    """Record the tip with its photos (sealed), then show a receipt only; 422 or 413 with the
    form, its messages and what was typed."""
    require(Action.relay_tip)
    form = TipForm()
    valid = form.validate_on_submit()
    if not (form.prepare_attachments() and valid):
        return Response(render_template("tips/new.html", form=form), form.status)
    tip = workflow.relay(
        current_actor(),
        {
            "received_on": form.received_on.data,
            "channel": form.channel.data,
            "village_id": form.village.data,
            "category": form.category.data,
            "summary": form.summary.data,
            "informant_name": form.informant_name.data,
            "informant_contact": form.informant_contact.data,
        },
        form.client_token.data,
        files=form.prepared,
    )
    db.session.commit()
    session[RECEIPT_KEY] = {"number": tip.number, "at": tip.created_at.isoformat()}
    return redirect(url_for("tips.receipt"), 303)


@bp.route("/tips/receipt")
def receipt() -> Response:
    """The receipt of the tip just relayed, shown once (a shared tablet keeps nothing)."""
    require(Action.relay_tip)
    kept = session.pop(RECEIPT_KEY, None)
    if kept is None:
        return redirect(url_for("tips.new"), 303)
    return Response(
        render_template(
            "tips/receipt.html", number=kept["number"], at=datetime.fromisoformat(kept["at"])
        )
    )


@bp.route("/tips")
def index() -> Response:
    """The police's register, filtered, newest first; the results alone for htmx."""
    require(Action.view_tips)
    filters = TipFilterForm(request.args)
    criteria = filters.criteria()
    return render(
        "tips/index.html",
        "tips/_results.html",
        filters=filters,
        criteria=criteria,
        page=queries.tips_page(criteria, request.args.get("page")),
    )


def load_tip(tip_id: int) -> Tip:
    """The tip for the police; 404 for anyone else, whether it exists or not."""
    require(Action.view_tip)
    tip = db.get_or_404(Tip, tip_id)
    require(Action.view_tip, tip)
    return tip


def _saved_form(tip: Tip) -> HandleForm:
    """The handling form filled from the tip as saved (never from another form's post)."""
    return HandleForm(
        tip=tip,
        formdata=None,
        data={
            "status": tip.status.value,
            "handling_officer": tip.handling_officer_id,
            "outcome": tip.outcome,
            "referred_to": tip.referred_to,
            "version": str(tip.version),
        },
    )


def _show(tip: Tip, status: int = 200, **context: Any) -> Response:
    """The tip's page; a failed form comes in through ``context`` with what was typed."""
    open_for_handling = can(current_user, Action.handle_tip, tip) and not tip.status.is_closed
    context.setdefault("form", _saved_form(tip) if open_for_handling else None)
    context.setdefault("open_form", OpenInformantForm(formdata=None))
    context.setdefault("details", None)
    context.setdefault("conflict", False)
    files = evidence.for_tip(tip.id)
    if can(current_user, Action.handle_tip, tip):
        fresh = FilesForm(formdata=None, files=files, client_token=saving.new_token())
        context.setdefault("files_form", fresh)
    body = render_template(
        "tips/show.html",
        tip=tip,
        has_informant=queries.informant_of(tip) is not None,
        attachments=files,
        trail=queries.trail(tip),
        status_labels=TIP_STATUS_LABELS,
        **context,
    )
    return Response(body, status)


@bp.route("/tips/<int:tip_id>")
def show(tip_id: int) -> Response:
    """One tip: what was reported, its handling, whether an informant is on record, its trail."""
    return _show(load_tip(tip_id))


@bp.route("/tips/<int:tip_id>", methods=["POST"])
def update(tip_id: int) -> Response:
    """Handle the tip: officer, outcome, and a status move the workflow allows."""
    tip = load_tip(tip_id)
    require(Action.handle_tip, tip)
    form = HandleForm(tip=tip)
    try:
        saving.check_version(tip, form.version.data)  # first: the moves allowed now differ
        if not form.validate_on_submit():
            return _show(tip, 422, form=form)
        workflow.handle(
            tip,
            current_actor(),
            status=TipStatus(form.status.data),
            officer_id=form.handling_officer.data,
            outcome=form.outcome.data or "",
            referred_to=form.referred_to.data or "",
        )
        saving.commit(tip)
    except saving.Conflict:
        db.session.rollback()
        return _conflict(db.get_or_404(Tip, tip_id))
    flash(_("The tip was updated."), "success")
    return redirect(url_for("tips.show", tip_id=tip.id), 303)


def _conflict(tip: Tip) -> Response:
    """Someone saved the tip meanwhile: the page shows their version, the form keeps what this
    user typed, with the new version so that saving again is a deliberate choice."""
    form = HandleForm(tip=tip)
    form.version.data = str(tip.version)
    flash(
        _("Someone else changed this tip meanwhile. Check their changes, then save yours again."),
        "error",
    )
    return _show(tip, 409, form=form, conflict=True)


@bp.route("/tips/<int:tip_id>/files", methods=["POST"])
@evidence.accepts_uploads
def change_files(tip_id: int) -> Response:
    """Add photos or papers to a tip, or take some off: police only, sealed, audited; a refused
    file is a 413/422 on the tip's page with nothing saved."""
    tip = load_tip(tip_id)
    require(Action.handle_tip, tip)
    form = FilesForm(files=evidence.for_tip(tip.id))
    valid = form.validate_on_submit()
    if not (form.prepare_attachments() and valid):
        return _show(tip, form.status, files_form=form)
    if not (form.prepared or form.removed):
        flash(_("Choose files to add, or tick files to remove."), "error")
        return _show(tip, 422, files_form=form)
    workflow.change_files(tip, current_actor(), form.prepared, form.removed, form.client_token.data)
    db.session.commit()
    flash(_("The tip's files were saved."), "success")
    return redirect(url_for("tips.show", tip_id=tip.id) + "#attachments", 303)


@bp.route("/tips/<int:tip_id>/informant", methods=["POST"])
def open_informant(tip_id: int) -> Response:
    """Show who gave the tip to a police approver who typed a reason; the opening is audited."""
    tip = load_tip(tip_id)
    require(Action.open_informant, tip)
    form = OpenInformantForm()
    if not form.validate_on_submit():
        return _show(tip, 422, open_form=form)
    try:
        details = workflow.open_informant(tip, current_actor(), form.reason.data)
    except UnreadableInformant:
        db.session.commit()  # the failed attempt stays in the audit log
        flash(
            _(
                "Cannot open: no informant key on this server opens these details (a key "
                "was lost or dropped in a rotation). Report it to the administrator; "
                "your attempt was recorded."
            ),
            "error",
        )
        return _show(tip, 409, open_form=form)
    db.session.commit()
    return _show(tip, details=details, opened_at=utcnow())


@bp.route("/tips/figures")
def figures_page() -> str:
    """Tips as counts: this year so far against the same period last year, as far as this user
    may see them (intranet.tips.figures: the police everything, others the commune's totals)."""
    require(Action.view_tip_figures)
    return render_template(
        "tips/figures.html",
        figures=figures.figures_for(current_actor(), year_to_date()),
        latest=figures.latest_breakdown_period(),
        can_read_register=can(current_user, Action.view_tips),
    )
