"""The villages: the register, one village's page, and its security team's roster."""

import uuid
from datetime import date
from typing import Any

from flask import abort
from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import Response
from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from intranet import audit
from intranet import saving
from intranet.logs import workflow
from intranet.models import ActivityLog
from intranet.models import CaseStatus
from intranet.models import db
from intranet.models import LogKind
from intranet.models import LogStatus
from intranet.models import MediationCase
from intranet.models import MediationTeam
from intranet.models import Mediator
from intranet.models import SecurityTeam
from intranet.models import TeamMember
from intranet.models import Village
from intranet.models import VillageKind
from intranet.permissions import Action
from intranet.permissions import can
from intranet.permissions import require
from intranet.rendering import render
from intranet.rendering import wants_fragment
from intranet.villages import mediation
from intranet.villages import queries
from intranet.villages.forms import CaseForm
from intranet.villages.forms import CloseCaseForm
from intranet.villages.forms import MediatorForm
from intranet.villages.forms import MemberForm
from intranet.villages.forms import PatrolForm
from intranet.villages.forms import TeamForm

bp = Blueprint("villages", __name__)

MEMBER_FIELDS = ("full_name", "position", "phone", "since", "origin")


def _village(code: str) -> Village:
    return db.first_or_404(select(Village).where(Village.code == code))


@bp.route("/villages")
def index() -> str:
    """All villages with their figures, team size and entries this year; sortable, filterable."""
    require(Action.view_villages)
    sort = request.args.get("sort", "name")
    descending = request.args.get("dir") == "desc"
    kind = request.args.get("kind") if request.args.get("kind") in VillageKind.__members__ else None
    q = request.args.get("q", "").strip()[:100] or None
    rows = queries.village_rows(sort, descending, kind, q)
    return render_template(
        "villages/index.html",
        rows=rows,
        sort=sort,
        descending=descending,
        kind=kind,
        q=q or "",
        kinds=list(VillageKind),
        totals={
            "population": sum(r.village.population for r in rows),
            "households": sum(r.village.households for r in rows),
            "members": sum(r.members for r in rows),
            "entries": sum(r.entries for r in rows),
            "open_cases": sum(r.open_cases for r in rows),
        },
    )


def _team_context(village: Village, **forms: Any) -> dict[str, Any]:
    team, members = queries.team_of(village)
    forms.setdefault("member_form", MemberForm())
    forms.setdefault(
        "team_form",
        TeamForm(obj=team, version=team.version) if team else TeamForm(),
    )
    return {
        "village": village,
        "team": team,
        "members": members,
        "warnings": queries.team_warnings(team, members),
        **forms,
    }


@bp.route("/villages/<code>")
def show(code: str) -> str:
    """One village: figures, its security team, its latest entries, this year against last."""
    require(Action.view_villages)
    return render_template("villages/show.html", **_page_context(_village(code)))


def _whole_page(village: Village, status: int, **forms: Any) -> Response:
    """The village page with a form's messages (a plain-HTML post that went wrong)."""
    return Response(
        render_template("villages/show.html", **_page_context(village, **forms)), status
    )


def _page_context(village: Village, **forms: Any) -> dict[str, Any]:
    """Everything the village page shows (forms given keep the user's input and messages)."""
    team_forms = {k: v for k, v in forms.items() if k in ("member_form", "team_form", "conflict")}
    other_forms = {k: v for k, v in forms.items() if k not in team_forms}
    return {
        "figures": queries.year_figures(village),
        "entries": queries.latest_entries(village),
        "can_log": can(current_user, Action.create_entry, _patrol_entry(village)),
        **_mediation_context(village, **other_forms),
        **_team_context(village, **team_forms),
    }


def _team_answer(village: Village, message: str, status: int = 200, **forms: Any) -> Response:
    """The team section again (htmx), or back to the village page with a notice."""
    if wants_fragment():
        context = _team_context(village, **forms)
        return render("villages/_team.html", "villages/_team.html", status=status, **context)
    if status != 200:
        return Response(
            render_template("villages/show.html", **_page_context(village, **forms)), status
        )
    flash(message, "success")
    return redirect(url_for("villages.show", code=village.code) + "#villages-team", 303)


