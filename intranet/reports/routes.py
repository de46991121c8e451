"""The festival-day report: a printable page, its .docx and .xlsx, and the leaders' words."""

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
from flask_login import current_user
from sqlalchemy import select

from intranet import audit
from intranet import documents
from intranet import saving
from intranet.models import db
from intranet.models import ReportNarrative
from intranet.pagination import Cursor
from intranet.periods import festival_period
from intranet.periods import local_today
from intranet.periods import Period
from intranet.permissions import Action
from intranet.permissions import require
from intranet.rendering import render
from intranet.rendering import wants_fragment
from intranet.reports import document
from intranet.reports import figures
from intranet.reports import photos
from intranet.reports import spreadsheet
from intranet.reports import tables
from intranet.reports.forms import NarrativeForm
from intranet.reports.forms import PeriodForm
from intranet.reports.forms import PhotoForm
from intranet.reports.links import HELPERS

bp = Blueprint("reports", __name__)

FIRST_YEAR = 2000
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def latest_year() -> int:
    """The latest festival day that has come: this year's from 19 August, else last year's."""
    today = local_today()
    return today.year if today >= date(today.year, 8, 19) else today.year - 1


def _checked_year(year: int) -> int:
    if not FIRST_YEAR <= year <= local_today().year:
        abort(404)
    return year


def _period(year: int) -> tuple[Period, PeriodForm]:
    """?from=&to= when both are valid and in order, else the twelve months up to 19 August."""
    form = PeriodForm(request.args)
    form.validate()
    start, end = form.from_.data, form.to.data
    if start and end and start <= end and not form.errors:
        return Period(start, end), form
    period = festival_period(year)
    form.from_.data, form.to.data = period.start, period.end
    return period, form


def _narrative(year: int) -> ReportNarrative | None:
    return db.session.scalar(select(ReportNarrative).where(ReportNarrative.year == year))


def _narrative_form(narrative: ReportNarrative | None) -> NarrativeForm:
    if narrative is None:
        return NarrativeForm(formdata=None)
    return NarrativeForm(formdata=None, obj=narrative)


def _page_context(year: int, **forms: Any) -> dict[str, Any]:
    period, period_form = _period(year)
    report = figures.report(year, period, current_user)
    forms.setdefault("narrative_form", _narrative_form(report.narrative))
    forms.setdefault("conflict", None)
    return {
        "r": report,
        "sections": tables.sections(report),
        "photos": photos.chosen(year, period, current_user),
        "photo_sections": {section.value for section in photos.SECTION_KINDS},
        "roman": documents.roman,
        "recipients": documents.recipients(),
        "year": year,
        "period_form": period_form,
        "period_args": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        **HELPERS,
        **forms,
    }


@bp.route("/reports")
def index() -> Response:
    """The report of the latest festival day."""
    require(Action.view_report)
    return redirect(url_for("reports.show", year=latest_year()), 303)


@bp.route("/reports/<int:year>")
def show(year: int) -> str:
    """The report as one printable page (A4), every figure a link to what it counts."""
    require(Action.view_report)
    return render_template("reports/show.html", **_page_context(_checked_year(year)))


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/reports/<int:year>.docx")
def docx(year: int) -> Response:
    """The report as a Word document in the layout of Decree 30/2020, ready to sign."""
    require(Action.view_report)
    period, _form = _period(_checked_year(year))
    body = document.docx_bytes(
        figures.report(year, period, current_user), photos.chosen(year, period, current_user)
    )
    return _download(body, DOCX_TYPE, f"bao-cao-19-8-{year}.docx")


@bp.route("/reports/<int:year>.xlsx")
def xlsx(year: int) -> Response:
    """Every table of the report, one sheet each, with Vietnamese headers."""
    require(Action.view_report)
    period, _form = _period(_checked_year(year))
    body = spreadsheet.xlsx_bytes(figures.report(year, period, current_user))
    return _download(body, XLSX_TYPE, f"bao-cao-19-8-{year}.xlsx")


@bp.route("/reports/<int:year>/narrative", methods=["POST"])
def save_narrative(year: int) -> Response:
    """Save the leaders' words: in place (htmx), or back to the report; 422 and 409 keep them."""
    require(Action.write_narrative)
    narrative = _narrative(_checked_year(year))
    form = NarrativeForm()
    if not form.validate_on_submit():
        return _narrative_again(year, form, 422)
    try:
        if narrative is None:
            narrative = ReportNarrative(year=year)
            db.session.add(narrative)
        else:
            saving.check_version(narrative, form.version.data)
        for name in ("number", "signer", "assessment", "tasks"):
            setattr(narrative, name, (getattr(form, name).data or "").strip())
        narrative.updated_by_id = current_user.id
        audit.record("report_narrative_saved", narrative, year=year)
        saving.commit(narrative)
    except saving.Conflict:
        db.session.rollback()
        saved = _narrative(year)
        form.version.data = str(saved.version) if saved is not None else ""
        return _narrative_again(year, form, 409, conflict=saved)
    message = _("The report's text was saved.")
    if wants_fragment():
        context = _page_context(year, narrative_form=_narrative_form(narrative))
        context["saved_message"] = message
        return render("reports/show.html", "reports/_narrative.html", **context)
    flash(message, "success")
    return redirect(url_for("reports.show", year=year) + "#reports-narrative", 303)


