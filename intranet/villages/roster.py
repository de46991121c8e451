"""The village's security team: the chair's decision, and the roster of its members."""

from typing import Any

from flask import abort
from flask import redirect
from flask import Response
from flask import url_for
from flask_babel import gettext as _

from intranet import evidence
from intranet import saving
from intranet.models import db
from intranet.models import SecurityTeam
from intranet.models import TeamMember
from intranet.models import Village
from intranet.permissions import Action
from intranet.permissions import current_actor
from intranet.permissions import require
from intranet.rendering import render
from intranet.rendering import wants_fragment
from intranet.villages import workflow
from intranet.villages.forms import MemberForm
from intranet.villages.forms import TeamForm
from intranet.villages.pages import section_answer
from intranet.villages.pages import village_or_404


def _member_values(form: MemberForm) -> dict[str, Any]:
    return {name: getattr(form, name).data for name in workflow.MEMBER_FIELDS}


@evidence.accepts_uploads
def update_team(code: str) -> Response:
    """Record the commune chair's decision (number, date, its scan): 422 on bad input (413 for
    files too large), 409 when someone saved the team since the form was shown."""
    village = village_or_404(code)
    require(Action.manage_team, village)
    team = workflow.security_team(village)
    form = TeamForm(files=evidence.files_of(team) if team is not None else [])
    valid = form.validate_on_submit()
    if not (form.prepare_attachments() and valid):
        return section_answer(village, "team", "", form.status, team_form=form)
    try:
        team = workflow.update_team(
            village,
            current_actor(),
            form.decision_number.data,
            form.decision_date.data,
            form.version.data,
            files=form.prepared,
            remove=form.removed,
        )
        saving.commit(team)
    except saving.Conflict:
        db.session.rollback()
        saved = workflow.security_team(village)
        form.version.data = str(saved.version) if saved is not None else ""
        form.files = evidence.files_of(saved) if saved is not None else []
        return section_answer(village, "team", "", 409, team_form=form, conflict=True)
    return section_answer(village, "team", _("The team's decision was saved."))


def create_member(code: str) -> Response:
    """Add a member to the village's team."""
    village = village_or_404(code)
    require(Action.manage_team, village)
    form = MemberForm()
    if not form.validate_on_submit():
        return section_answer(village, "team", "", 422, member_form=form)
    member = workflow.add_member(village, current_actor(), _member_values(form))
    saving.commit(member)
    return section_answer(village, "team", _("%(name)s joined the team.", name=member.full_name))


def _member(village: Village, member_id: int) -> TeamMember:
    member = db.get_or_404(TeamMember, member_id)
    team = db.session.get(SecurityTeam, member.team_id)
    if team is None or team.village_id != village.id:
        abort(404)  # another village's member through this village's address
    return member


def member(code: str, member_id: int) -> Response:
    """One member's roster row (htmx); opened directly, the village page at the roster."""
    require(Action.view_villages)
    village = village_or_404(code)
    row = _member(village, member_id)
    if wants_fragment():
        return render("villages/_member.html", "villages/_member.html", member=row, village=village)
    return redirect(url_for("villages.show", code=code) + "#villages-team", 303)


def edit_member(code: str, member_id: int) -> Response:
    """The member's form: an editor row in the roster, or a page of its own."""
    village = village_or_404(code)
    require(Action.manage_team, village)
    row = _member(village, member_id)
    return _member_form_again(village, row, MemberForm(obj=row), 200)


def update_member(code: str, member_id: int) -> Response:
    """Save a member: 422 with the input kept, 409 when someone saved it first."""
    village = village_or_404(code)
    require(Action.manage_team, village)
    row = _member(village, member_id)
    form = MemberForm()
    if not form.validate_on_submit():
        return _member_form_again(village, row, form, 422)
    try:
        workflow.update_member(
            row, village, current_actor(), _member_values(form), form.version.data
        )
        saving.commit(row)
    except saving.Conflict:
        db.session.rollback()
        saved = _member(village, member_id)
        return _member_form_again(village, saved, form, 409, conflict=saved)
    return section_answer(village, "team", _("%(name)s was saved.", name=row.full_name))


def _member_form_again(
    village: Village, row: TeamMember, form: MemberForm, status: int, conflict: Any = None
) -> Response:
    """The member's form (editor row or page); on a conflict it takes the saved version."""
    if conflict is not None:
        form.version.data = str(conflict.version)
    return render(
        "villages/member_edit.html",
        "villages/_member_editor.html",
        status=status,
        village=village,
        member=row,
        form=form,
        conflict=conflict,
    )


def leave(code: str, member_id: int) -> Response:
    """Mark a member as having left today; they stay on record."""
    village = village_or_404(code)
    require(Action.manage_team, village)
    row = _member(village, member_id)
    workflow.member_leaves(row, village, current_actor())
    saving.commit(row)
    return section_answer(village, "team", _("%(name)s left the team.", name=row.full_name))