def _ensure_team(village: Village) -> SecurityTeam:
    team = db.session.scalar(select(SecurityTeam).where(SecurityTeam.village_id == village.id))
    if team is None:
        team = SecurityTeam(village=village)
        db.session.add(team)
        db.session.flush()
    return team


@bp.route("/villages/<code>/team", methods=["POST"])
def update_team(code: str) -> Response:
    """Record the commune chair's decision (number and date) for the team."""
    village = _village(code)
    require(Action.manage_team, village)
    form = TeamForm()
    if not form.validate_on_submit():
        return _team_answer(village, "", 422, team_form=form)
    team = _ensure_team(village)
    if form.version.data and not form.version_matches(team):
        form.version.data = str(team.version)
        return _team_answer(village, "", 409, team_form=form, conflict=True)
    team.decision_number = form.decision_number.data.strip()
    team.decision_date = form.decision_date.data
    audit.record("team_updated", team, number=team.decision_number)
    db.session.commit()
    return _team_answer(village, _("The team's decision was saved."))


@bp.route("/villages/<code>/members", methods=["POST"])
def create_member(code: str) -> Response:
    """Add a member to the village's team."""
    village = _village(code)
    require(Action.manage_team, village)
    form = MemberForm()
    if not form.validate_on_submit():
        return _team_answer(village, "", 422, member_form=form)
    member = TeamMember(team=_ensure_team(village))
    for name in MEMBER_FIELDS:
        setattr(member, name, getattr(form, name).data)
    member.full_name = member.full_name.strip()
    db.session.add(member)
    audit.record("team_member_added", member, village=village.code)
    db.session.commit()
    return _team_answer(village, _("%(name)s joined the team.", name=member.full_name))


def _member(village: Village, member_id: int) -> TeamMember:
    member = db.get_or_404(TeamMember, member_id)
    team = db.session.get(SecurityTeam, member.team_id)
    if team is None or team.village_id != village.id:
        abort(404)  # another village's member through this village's address
    return member


@bp.route("/villages/<code>/members/<int:member_id>")
def member(code: str, member_id: int) -> Response:
    """One member's roster row (htmx); opened directly, the village page at the roster."""
    require(Action.view_villages)
    village = _village(code)
    row = _member(village, member_id)
    if wants_fragment():
        return render("villages/_member.html", "villages/_member.html", member=row, village=village)
    return redirect(url_for("villages.show", code=code) + "#villages-team", 303)


@bp.route("/villages/<code>/members/<int:member_id>/edit")
def edit_member(code: str, member_id: int) -> Response:
    """The member's form: an editor row in the roster, or a page of its own."""
    village = _village(code)
    require(Action.manage_team, village)
    row = _member(village, member_id)
    return _member_form_again(village, row, MemberForm(obj=row), 200)


@bp.route("/villages/<code>/members/<int:member_id>", methods=["POST"])
def update_member(code: str, member_id: int) -> Response:
    """Save a member: 422 with the input kept, 409 when someone saved it first."""
    village = _village(code)
    require(Action.manage_team, village)
    row = _member(village, member_id)
    form = MemberForm()
    if not form.validate_on_submit():
        return _member_form_again(village, row, form, 422)
    if not form.version_matches(row):
        return _member_form_again(village, row, form, 409, conflict=row)
    for name in MEMBER_FIELDS:
        setattr(row, name, getattr(form, name).data)
    audit.record("team_member_updated", row, village=village.code)
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return _member_form_again(village, row, form, 409, conflict=row)
    return _team_answer(village, _("%(name)s was saved.", name=row.full_name))


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


