"""The page correcting a set's rating scale and the team ratings' rules (the commune police),
on the assessments blueprint: a plain POST answering 303, or the form again with what was
typed (422 with the problems beside their fields, 409 when someone changed the set first)."""

from collections.abc import Mapping

from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import Response
from flask import url_for
from flask_babel import gettext as _

from intranet import saving
from intranet.assessments import criteria as criteria_edit
from intranet.assessments import scale
from intranet.assessments import sets
from intranet.assessments.routes import bp
from intranet.forms import VersionedForm
from intranet.models import CriteriaSet
from intranet.models import db
from intranet.periods import local_today
from intranet.permissions import Action
from intranet.permissions import current_actor
from intranet.permissions import require


class ScaleForm(VersionedForm):
    """CSRF token and version; the levels and rules are read by ``scale.read``."""


def _page(
    shown: CriteriaSet,
    values: Mapping[str, str],
    form: VersionedForm,
    status: int = 200,
    errors: Mapping[str, str] | None = None,
    conflict: bool = False,
) -> Response:
    body = render_template(
        "assessments/edit_scale.html",
        criteria_set=shown,
        values=values,
        form=form,
        errors=errors or {},
        conflict=conflict,
        has_rules=scale.has_rules(shown),
        apply_from=criteria_edit.applies_from(shown, local_today().year),
    )
    return Response(body, status)


@bp.route("/assessments/sets/<int:set_id>/scale")
def edit_scale(set_id: int) -> Response:
    """The form correcting the set's scale (and, for the team ratings, their rules)."""
    require(Action.manage_criteria)
    shown = sets.with_tree(db.get_or_404(CriteriaSet, set_id).id)
    return _page(shown, scale.shown(shown), ScaleForm(version=str(shown.version)))


@bp.route("/assessments/sets/<int:set_id>/scale", methods=["POST"])
def update_scale(set_id: int) -> Response:
    """Save the scale and rules: in place while nothing uses the version, else in a new
    version from the first year nothing uses (what was scored or decided keeps its own)."""
    require(Action.manage_criteria)
    shown = sets.with_tree(db.get_or_404(CriteriaSet, set_id).id)
    form = ScaleForm()
    typed = dict(request.form.items())
    found = scale.read(shown, typed)
    if not form.validate_on_submit() or found.errors:
        return _page(shown, typed, form, 422, found.errors)
    try:
        saved = scale.update(shown, found, current_actor(), local_today().year, form.version.data)
        saving.commit(saved)
    except saving.Conflict:
        db.session.rollback()
        shown = sets.with_tree(set_id)
        form.version.data = str(shown.version)
        return _page(shown, typed, form, 409, conflict=True)
    flash(_("The rating scale is saved."), "success")
    return redirect(url_for("assessments.criteria_set", set_id=saved.id), 303)
