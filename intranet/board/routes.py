"""The shared board every signed-in user lands on, its live feed, and the health check."""

from datetime import datetime
from pathlib import Path

from flask import Blueprint
from flask import current_app
from flask import jsonify
from flask import redirect
from flask import render_template
from flask import request
from flask import Response
from flask import url_for
from sqlalchemy import literal
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from intranet.assessments import queries as assessment_queries
from intranet.assessments import sets as assessment_sets
from intranet.board.queries import commune_figures
from intranet.board.queries import year_counters
from intranet.extensions import htmx
from intranet.logs import queries
from intranet.logs.forms import FilterForm
from intranet.models import db
from intranet.models import utcnow
from intranet.pagination import Cursor
from intranet.periods import local_today
from intranet.periods import year_to_date
from intranet.permissions import Action
from intranet.permissions import can
from intranet.permissions import current_actor
from intranet.permissions import public
from intranet.permissions import require
from intranet.rendering import render
from intranet.rendering import render_fragment_html
from intranet.tips import figures as tip_figures
from intranet.villages.mediation import case_counts
from intranet.villages.queries import team_totals

bp = Blueprint("board", __name__)


def feed_cursor(entries: list) -> str:
    """The poller's cursor: the newest approval shown (time and id), or now on an empty feed.

    The feed is ordered by (approved_at, id) newest first, so the poll asks for the rows newer
    than the cursor: the one cursor type of every list (intranet/pagination.py).
    """
    if not entries:
        return Cursor(utcnow(), 0, newer=True).encode()
    newest = entries[0]
    return Cursor(newest.approved_at, newest.id, newer=True).encode()


@bp.route("/")
def index() -> Response:
    """The board: newest approved entries of all organizations, the year's counters, filters."""
    require(Action.view_home)
    filters = FilterForm(request.args, with_status=False)
    criteria = filters.criteria()
    entries = queries.board_feed(criteria)
    return render(
        "board/index.html",
        "board/_feed.html",
        filters=filters,
        criteria=criteria,
        entries=entries,
        cursor=feed_cursor(entries),
        counters=year_counters(local_today().year),
        figures=commune_figures(),
        teams=team_totals(),
        cases=case_counts(),
        tips=tip_figures.year_over_year(year_to_date()),
        deadlines=_deadlines(),
        **queries.returned_context(current_actor()),
    )


def _deadlines() -> list[assessment_queries.Deadline]:
    """The year's judgements' count-down, for those who follow it (issue 17)."""
    if not can(current_actor(), Action.follow_deadlines):
        return []
    year = local_today().year
    return assessment_queries.calendar(assessment_sets.sets_for(year), year, local_today())


@bp.route("/board/feed")
def feed() -> Response:
    """The poll: 204 when nothing newer was approved; else the new poller, rows and counters."""
    require(Action.view_home)
    if not htmx:
        return redirect(url_for("board.index", **request.args.to_dict()), 303)
    after = Cursor.decode(request.args.get("after"), datetime)
    if after is None or not after.newer:
        return Response(status=204)
    criteria = _poll_criteria()
    if not queries.approved_since(criteria, after.key):
        return Response(status=204)
    entries = queries.board_feed(criteria, after=after.key)
    html = render_template(
        "board/_poller.html",
        cursor=feed_cursor(entries),
        criteria=criteria,
        entries=entries,
        new_rows=True,
    )
    counters = render_template(
        "board/_counters.html", counters=year_counters(local_today().year), oob=True
    )
    return render_fragment_html(html + counters)


def _poll_criteria() -> dict:
    """The board's filters carried by the poller; none (the usual poll) builds no form.

    The filter form loads its villages and organizations and translates their labels: two
    thirds of a poll's time, every 10 seconds from every open board, for nothing.
    """
    if request.args.keys() <= {"after"}:
        return {}
    return FilterForm(request.args, with_status=False).criteria()


@bp.route("/healthz")
@public
def healthz() -> tuple[Response, int]:
    """200 {"status": "ok"} when the database answers, 503 otherwise."""
    try:
        db.session.execute(select(literal(1)))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok"), 200


@bp.route("/favicon.ico")
@public
def favicon() -> Response:
    """The tab's icon where a browser asks for it without reading the page's <link rel=icon>."""
    icon = Path(current_app.static_folder or "static") / "favicon.ico"
    response = Response(icon.read_bytes(), mimetype="image/vnd.microsoft.icon")
    response.cache_control.public = True
    response.cache_control.max_age = 7 * 24 * 3600
    return response
