"""The home page every signed-in user lands on, and the health check."""

from flask import Blueprint
from flask import jsonify
from flask import render_template
from flask import Response
from sqlalchemy import literal
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from intranet.board.queries import commune_figures
from intranet.models import db
from intranet.permissions import Action
from intranet.permissions import public
from intranet.permissions import require

bp = Blueprint("board", __name__)


@bp.route("/")
def index() -> str:
    """The home page: who you are, and the commune in figures."""
    require(Action.view_home)
    return render_template("board/index.html", figures=commune_figures())


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
