"""The village tablet's patrol form: a patrol logged and sent for approval in one tap."""

from flask import flash
from flask import redirect
from flask import render_template
from flask import Response
from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from intranet import saving
from intranet.logs import queries as log_queries
from intranet.logs import workflow
from intranet.models import db
from intranet.models import LogKind
from intranet.models import LogStatus
from intranet.periods import local_today
from intranet.permissions import Action
from intranet.permissions import current_actor
from intranet.permissions import require
from intranet.villages import queries
from intranet.villages import workflow as village_workflow
from intranet.villages.forms import PatrolForm
from intranet.villages.pages import patrol_entry
from intranet.villages.pages import village_or_404


def new_patrol(code: str) -> str:
    """The tablet's patrol form: today's date, a tap for each member who went, a note."""
    village = village_or_404(code)
    _team, members = queries.team_of(village)
    active = [m for m in members if m.is_active]
    require(Action.create_entry, patrol_entry(village))
    form = PatrolForm(
        members=active,
        crew=log_queries.last_crew(village.id),
        writer=log_queries.last_writer(current_actor(), village.id),
        date=local_today(),
        client_token=saving.new_token(),
    )
    return render_template("villages/patrol.html", village=village, form=form)


def create_patrol(code: str) -> Response:
    """Log a patrol and send it for approval at once; a double tap logs it once."""
    village = village_or_404(code)
    require(Action.create_entry, patrol_entry(village))
    _team, members = queries.team_of(village)
    active = [m for m in members if m.is_active]
    form = PatrolForm(members=active)
    if not form.validate_on_submit():
        body = render_template("villages/patrol.html", village=village, form=form)
        return Response(body, 422)
    went = [m.full_name for m in active if m.id in form.members.data]
    note, names = (form.note.data or "").strip(), ", ".join(went)
    with force_locale("vi"):  # the stored record is in the commune's language
        values = {
            "date": form.date.data,
            "kind": LogKind.patrol,
            "village_id": village.id,
            "title": _("Patrol in %(village)s", village=village.display_name),
            "description": "\n".join(filter(None, [note, _("Went: %(names)s", names=names)])),
            "participants": len(went),
        }
    entry = workflow.create(
        current_actor(), values, form.client_token.data, written_by_id=form.written_by.data
    )
    village_workflow.record_crew(entry, form.members.data)
    if entry.status == LogStatus.draft:
        workflow.submit(entry, current_actor())
    db.session.commit()
    flash(_("The patrol was logged and sent for approval."), "success")
    return redirect(url_for("villages.show", code=village.code), 303)
