"""Incident figures: the police's monthly grid, and this year against the same months last year."""

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
from flask_babel import gettext as _
from flask_htmx import make_response as htmx_response
from flask_login import current_user
from sqlalchemy import select

from intranet.forms import parse_day
from intranet.models import db
from intranet.models import IncidentCategory
from intranet.models import Measure
from intranet.models import Village
from intranet.periods import is_within_bounds
from intranet.periods import local_today
from intranet.periods import Period
from intranet.periods import whole_year
from intranet.periods import year_to_date
from intranet.permissions import Action
from intranet.permissions import can
from intranet.permissions import require
from intranet.rendering import render_fragment_html
from intranet.rendering import wants_fragment
from intranet.stats import chart
from intranet.stats import figures
from intranet.stats import workflow
from intranet.stats.forms import cell_form

bp = Blueprint("stats", __name__)

FIRST_YEAR = 2000
STATS_CHANGED = "stats-changed"


def _year(value: Any) -> int:
    """The year asked for, kept between 2000 and this year."""
    this_year = local_today().year
    try:
        year = int(value)
    except (TypeError, ValueError):
        return this_year
    return min(max(year, FIRST_YEAR), this_year)


def _measure(value: str | None) -> Measure:
    return Measure(value) if value in Measure.__members__ else Measure.cases


def _village(code: str | None) -> Village | None:
    """The grid's village; none (the figures tied to no village) when not given."""
    if not code:
        return None
    return db.first_or_404(select(Village).where(Village.code == code))


def _period(year: int) -> Period:
    """?from=&to= (links from the report), else the year so far, or a past year in whole."""
    start, end = parse_day(request.args.get("from")), parse_day(request.args.get("to"))
    if start and end and is_within_bounds(start) and is_within_bounds(end) and start <= end:
        return Period(start, end)
    return year_to_date() if year == local_today().year else whole_year(year)


def _summary_context(year: int) -> dict[str, Any]:
    comparison = figures.compare(_period(year))
    rows = [
        (category.label, comparison.categories[category].cases.previous,
         comparison.categories[category].cases.current)
        for category in IncidentCategory
    ]  # fmt: skip
    return {
        "comparison": comparison,
        "chart": chart.bar_chart(rows),
        "lines": figures.village_lines(comparison.period),
    }


def _grid_context(
    year: int, village: Village | None, measure: Measure, forms: dict | None = None
) -> dict[str, Any]:
    """The grid's months and cells: bound forms where the user's input must be kept."""
    values = figures.grid_values(year, village.id if village else None, measure)
    current = figures.first_of_month(local_today())
    forms = forms or {}
    rows = []
    for month in figures.months_of(year):
        cells = []
        for category in IncidentCategory:
            form = forms.get((month, category))
            if form is None and month <= current:
                form = cell_form(month, category, value=values.get((month, category.value)))
            cells.append((category, form))
        rows.append((month, cells))
    return {
        "rows": rows,
        "village": village,
        "measure": measure,
        "villages": list(db.session.scalars(select(Village).order_by(Village.code))),
    }


def _context(year: int, village: Village | None, measure: Measure, **kwargs: Any) -> dict:
    context = {
        "year": year,
        "years": list(range(local_today().year, FIRST_YEAR + 14, -1)),
        "categories": list(IncidentCategory),
        "measures": list(Measure),
        "village": village,
        "measure": measure,
        **_summary_context(year),
    }
    if can(current_user, Action.enter_stats):
        context |= _grid_context(year, village, measure, kwargs.get("forms"))
    return context


@bp.route("/stats")
def index() -> str:
    """The figures of the year so far against the same months last year; the police's grid."""
    require(Action.view_stats)
    year = _year(request.args.get("year"))
    village = _village(request.args.get("village"))
    measure = _measure(request.args.get("measure"))
    return render_template("stats/index.html", **_context(year, village, measure))


def _back_to_grid(year: int, village: Village | None, measure: Measure) -> Response:
    args = {"year": year, "measure": measure.value}
    if village:
        args["village"] = village.code
    return redirect(url_for("stats.index", **args) + "#stats-grid", 303)


@bp.route("/stats/figures", methods=["POST"])
def save_grid() -> Response:
    """Save every cell of the grid at once (the plain-form path); 422 keeps what was typed."""
    require(Action.enter_stats)
    year = _year(request.form.get("year"))
    village = _village(request.form.get("village"))
    measure = _measure(request.form.get("measure"))
    forms = {}
    for month in figures.months_of(year):
        for category in IncidentCategory:
            form = cell_form(month, category)
            if form.value.name in request.form:
                forms[(month, category)] = form
    valid = [workflow.check(month, form) for (month, _c), form in forms.items()]
    if not all(valid):
        context = _context(year, village, measure, forms=forms)
        return Response(render_template("stats/index.html", **context), 422)
    for (month, category), form in forms.items():
        workflow.save(month, category, village, measure, form.value.data)
    db.session.commit()
    flash(_("The figures were saved."), "success")
    return _back_to_grid(year, village, measure)


@bp.route("/stats/figures/<month>/<category>", methods=["POST"])
def save_cell(month: str, category: str) -> Response:
    """Save one cell in place (htmx): the cell again, with its message when it is refused."""
    require(Action.enter_stats)
    try:
        first = date.fromisoformat(f"{month}-01")
        kind = IncidentCategory(category)
    except ValueError:
        abort(404)
    village = _village(request.args.get("village"))
    measure = _measure(request.args.get("measure"))
    form = cell_form(first, kind)
    status = 200
    if workflow.check(first, form):
        workflow.save(first, kind, village, measure, form.value.data)
        db.session.commit()
    else:
        status = 422
    if not wants_fragment():
        if status == 422:
            context = _context(first.year, village, measure, forms={(first, kind): form})
            return Response(render_template("stats/index.html", **context), 422)
        flash(_("The figures were saved."), "success")
        return _back_to_grid(first.year, village, measure)
    html = render_template(
        "stats/_cell.html",
        month=first,
        category=kind,
        form=form,
        village=village,
        measure=measure,
        saved=status == 200,
    )
    response = render_fragment_html(html, status)
    return htmx_response(response, trigger=STATS_CHANGED if status == 200 else None)