@bp.route("/villages/<code>/members/<int:member_id>/leave", methods=["POST"])
def leave(code: str, member_id: int) -> Response:
    """Mark a member as having left today; they stay on record."""
    village = _village(code)
    require(Action.manage_team, village)
    row = _member(village, member_id)
    if row.is_active:
        row.is_active = False
        row.left_on = date.today()
        audit.record("team_member_left", row, village=village.code)
        db.session.commit()
    return _team_answer(village, _("%(name)s left the team.", name=row.full_name))


@bp.route("/villages/<code>/patrol")
def new_patrol(code: str) -> str:
    """The tablet's patrol form: today's date, a tap for each member who went, a note."""
    village = _village(code)
    _team, members = queries.team_of(village)
    active = [m for m in members if m.is_active]
    require(Action.create_entry, _patrol_entry(village))
    form = PatrolForm(members=active, date=date.today(), client_token=str(uuid.uuid4()))
    return render_template("villages/patrol.html", village=village, form=form)


def _patrol_entry(village: Village) -> ActivityLog:
    """A prospective patrol entry, to ask whether the user may write it."""
    return ActivityLog(organization_id=current_user.organization_id, village_id=village.id)


@bp.route("/villages/<code>/patrol", methods=["POST"])
def create_patrol(code: str) -> Response:
    """Log a patrol and send it for approval at once; a double tap logs it once."""
    village = _village(code)
    require(Action.create_entry, _patrol_entry(village))
    _team, members = queries.team_of(village)
    active = [m for m in members if m.is_active]
    form = PatrolForm(members=active)
    if not form.validate_on_submit():
        body = render_template("villages/patrol.html", village=village, form=form)
        return Response(body, 422)
    went = [m.full_name for m in active if m.id in form.members.data]
    note, names = (form.note.data or "").strip(), ", ".join(went)
    actor = current_user._get_current_object()  # type: ignore[attr-defined]
    with force_locale("vi"):  # the stored record is in the commune's language
        values = {
            "date": form.date.data,
            "kind": LogKind.patrol,
            "village_id": village.id,
            "title": _("Patrol in %(village)s", village=village.display_name),
            "description": "\n".join(filter(None, [note, _("Went: %(names)s", names=names)])),
            "participants": len(went),
        }
    entry = workflow.create(actor, values, form.client_token.data)
    if entry.status == LogStatus.draft:
        workflow.submit(entry, actor)
    db.session.commit()
    flash(_("The patrol was logged and sent for approval."), "success")
    return redirect(url_for("villages.show", code=village.code), 303)


# Mediation (Law 35/2013)


def _mediation_context(village: Village, **forms: Any) -> dict[str, Any]:
    mediators = mediation.mediators_of(village)
    forms.setdefault("mediator_form", MediatorForm())
    show_parties = can(current_user, Action.view_case, village)
    return {
        "village": village,
        "mediators": mediators,
        "mediation_warnings": mediation.make_up_warnings(village, mediators),
        "case_counts": mediation.case_counts(village),
        "cases": mediation.cases_of(village) if show_parties else [],
        "show_parties": show_parties,
        **forms,
    }


def _mediation_answer(village: Village, message: str, status: int = 200, **forms: Any) -> Response:
    """The mediation section again (htmx), or back to the village page."""
    if wants_fragment():
        context = _mediation_context(village, **forms)
        return render(
            "villages/_mediation.html", "villages/_mediation.html", status=status, **context
        )
    if status != 200:
        return Response(
            render_template("villages/show.html", **_page_context(village, **forms)), status
        )
    flash(message, "success")
    return redirect(url_for("villages.show", code=village.code) + "#villages-mediation", 303)


@bp.route("/villages/<code>/mediators", methods=["POST"])
def add_mediator(code: str) -> Response:
    """Add a mediator to the village's mediation team."""
    village = _village(code)
    require(Action.manage_mediators, village)
    form = MediatorForm()
    if not form.validate_on_submit():
        return _mediation_answer(village, "", 422, mediator_form=form)
    mediator = Mediator(
        team=mediation.team_for(village),
        full_name=form.full_name.data.strip(),
        gender=form.gender.data,
        is_minority=form.is_minority.data,
    )
    db.session.add(mediator)
    audit.record("mediator_added", mediator, village=village.code)
    db.session.commit()
    return _mediation_answer(
        village, _("%(name)s joined the mediation team.", name=mediator.full_name)
    )


