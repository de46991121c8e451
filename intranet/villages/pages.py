"""The village register and one village's page, with the sections other views answer with."""

from typing import Any

from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import Response
from flask import url_for
from flask_login import current_user
from sqlalchemy import select

from intranet import evidence
from intranet.logs import queries as log_queries
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import Village
from intranet.models import VillageKind
from intranet.permissions import Action
from intranet.permissions import can
from intranet.permissions import current_actor
from intranet.permissions import require
from intranet.rendering import render
from intranet.rendering import wants_fragment
from intranet.villages import mediation
from intranet.villages import queries
from intranet.villages.forms import MediatorForm
from intranet.villages.forms import MemberForm
from intranet.villages.forms import TeamForm

TEAM_FORMS = ("member_form", "team_form", "conflict")


def village_or_404(code: str) -> Village:
    """The village with this code (lang07, ...); 404 when there is none."""
    return db.first_or_404(select(Village).where(Village.code == code))


def patrol_entry(village: Village) -> ActivityLog:
    """A prospective patrol entry, to ask whether the user may write it."""
    return ActivityLog(organization_id=current_user.organization_id, village_id=village.id)


def index() -> str:
    """All villages with their figures, team size and entries this year; sortable, filterable."""
    require(Action.view_villages)
    sort = request.args.get("sort", "name")
    descending = request.args.get("dir") == "desc"
    kind = request.args.get("kind") if request.args.get("kind") in VillageKind.__members__ else None
    q = request.args.get("q", "").strip()[:100] or None
    # A search in the default order (by name, A to Z) lists the best matches first
    # (search.tiers), then by name; another column chosen orders by that column.
    best_first = sort not in queries.SORTS[1:] and not descending
    rows = queries.village_rows(sort, descending, kind, q, best_first=best_first)
    return render_template(
        "villages/index.html",
        rows=rows,
        sort=sort,
        descending=descending,
        kind=kind,
        q=q or "",
        members_found=queries.members_matching(q),
        kinds=list(VillageKind),
        totals={
            "population": sum(r.village.population for r in rows),
            "households": sum(r.village.households for r in rows),
            "members": sum(r.members for r in rows),
            "entries": sum(r.entries for r in rows),
            "open_cases": sum(r.open_cases for r in rows),
        },
    )


def show(code: str) -> str:
    """One village: figures, its security team, its latest entries, this year against last."""
    require(Action.view_villages)
    village, user = village_or_404(code), current_actor()
    # The tablet's home: its entries returned for fixing come first.
    returned = log_queries.returned_context(user) if user.village_id == village.id else {}
    return render_template("villages/show.html", **page_context(village), **returned)


def team_context(village: Village, **forms: Any) -> dict[str, Any]:
    """What the security team section shows (forms given keep the user's input)."""
    team, members = queries.team_of(village)
    # Fresh forms never read the request: after a save they show the saved row, not the post.
    forms.setdefault("member_form", MemberForm(formdata=None))
    files = evidence.files_of(team) if team is not None else []
    forms.setdefault("team_form", TeamForm(formdata=None, obj=team, files=files))
    return {
        "village": village,
        "team": team,
        "team_files": files,  # the chair's decision: whoever sees the village page sees it
        "members": members,
        "warnings": queries.team_warnings(team, members),
        **forms,
    }


def mediation_context(village: Village, **forms: Any) -> dict[str, Any]:
    """What the mediation section shows; the cases only to those who may see the parties."""
    mediators = mediation.mediators_of(village)
    forms.setdefault("mediator_form", MediatorForm(formdata=None))
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


def page_context(village: Village, **forms: Any) -> dict[str, Any]:
    """Everything the village page shows (forms given keep the user's input and messages)."""
    team_forms = {k: v for k, v in forms.items() if k in TEAM_FORMS}
    other_forms = {k: v for k, v in forms.items() if k not in team_forms}
    return {
        "figures": queries.year_figures(village),
        "entries": queries.latest_entries(village),
        "can_log": can(current_user, Action.create_entry, patrol_entry(village)),
        **mediation_context(village, **other_forms),
        **team_context(village, **team_forms),
    }


SECTIONS = {"team": team_context, "mediation": mediation_context}


def section_answer(
    village: Village, section: str, message: str, status: int = 200, **forms: Any
) -> Response:
    """After a post to the "team" or "mediation" section: the section again for htmx; for a
    plain post, back to the page at the section with a notice, or the whole page with the
    form's messages (4xx)."""
    if wants_fragment():
        template = f"villages/_{section}.html"
        return render(template, template, status=status, **SECTIONS[section](village, **forms))
    if status != 200:
        body = render_template("villages/show.html", **page_context(village, **forms))
        return Response(body, status)
    flash(message, "success")
    return redirect(url_for("villages.show", code=village.code) + f"#villages-{section}", 303)
