"""Awards and gifts: the festival year's commendations and gifts to poor and policy households."""

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

from intranet import evidence
from intranet import saving
from intranet.awards import export
from intranet.awards import queries
from intranet.awards import workflow
from intranet.awards.forms import AwardEntryForm
from intranet.awards.forms import GiftEntryForm
from intranet.models import Attachment
from intranet.models import Award
from intranet.models import db
from intranet.models import Gift
from intranet.periods import local_today
from intranet.permissions import Action
from intranet.permissions import current_actor
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
    awards, gifts = queries.awards_of(year), queries.gifts_of(year)
    return render_template(
        "awards/index.html",
        year=year,
        years=list(range(local_today().year, 2019, -1)),
        awards=awards,
        award_lines=queries.award_lines(year),
        gifts=gifts,
        gift_lines=queries.gift_lines(year),
        # The decisions and certificates: whoever sees the register sees them.
        award_files=evidence.files_by(Attachment.award_id, (a.id for a in awards)),
        gift_files=evidence.files_by(Attachment.gift_id, (g.id for g in gifts)),
    )


@bp.route("/awards.xlsx")
def export_xlsx() -> Response:
    """The year's register as a workbook, with each row's count of files."""
    require(Action.view_awards)
    return export.xlsx_response(_year())


def _to_register(year: int, anchor: str) -> Response:
    return redirect(url_for("awards.index", year=year) + f"#{anchor}", 303)


def _files(model: Any, row_id: int) -> list[Any]:
    """The row's files, for its edit form (404 when there is no such row)."""
    return evidence.files_of(db.get_or_404(model, row_id))


def _page(template: str, status: int, **context: Any) -> Response:
    return Response(render_template(template, **context), status)


# Commendations


def _record(
    form: Any,
    record: Callable[..., tuple[Any, bool]],
    values: Callable[[Any], dict[str, Any]],
    *,
    template: str,
    name: str,
    message: str,
) -> Response:
    """Record a new commendation or gift (``name``: "award" or "gift") from its form: 422 with
    the input kept; a form posted twice records it once and answers as the first post did."""
    valid = form.validate_on_submit()
    if not (form.prepare_attachments() and valid):
        return _page(template, form.status, form=form)
    row, created = record(
        current_actor(), values(form), form.client_token.data, files=form.prepared
    )
    if created:
        saving.commit(row)
        flash(message, "success")
    return _to_register(row.year, f"{name}-{row.id}")


def _delete(row: Award | Gift, region: str, message: str) -> Response:
    """Take a commendation or a gift off the register and go back to its list."""
    workflow.delete(row, current_actor())
    saving.commit()
    flash(message, "success")
    return _to_register(row.year, region)


def _save_edit(
    model: Any,
    row_id: int,
    form: Any,
    values: Callable[[Any], dict[str, Any]],
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
    valid = form.validate_on_submit()
    if not (form.prepare_attachments() and valid):
        return _page(template, form.status, form=form, conflict=None, **{name: row})
    try:
        workflow.update(
            row,
            current_actor(),
            values(form),
            form.version.data,
            files=form.prepared,
            remove=form.removed,
        )
        saving.commit(row)
    except saving.Conflict:
        db.session.rollback()
        row = db.get_or_404(model, row_id)
        form.files = evidence.files_of(row)
    else:
        flash(message, "success")
        return _to_register(row.year, f"{name}-{row.id}")
    form.version.data = str(row.version)
    return _page(template, 409, form=form, conflict=row, **{name: row})


def _award_values(form: AwardEntryForm) -> dict[str, Any]:
    return {
        "year": form.year.data,
        "recipient_kind": form.recipient_kind.data,
        "recipient": form.recipient.data,
        "giver": form.giver.data,
        "form": form.kind.data,
        "reason": form.reason.data,
    }


@bp.route("/awards/new")
def new() -> str:
    """The form for a commendation, for this year's festival day by default."""
    require(Action.record_award)
    form = AwardEntryForm(year=_year(), client_token=saving.new_token())
    return render_template("awards/new.html", form=form)


@bp.route("/awards", methods=["POST"])
@evidence.accepts_uploads
def create() -> Response:
    """Record a commendation; a form posted twice records it once."""
    require(Action.record_award)
    return _record(
        AwardEntryForm(),
        workflow.record_award,
        _award_values,
        template="awards/new.html",
        name="award",
        message=_("The commendation was recorded."),
    )


@bp.route("/awards/<int:award_id>/edit")
def edit(award_id: int) -> str:
    """The commendation's form, filled in."""
    require(Action.record_award)
    award = db.get_or_404(Award, award_id)
    form = AwardEntryForm(
        obj=award, kind=award.form, version=award.version, files=evidence.files_of(award)
    )
    return render_template("awards/edit.html", form=form, award=award, conflict=None)


@bp.route("/awards/<int:award_id>", methods=["POST"])
@evidence.accepts_uploads
def update(award_id: int) -> Response:
    """Save a commendation: 422 with the input kept, 409 when someone saved it first."""
    require(Action.record_award)
    return _save_edit(
        Award,
        award_id,
        AwardEntryForm(files=_files(Award, award_id)),
        _award_values,
        template="awards/edit.html",
        name="award",
        message=_("The commendation was saved."),
    )


@bp.route("/awards/<int:award_id>/delete", methods=["POST"])
def delete(award_id: int) -> Response:
    """Take a commendation recorded by mistake off the register."""
    require(Action.record_award)
    return _delete(
        db.get_or_404(Award, award_id), "awards-list", _("The commendation was deleted.")
    )


# Gifts to households


def _gift_values(form: GiftEntryForm) -> dict[str, Any]:
    return {
        "year": form.year.data,
        "household": form.household.data,
        "village_id": form.village.data,
        "household_kind": form.household_kind.data,
        "giver_id": form.giver.data,
        "value": form.value.data,
    }


@bp.route("/awards/gifts/new")
def new_gift() -> str:
    """The form for a gift to a household."""
    require(Action.record_award)
    form = GiftEntryForm(year=_year(), client_token=saving.new_token())
    return render_template("awards/new_gift.html", form=form)


@bp.route("/awards/gifts", methods=["POST"])
@evidence.accepts_uploads
def create_gift() -> Response:
    """Record a gift; a form posted twice records it once."""
    require(Action.record_award)
    return _record(
        GiftEntryForm(),
        workflow.record_gift,
        _gift_values,
        template="awards/new_gift.html",
        name="gift",
        message=_("The gift was recorded."),
    )


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
        files=evidence.files_of(gift),
    )
    return render_template("awards/edit_gift.html", form=form, gift=gift, conflict=None)


@bp.route("/awards/gifts/<int:gift_id>", methods=["POST"])
@evidence.accepts_uploads
def update_gift(gift_id: int) -> Response:
    """Save a gift: 422 with the input kept, 409 when someone saved it first."""
    require(Action.record_award)
    return _save_edit(
        Gift,
        gift_id,
        GiftEntryForm(files=_files(Gift, gift_id)),
        _gift_values,
        template="awards/edit_gift.html",
        name="gift",
        message=_("The gift was saved."),
    )


@bp.route("/awards/gifts/<int:gift_id>/delete", methods=["POST"])
def delete_gift(gift_id: int) -> Response:
    """Take a gift recorded by mistake off the register."""
    require(Action.record_award)
    return _delete(db.get_or_404(Gift, gift_id), "gifts-list", _("The gift was deleted."))