@bp.route("/villages/<code>/mediators/<int:mediator_id>/leave", methods=["POST"])
def mediator_leave(code: str, mediator_id: int) -> Response:
    """A mediator leaves the team today; they stay on record."""
    village = _village(code)
    require(Action.manage_mediators, village)
    mediator = db.get_or_404(Mediator, mediator_id)
    if db.session.get(MediationTeam, mediator.team_id).village_id != village.id:
        abort(404)
    if mediator.is_active:
        mediator.is_active = False
        mediator.left_on = date.today()
        audit.record("mediator_left", mediator, village=village.code)
        db.session.commit()
    return _mediation_answer(
        village, _("%(name)s left the mediation team.", name=mediator.full_name)
    )


@bp.route("/villages/<code>/cases/new")
def new_case(code: str) -> str:
    """The form for a dispute brought to the mediation team."""
    village = _village(code)
    require(Action.record_case, village)
    form = CaseForm(received_on=date.today(), client_token=str(uuid.uuid4()))
    return render_template("villages/case_new.html", village=village, form=form)


@bp.route("/villages/<code>/cases", methods=["POST"])
def create_case(code: str) -> Response:
    """Record a case; a double tap records it once."""
    village = _village(code)
    require(Action.record_case, village)
    form = CaseForm()
    if not form.validate_on_submit():
        body = render_template("villages/case_new.html", village=village, form=form)
        return Response(body, 422)
    actor = current_user._get_current_object()  # type: ignore[attr-defined]
    case, created = saving.add_once(
        MediationCase(
            village=village,
            recorded_by=actor,
            recorded_by_id=actor.id,
            received_on=form.received_on.data,
            kind=form.kind.data,
            parties=form.parties.data.strip(),
            summary=(form.summary.data or "").strip(),
            client_token=form.client_token.data,
        ),
        actor,
    )
    if created:
        audit.record("case_recorded", case, village=village.code)
        db.session.commit()
        flash(_("The case was recorded."), "success")
    return redirect(url_for("villages.case", code=village.code, case_id=case.id), 303)


def _case(village: Village, case_id: int) -> MediationCase:
    case = db.get_or_404(MediationCase, case_id)
    if case.village_id != village.id:
        abort(404)
    require(Action.view_case, case)
    return case


@bp.route("/villages/<code>/cases/<int:case_id>")
def case(code: str, case_id: int) -> str:
    """One case with its parties (justice, police, the village only), and the closing form."""
    village = _village(code)
    row = _case(village, case_id)
    return render_template(
        "villages/case.html", village=village, case=row, form=CloseCaseForm(version=row.version)
    )


@bp.route("/villages/<code>/cases/<int:case_id>/close", methods=["POST"])
def close_case(code: str, case_id: int) -> Response:
    """Close a case as settled, or not settled and referred; the outcome is required."""
    village = _village(code)
    row = _case(village, case_id)
    require(Action.close_case, row)
    form = CloseCaseForm()
    if not form.validate_on_submit() or not form.version_matches(row):
        if not form.errors:
            form.version.data = str(row.version)
            flash(_("Someone else changed this case; check it and close it again."), "error")
        body = render_template("villages/case.html", village=village, case=row, form=form)
        return Response(body, 409 if not form.errors else 422)
    if form.result.data == "settled":
        row.status = CaseStatus.settled
    else:
        row.status = (
            CaseStatus.referred if form.referred_to.data.strip() else CaseStatus.not_settled
        )
        row.referred_to = form.referred_to.data.strip()
    row.outcome = form.outcome.data.strip()
    row.closed_on = date.today()
    audit.record("case_closed", row, status=row.status.value)
    db.session.commit()
    flash(_("The case was closed."), "success")
    return redirect(url_for("villages.case", code=village.code, case_id=row.id), 303)
