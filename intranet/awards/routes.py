"""Awards and gifts: the festival year's commendations and gifts to poor and policy households."""

import uuid
from collections.abc import Callable
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
from sqlalchemy.orm.exc import StaleDataError

from intranet import audit
from intranet import saving
from intranet.awards import queries
from intranet.awards.forms import AwardEntryForm
from intranet.awards.forms import GiftEntryForm
from intranet.models import Award
from intranet.models import db
from intranet.models import Gift
from intranet.periods import local_today
from intranet.permissions import Action
from intranet.permissions import require

bp = Blueprint("awards", __name__)


def _year() -> int:
    try:
        return int(request.args.get("year", ""))
    except ValueError:
        return local_today().year


@bp.route("/awards")
def index() -> str:
    """The year's commendations and gifts, with counts per giver."""
    require(Action.view_awards)
    year = _year()
    return render_template(
        "awards/index.html",
        year=year,
        years=list(range(local_today().year, 2019, -1)),
        awards=queries.awards_of(year),
        award_lines=queries.award_lines(year),
        gifts=queries.gifts_of(year),
        gift_lines=queries.gift_lines(year),
    )


def _to_register(year: int, anchor: str) -> Response:
    return redirect(url_for("awards.index", year=year) + f"#{anchor}", 303)


def _page(template: str, status: int, **context: Any) -> Response:
    return Response(render_template(template, **context), status)


# Commendations


def _save_edit(
    model: Any,
    row_id: int,
    form: Any,
    apply: Callable[[Any, Any], None],
    *,
    template: str,
    name: str,
    message: str,
) -> Response:
    """Save an edited commendation or gift (``name``: "award" or "gift").

    422 with the input kept; 409 with the saved version beside the typed form when someone
    saved the row first, whether before this request or while it was saving.
    """
    row = db.get_or_404(model, row_id)
    if not form.validate_on_submit():
        return _page(template, 422, form=form, conflict=None, **{name: row})
    if form.version_matches(row):
        apply(row, form)
        audit.record(f"{name}_updated", row, year=row.year)
        try:
            db.session.commit()
        except StaleDataError:
            db.session.rollback()
            row = db.get_or_404(model, row_id)
        else:
            flash(message, "success")
            return _to_register(row.year, f"{name}-{row.id}")
    form.version.data = str(row.version)
    return _page(template, 409, form=form, conflict=row, **{name: row})


def _set_award(award: Award, form: AwardEntryForm) -> None:
    award.year = form.year.data
    award.recipient_kind = form.recipient_kind.data
    award.recipient = form.recipient.data.strip()
    award.giver = form.giver.data
    award.form = form.kind.data
    award.reason = (form.reason.data or "").strip()


@bp.route("/awards/new")
def new() -> str:
    """The form for a commendation, for this year's festival day by default."""
    require(Action.record_award)
    form = AwardEntryForm(year=_year(), client_token=str(uuid.uuid4()))
    return render_template("awards/new.html", form=form)


@bp.route("/awards", methods=["POST"])
def create() -> Response:
    """Record a commendation; a form posted twice records it once."""
    require(Action.record_award)
    form = AwardEntryForm()
    if not form.validate_on_submit():
        return _page("awards/new.html", 422, form=form)
    actor = current_user._get_current_object()  # type: ignore[attr-defined]
    award = Award(client_token=form.client_token.data, recorded_by_id=actor.id)
    _set_award(award, form)
    award, created = saving.add_once(award, actor)
    if created:
        audit.record("award_recorded", award, year=award.year)
        db.session.commit()
        flash(_("The commendation was recorded."), "success")
    return _to_register(award.year, f"award-{award.id}")


@bp.route("/awards/<int:award_id>/edit")
def edit(award_id: int) -> str:
    """The commendation's form, filled in."""
    require(Action.record_award)
    award = db.get_or_404(Award, award_id)
    form = AwardEntryForm(obj=award, kind=award.form, version=award.version)
    return render_template("awards/edit.html", form=form, award=award, conflict=None)


@bp.route("/awards/<int:award_id>", methods=["POST"])
def update(award_id: int) -> Response:
    """Save a commendation: 422 with the input kept, 409 when someone saved it first."""
    require(Action.record_award)
    return _save_edit(
        Award,
        award_id,
        AwardEntryForm(),
        _set_award,
        template="awards/edit.html",
        name="award",
        message=_("The commendation was saved."),
    )


@bp.route("/awards/<int:award_id>/delete", methods=["POST"])
def delete(award_id: int) -> Response:
    """Take a commendation recorded by mistake off the register."""
    require(Action.record_award)
    award = db.get_or_404(Award, award_id)
    audit.record("award_deleted", award, year=award.year, recipient=award.recipient)
    db.session.delete(award)
    db.session.commit()
    flash(_("The commendation was deleted."), "success")
    return _to_register(award.year, "awards-list")


# Gifts to households


def _set_gift(gift: Gift, form: GiftEntryForm) -> None:
    gift.year = form.year.data
    gift.household = form.household.data.strip()
    gift.village_id = form.village.data
    gift.household_kind = form.household_kind.data
    gift.giver_id = form.giver.data
    gift.value = form.value.data


@bp.route("/awards/gifts/new")
def new_gift() -> str:
    """The form for a gift to a household."""
    require(Action.record_award)
    form = GiftEntryForm(year=_year(), client_token=str(uuid.uuid4()))
    return render_template("awards/new_gift.html", form=form)


@bp.route("/awards/gifts", methods=["POST"])
def create_gift() -> Response:
    """Record a gift; a form posted twice records it once."""
    require(Action.record_award)
    form = GiftEntryForm()
    if not form.validate_on_submit():
        return _page("awards/new_gift.html", 422, form=form)
    actor = current_user._get_current_object()  # type: ignore[attr-defined]
    gift = Gift(client_token=form.client_token.data, recorded_by_id=actor.id)
    _set_gift(gift, form)
    gift, created = saving.add_once(gift, actor)
    if created:
        audit.record("gift_recorded", gift, year=gift.year)
        db.session.commit()
        flash(_("The gift was recorded."), "success")
    return _to_register(gift.year, f"gift-{gift.id}")


@bp.route("/awards/gifts/<int:gift_id>/edit")
def edit_gift(gift_id: int) -> str:
    """The gift's form, filled in."""
    require(Action.record_award)
    gift = db.get_or_404(Gift, gift_id)
    form = GiftEntryForm(
        year=gift.year,
        household=gift.household,
        village=gift.village_id,
        household_kind=gift.household_kind,
        giver=gift.giver_id,
        value=gift.value,
        version=gift.version,
    )
    return render_template("awards/edit_gift.html", form=form, gift=gift, conflict=None)


@bp.route("/awards/gifts/<int:gift_id>", methods=["POST"])
def update_gift(gift_id: int) -> Response:
    """Save a gift: 422 with the input kept, 409 when someone saved it first."""
    require(Action.record_award)
    return _save_edit(
        Gift,
        gift_id,
        GiftEntryForm(),
        _set_gift,
        template="awards/edit_gift.html",
        name="gift",
        message=_("The gift was saved."),
    )


@bp.route("/awards/gifts/<int:gift_id>/delete", methods=["POST"])
def delete_gift(gift_id: int) -> Response:
    """Take a gift recorded by mistake off the register."""
    require(Action.record_award)
    gift = db.get_or_404(Gift, gift_id)
    audit.record("gift_deleted", gift, year=gift.year, household=gift.household)
    db.session.delete(gift)
    db.session.commit()
    flash(_("The gift was deleted."), "success")
    return _to_register(gift.year, "gifts-list")