def _narrative_again(
    year: int, form: NarrativeForm, status: int, conflict: ReportNarrative | None = None
) -> Response:
    """The narrative form with what was typed: its messages (422), or the saved text (409)."""
    return render(
        "reports/show.html",
        "reports/_narrative.html",
        status=status,
        **_page_context(year, narrative_form=form, conflict=conflict),
    )


def _photo_section(key: str) -> photos.PhotoSection:
    section = photos.section_of(key)
    if section is None:
        abort(404)
    return section


def _photo_form_context(
    year: int,
    section: photos.PhotoSection,
    form: PhotoForm,
    ticked: list[int] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The choosing form: the ticked photos first, then a page of the others, newest first."""
    if ticked is None:
        selected = photos.current(year, section, current_user)
    else:
        selected = photos.eligible_photos(year, section, current_user, ticked)
    cursor = Cursor.decode(request.args.get("page"))
    page = photos.candidates(
        year, section, current_user, cursor, [p.attachment_id for p in selected]
    )
    extra.setdefault("message", None)
    extra.setdefault("conflict", None)
    return {
        "year": year,
        "key": section.value,
        "section_title": photos.title(section),
        "period": festival_period(year),
        "per_section": photos.PER_SECTION,
        "form": form,
        "selected": selected,
        "page": page,
        **extra,
    }


def _photo_form(choice: Any) -> PhotoForm:
    form = PhotoForm(formdata=None)
    form.version.data = str(choice.version) if choice is not None else ""
    return form


@bp.route("/reports/<int:year>/photos/<section>")
def choose_photos(year: int, section: str) -> Response:
    """The form that chooses a section's photos: a page of its own, or in place (htmx)."""
    require(Action.choose_report_photos)
    chosen_section = _photo_section(section)
    year = _checked_year(year)
    form = _photo_form(photos.choice_of(year, chosen_section))
    return render(
        "reports/photos.html",
        "reports/_photo_form.html",
        **_photo_form_context(year, chosen_section, form),
    )


@bp.route("/reports/<int:year>/photos/<section>", methods=["POST"])
def save_photos(year: int, section: str) -> Response:
    """Save a section's photos; 422 (too many, not choosable) and 409 keep the ticks."""
    require(Action.choose_report_photos)
    chosen_section = _photo_section(section)
    year = _checked_year(year)
    form = PhotoForm()
    sent = request.form.getlist("photo")
    ticked = [
        int(v)
        for v in sent
        if v.isascii() and v.isdigit() and len(v) <= 18 and int(v) <= photos.LARGEST_ID
    ]
    if not form.validate_on_submit():
        return _photos_again(year, chosen_section, form, ticked, 422, message=None)
    try:
        ids = photos.parse_ids(sent)
        choice = photos.choose(year, chosen_section, ids, current_user, form.version.data)
        saving.commit(choice)
    except photos.NotChosen as refused:
        db.session.rollback()
        return _photos_again(year, chosen_section, form, ticked, 422, message=refused.message)
    except saving.Conflict:
        db.session.rollback()
        saved = photos.choice_of(year, chosen_section)
        form.version.data = str(saved.version) if saved is not None else ""
        return _photos_again(year, chosen_section, form, ticked, 409, conflict=True)
    message = _("The section's photos were saved.")
    if wants_fragment():
        period = festival_period(year)
        return render(
            "reports/show.html",
            "reports/_photos.html",
            year=year,
            key=chosen_section.value,
            section_photos=photos.chosen(year, period, current_user).get(chosen_section.value, []),
            saved_message=message,
        )
    flash(message, "success")
    return redirect(url_for("reports.show", year=year) + f"#report-{chosen_section.value}", 303)


def _photos_again(
    year: int,
    section: photos.PhotoSection,
    form: PhotoForm,
    ticked: list[int],
    status: int,
    **extra: Any,
) -> Response:
    """The choosing form again with the boxes as they were ticked, and why (422 or 409)."""
    return render(
        "reports/photos.html",
        "reports/_photo_form.html",
        status=status,
        **_photo_form_context(year, section, form, ticked, **extra),
    )
