"""The village's mediation team and its cases (Law 35/2013)."""

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import Response
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from intranet import evidence
from intranet import navigation
from intranet import saving
from intranet.forms import FilesForm
from intranet.models import db
from intranet.models import MediationCase
from intranet.models import MediationTeam
from intranet.models import Mediator
from intranet.models import Village
from intranet.periods import local_today
from intranet.permissions import Action
from intranet.permissions import can
from intranet.permissions import current_actor
from intranet.permissions import require
from intranet.villages import workflow
from intranet.villages.forms import CaseForm
from intranet.villages.forms import CloseCaseForm
from intranet.villages.forms import MediatorForm
from intranet.villages.pages import section_answer
from intranet.villages.pages import village_or_404


def add_mediator(code: str) -> Response:
    """Add a mediator to the village's mediation team."""
    village = village_or_404(code)
    require(Action.manage_mediators, village)
    form = MediatorForm()
    if not form.validate_on_submit():
        return section_answer(village, "mediation", "", 422, mediator_form=form)
    mediator = workflow.add_mediator(
        village, current_actor(), form.full_name.data, form.gender.data, form.is_minority.data
    )
    saving.commit(mediator)
    return section_answer(
        village, "mediation", _("%(name)s joined the mediation team.", name=mediator.full_name)
    )


def mediator_leave(code: str, mediator_id: int) -> Response:
    """A mediator leaves the team today; they stay on record."""
    village = village_or_404(code)
    require(Action.manage_mediators, village)
    mediator = db.get_or_404(Mediator, mediator_id)
    if db.session.get(MediationTeam, mediator.team_id).village_id != village.id:
        abort(404)
    workflow.mediator_leaves(mediator, village, current_actor())
    saving.commit(mediator)
    return section_answer(
        village, "mediation", _("%(name)s left the mediation team.", name=mediator.full_name)
    )


def new_case(code: str) -> str:
    """The form for a dispute brought to the mediation team."""
    village = village_or_404(code)
    require(Action.record_case, village)
    form = CaseForm(received_on=local_today(), client_token=saving.new_token())
    return render_template("villages/case_new.html", village=village, form=form)


@evidence.accepts_uploads
def create_case(code: str) -> Response:
    """Record a case with its papers; a double tap records it once."""
    village = village_or_404(code)
    require(Action.record_case, village)
    form = CaseForm()
    valid = form.validate_on_submit()
    if not (form.prepare_attachments() and valid):
        body = render_template("villages/case_new.html", village=village, form=form)
        return Response(body, form.status)
    case, created = workflow.record_case(
        village, current_actor(), form.data, form.client_token.data, files=form.prepared
    )
    if created:
        saving.commit(case)
        flash(_("The case was recorded."), "success")
    # A village tablet goes back to its village page; the justice office sees the case.
    home = navigation.tablet_home(current_actor())
    return redirect(home or url_for("villages.case", code=village.code, case_id=case.id), 303)


def _case(village: Village, case_id: int) -> MediationCase:
    case = db.get_or_404(MediationCase, case_id)
    if case.village_id != village.id:
        abort(404)
    require(Action.view_case, case)
    return case


def case(code: str, case_id: int) -> Response:
    """One case with its parties and papers (justice, police, the village only), and the
    closing form."""
    village = village_or_404(code)
    row = _case(village, case_id)
    return _case_page(village, row, CloseCaseForm(version=row.version), 200)


@evidence.accepts_uploads
def change_case_files(code: str, case_id: int) -> Response:
    """Add papers to a case after it was recorded (open or closed), or take some off: 413/422
    on the case page with nothing saved when a file is refused."""
    village = village_or_404(code)
    row = _case(village, case_id)
    require(Action.record_case, village)
    form = FilesForm(files=evidence.files_of(row))
    valid = form.validate_on_submit()
    close_form = CloseCaseForm(formdata=None, version=row.version)
    if not (form.prepare_attachments() and valid):
        return _case_page(village, row, close_form, form.status, files_form=form)
    if not (form.prepared or form.removed):
        flash(_("Choose files to add, or tick files to remove."), "error")
        return _case_page(village, row, close_form, 422, files_form=form)
    workflow.change_case_files(
        row, current_actor(), form.prepared, form.removed, form.client_token.data
    )
    db.session.commit()
    flash(_("The case's files were saved."), "success")
    page = url_for("villages.case", code=village.code, case_id=row.id)
    return redirect(page + "#attachments", 303)


@evidence.accepts_uploads
def close_case(code: str, case_id: int) -> Response:
    """Close a case as settled, or not settled and referred: 422 on bad input (the outcome is
    required), 409 with the saved case beside the typed form when someone changed it since the
    form was shown."""
    village = village_or_404(code)
    row = _case(village, case_id)
    require(Action.close_case, row)
    form = CloseCaseForm()
    valid = form.validate_on_submit()
    if not (form.prepare_attachments(evidence.files_of(row)) and valid):
        return _case_page(village, row, form, form.status)
    try:
        workflow.close_case(
            row,
            current_actor(),
            form.version.data,
            settled=form.result.data == "settled",
            outcome=form.outcome.data,
            referred_to=form.referred_to.data or "",
            files=form.prepared,
        )
        saving.commit(row)
    except saving.Conflict:
        db.session.rollback()
        saved = _case(village, case_id)
        return _case_page(village, saved, form, 409, conflict=saved)
    flash(_("The case was closed."), "success")
    return redirect(url_for("villages.case", code=village.code, case_id=row.id), 303)


def _case_page(
    village: Village,
    row: MediationCase,
    form: CloseCaseForm,
    status: int,
    conflict: MediationCase | None = None,
    files_form: FilesForm | None = None,
) -> Response:
    """The case page with the typed form: its messages (422), or the case as saved now (409),
    the form taking the saved version so that closing again is deliberate."""
    if conflict is not None:
        form.version.data = str(conflict.version)
    files = evidence.files_of(row)
    if files_form is None and can(current_user, Action.record_case, village):
        files_form = FilesForm(formdata=None, files=files, client_token=saving.new_token())
    body = render_template(
        "villages/case.html",
        village=village,
        case=row,
        form=form,
        conflict=conflict,
        attachments=files,
        files_form=files_form,
    )
    return Response(body, status)
