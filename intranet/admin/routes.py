"""The administrator's pages: users, organizations and villages, edited in place.

Each resource has the same shape: a list whose rows are fragments (`_<thing>_row.html`), an
edit URL that answers the whole edit page or, for htmx, an editor row swapped over the row,
and a POST that answers the updated row (htmx) or redirects to the list (plain HTML).
"""

from typing import Any

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import Response
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from intranet import audit
from intranet import saving
from intranet import search
from intranet.admin import workflow
from intranet.admin.forms import OrganizationCreateForm
from intranet.admin.forms import OrganizationForm
from intranet.admin.forms import PasswordForm
from intranet.admin.forms import UserCreateForm
from intranet.admin.forms import UserEditForm
from intranet.admin.forms import VillageForm
from intranet.auth.policy import normalize_username
from intranet.board.queries import commune_figures
from intranet.forms import VersionedForm
from intranet.models import ChangeKind
from intranet.models import ChangeStatus
from intranet.models import db
from intranet.models import hash_password
from intranet.models import Organization
from intranet.models import OrgKind
from intranet.models import PendingChange
from intranet.models import Role
from intranet.models import User
from intranet.models import Village
from intranet.permissions import Action
from intranet.permissions import require
from intranet.rendering import render
from intranet.rendering import render_fragment_html
from intranet.rendering import wants_fragment

bp = Blueprint("admin", __name__)

USERS_PER_PAGE = 50


def _changed_fields(row: Any, form: VersionedForm, names: tuple[str, ...]) -> dict[str, Any]:
    """The fields whose value the form changes, as {name: [old, new]} for the audit."""
    changes = {}
    for name in names:
        old, new = getattr(row, _column(name)), getattr(form, name).data
        old_value = old.id if hasattr(old, "id") else old
        if old_value != new:
            changes[name] = [str(old_value), str(new)]
    return changes


def _column(name: str) -> str:
    return {"organization": "organization_id", "village": "village_id", "parent": "parent_id"}.get(
        name, name
    )


def _apply(row: Any, form: VersionedForm, names: tuple[str, ...]) -> None:
    for name in names:
        setattr(row, _column(name), getattr(form, name).data)


def _editor(
    page_title: str,
    form: VersionedForm,
    *,
    row_id: str,
    action: str,
    cancel: str,
    status: int = 200,
    conflict: Any = None,
    **extra: Any,
) -> Response:
    """The edit page, or the editor row that htmx swaps over a list row.

    On a conflict (409) the form keeps what the user typed, shows what is saved now beside it,
    and takes the saved version, so that saving again deliberately overwrites it.
    """
    conflict_values = []
    if conflict is not None:
        form.version.data = str(conflict.version)
        conflict_values = [
            (form[name].label.text, _display(getattr(conflict, name)))
            for name in form.data
            if name not in ("csrf_token", "version", "password", "username")
        ]
    return render(
        "admin/edit.html",
        "admin/_editor.html",
        status=status,
        page_title=page_title,
        form=form,
        row_id=row_id,
        action=action,
        cancel=cancel,
        conflict_values=conflict_values,
        **extra,
    )


def _display(value: Any) -> str:
    """A saved value as a person reads it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    for attribute in ("label", "display_name", "name"):
        if hasattr(value, attribute):
            return str(getattr(value, attribute))
    return str(value)


def _saved(row_template: str, list_url: str, message: str, **context: Any) -> Response:
    """After a save: the fresh row for htmx, or back to the list with a notice."""
    if wants_fragment():
        return render(row_template, row_template, **context)
    flash(message, "success")
    return redirect(list_url, 303)


# Users


@bp.route("/users")
def users() -> str:
    """Every account, filterable by name and organization, 50 per page."""
    require(Action.manage_users)
    q = request.args.get("q", "").strip()[:100]
    query = select(User)
    if q:
        # Best matches first (the words in the full name, search.tiers), then by username.
        query = query.where(search.matches(User, q)).order_by(search.rank(User, q))
    query = query.order_by(User.username)
    page = db.paginate(query, per_page=USERS_PER_PAGE, error_out=False)
    return render_template("admin/users.html", page=page, q=q)


@bp.route("/users/new")
def new_user() -> str:
    """The form for a new account."""
    require(Action.manage_users)
    form = UserCreateForm(is_active=True, locale="vi", role=Role.member)
    return render_template("admin/new.html", form=form, **_new_user_context())


def _new_user_context() -> dict[str, Any]:
    return {
        "page_title": _("New user"),
        "action": url_for("admin.create_user"),
        "cancel": url_for("admin.users"),
    }


@bp.route("/users", methods=["POST"])
def create_user() -> Response:
    """Create an account; 422 with the form and its messages when something is wrong."""
    require(Action.manage_users)
    form = UserCreateForm()
    if not form.validate_on_submit():
        body = render_template("admin/new.html", form=form, **_new_user_context())
        return Response(body, 422)
    username = normalize_username(form.username.data)
    values = workflow.account_values(form.data)
    if workflow.create_needs_confirmation(values):
        workflow.request_change(
            ChangeKind.create,
            current_user,
            username=username,
            values=values,
            password_hash=hash_password(form.password.data),
        )
        db.session.commit()
        flash(
            _(
                "The account %(username)s will be created when a police approver confirms it.",
                username=username,
            ),
            "success",
        )
        return redirect(url_for("admin.changes"), 303)
    user = User(username=username, password_hash="")
    _apply(user, form, USER_FIELDS)
    user.set_password(form.password.data)
    db.session.add(user)
    audit.record("user_created", user, username=user.username, role=user.role.value)
    db.session.commit()
    flash(_("Account %(username)s created.", username=user.username), "success")
    return redirect(url_for("admin.users", q=user.username), 303)


USER_FIELDS = ("full_name", "organization", "role", "village", "locale", "is_active")


def _user_or_404(user_id: int) -> User:
    return db.get_or_404(User, user_id)


@bp.route("/users/<int:user_id>")
def user(user_id: int) -> Response:
    """One account's row (htmx); opened directly, the list at that row."""
    require(Action.manage_users)
    row = _user_or_404(user_id)
    if wants_fragment():
        return render("admin/_user_row.html", "admin/_user_row.html", user=row)
    return redirect(url_for("admin.users", q=row.username) + f"#user-{row.id}", 303)


@bp.route("/users/<int:user_id>/edit")
def edit_user(user_id: int) -> Response:
    """The account's edit form, as a page or as an editor row."""
    require(Action.manage_users)
    row = _user_or_404(user_id)
    form = UserEditForm(obj=row, organization=row.organization_id, village=row.village_id)
    return _user_editor(row, form)


def _user_editor(row: User, form: UserEditForm, status: int = 200, **extra: Any) -> Response:
    extra.setdefault("password_form", PasswordForm(version=row.version))
    return _editor(
        _("User %(username)s", username=row.username),
        form,
        row_id=f"user-{row.id}",
        action=url_for("admin.update_user", user_id=row.id),
        cancel=url_for("admin.user", user_id=row.id),
        status=status,
        colspan=5,
        password_action=url_for("admin.set_password", user_id=row.id),
        **extra,
    )


@bp.route("/users/<int:user_id>", methods=["POST"])
def update_user(user_id: int) -> Response:
    """Save an account: 422 on bad input, 409 when someone saved it first."""
    require(Action.manage_users)
    row = _user_or_404(user_id)
    form = UserEditForm()
    if not form.validate_on_submit() or not _keeps_own_access(row, form):
        return _user_editor(row, form, 422)
    try:
        saving.check_version(row, form.version.data)
        values = workflow.account_values(form.data)
        if workflow.update_needs_confirmation(row, values):
            workflow.request_change(
                ChangeKind.update, current_user, username=row.username, user=row, values=values
            )
            saving.commit(row)
            return _held(row)
        changes = _changed_fields(row, form, USER_FIELDS)
        _apply(row, form, USER_FIELDS)
        if changes.keys() & set(workflow.GUARDED_FIELDS):
            row.end_sessions()
        audit.record("user_updated", row, changes=changes)
        saving.commit(row)
    except saving.Conflict:
        db.session.rollback()
        return _user_editor(row, form, 409, conflict=db.session.get(User, user_id))
    return _saved(
        "admin/_user_row.html",
        url_for("admin.users"),
        _("Account %(username)s saved.", username=row.username),
        user=row,
    )


def _keeps_own_access(row: User, form: UserEditForm) -> bool:
    """An administrator may not lock themselves out (demote or disable their own account)."""
    if row.id != current_user.id:
        return True
    if form.role.data != Role.admin:
        form.role.errors.append(_l("You cannot remove the administrator role from yourself."))
        return False
    if not form.is_active.data:
        form.is_active.errors.append(_l("You cannot disable your own account."))
        return False
    return True


@bp.route("/users/<int:user_id>/password", methods=["POST"])
def set_password(user_id: int) -> Response:
    """Set a new password for an account; its open sessions end."""
    require(Action.manage_users)
    row = _user_or_404(user_id)
    password_form = PasswordForm(account=row)
    form = UserEditForm(obj=row, organization=row.organization_id, village=row.village_id)
    if not password_form.validate_on_submit():
        return _user_editor(row, form, 422, password_form=password_form)
    try:
        saving.check_version(row, password_form.version.data)
        if workflow.password_needs_confirmation(row):
            workflow.request_change(
                ChangeKind.password,
                current_user,
                username=row.username,
                user=row,
                password_hash=hash_password(password_form.password.data),
            )
            saving.commit(row)
            return _held(row)
        row.set_password(password_form.password.data)
        audit.record("password_reset", row)
        saving.commit(row)
    except saving.Conflict:
        db.session.rollback()
        return _user_editor(row, form, 409, password_form=password_form, conflict=row)
    return _saved(
        "admin/_user_row.html",
        url_for("admin.users"),
        _("New password set for %(username)s.", username=row.username),
        user=row,
        notice=_("New password set."),
    )


@bp.route("/users/<int:user_id>/sign-out", methods=["POST"])
def sign_out_user(user_id: int) -> Response:
    """End every session of an account now ("sign this tablet out": a lost or lent tablet)."""
    require(Action.manage_users)
    row = _user_or_404(user_id)
    row.end_sessions()
    audit.record("sessions_ended", row)
    saving.commit(row)
    return _saved(
        "admin/_user_row.html",
        url_for("admin.users"),
        _("%(username)s is signed out on every device.", username=row.username),
        user=row,
        notice=_("Signed out on every device."),
    )


def _held(row: User) -> Response:
    """After a change held for the police: the unchanged row saying so, or back to the list."""
    notice = _("Waiting for a police approver's confirmation; nothing has changed yet.")
    if wants_fragment():
        return render("admin/_user_row.html", "admin/_user_row.html", user=row, notice=notice)
    flash(_("%(username)s: %(notice)s", username=row.username, notice=notice), "success")
    return redirect(url_for("admin.changes"), 303)


# Account changes waiting for the police (issue 12)

CHANGES_SHOWN = 50


@bp.route("/changes")
def changes() -> str:
    """The account changes waiting for a police approver, and the latest decided ones."""
    require(Action.view_account_changes)
    waiting = db.session.scalars(
        select(PendingChange)
        .where(PendingChange.status == ChangeStatus.pending)
        .order_by(PendingChange.requested_at, PendingChange.id)
        .limit(CHANGES_SHOWN)
    ).all()
    decided = db.session.scalars(
        select(PendingChange)
        .where(PendingChange.status != ChangeStatus.pending)
        .order_by(PendingChange.decided_at.desc(), PendingChange.id.desc())
        .limit(CHANGES_SHOWN)
    ).all()
    return render_template(
        "admin/changes.html",
        waiting=[(change, _readable(change)) for change in waiting],
        decided=decided,
    )


def _readable(change: PendingChange) -> list[tuple[str, str, str]]:
    """(field, now, asked) for each field the change would set, as a person reads them."""
    organizations = {o.id: o.name for o in db.session.scalars(select(Organization))}
    villages = {v.id: v.display_name for v in db.session.scalars(select(Village))}
    labels = {
        "full_name": _("Full name"),
        "organization": _("Organization"),
        "role": _("Role"),
        "village": _("Village"),
        "locale": _("Language"),
        "is_active": _("Account active"),
    }

    def shown(name: str, value: str) -> str:
        if value in ("", "None"):
            return "—"
        if name == "organization":
            return organizations.get(int(value), value)
        if name == "village":
            return villages.get(int(value), value)
        if name == "role":
            return Role(value).label
        if name == "is_active":
            return _("Yes") if value == "True" else _("No")
        return value

    return [
        (labels[name], shown(name, old), shown(name, new))
        for name, (old, new) in workflow.described_changes(change).items()
    ]


def _change_or_404(change_id: int) -> PendingChange:
    return db.get_or_404(PendingChange, change_id)


@bp.route("/changes/<int:change_id>/accept", methods=["POST"])
def accept_change(change_id: int) -> Response:
    """A police approver applies a waiting change (never one about his own account)."""
    change = _change_or_404(change_id)
    require(Action.decide_account_change, change)
    try:
        user = workflow.accept(change, current_user)
        saving.commit(change)
    except (workflow.StaleChange, saving.Conflict):
        db.session.rollback()
        flash(
            _(
                "The account %(username)s changed since this was asked: reject it and ask the "
                "administrator to ask again.",
                username=change.username,
            ),
            "error",
        )
        return redirect(url_for("admin.changes"), 303)
    flash(_("Accepted: %(username)s is changed.", username=user.username), "success")
    return redirect(url_for("admin.changes"), 303)


@bp.route("/changes/<int:change_id>/reject", methods=["POST"])
def reject_change(change_id: int) -> Response:
    """A police approver drops a waiting change; the account stays as it is."""
    change = _change_or_404(change_id)
    require(Action.decide_account_change, change)
    try:
        workflow.reject(change, current_user)
        saving.commit(change)
    except saving.Conflict:
        flash(_("Someone decided this change first."), "error")
        return redirect(url_for("admin.changes"), 303)
    flash(_("Rejected: %(username)s stays as it was.", username=change.username), "success")
    return redirect(url_for("admin.changes"), 303)


# Organizations and villages: the same shapes of form, saved the same way

Place = Organization | Village


def _add_place(row: Place, form: VersionedForm, fields: tuple[str, ...], action: str) -> None:
    """Save a new organization or village from its form, audited, and commit."""
    _apply(row, form, fields)
    db.session.add(row)
    audit.record(action, row, code=row.code)
    db.session.commit()


def _save_place(
    row: Place, form: VersionedForm, fields: tuple[str, ...], action: str
) -> Place | None:
    """Save an organization's or a village's form at the version it showed, audited, and
    commit; when someone saved it first, nothing is saved and their row is returned."""
    row_id = row.id
    try:
        saving.check_version(row, form.version.data)
        changes = _changed_fields(row, form, fields)
        _apply(row, form, fields)
        audit.record(action, row, changes=changes)
        saving.commit(row)
    except saving.Conflict:
        db.session.rollback()
        return db.session.get(type(row), row_id)
    return None


ORGANIZATION_FIELDS = ("name", "kind", "parent", "is_active")


@bp.route("/orgs")
def organizations() -> str:
    """Every organization with its kind and parent."""
    require(Action.manage_organizations)
    rows = db.session.scalars(select(Organization).order_by(Organization.kind, Organization.name))
    return render_template("admin/organizations.html", organizations=rows.unique().all())


def _new_organization_context() -> dict[str, Any]:
    return {
        "page_title": _("New organization"),
        "action": url_for("admin.create_organization"),
        "cancel": url_for("admin.organizations"),
    }


@bp.route("/orgs/new")
def new_organization() -> str:
    """The form for a new organization."""
    require(Action.manage_organizations)
    form = OrganizationCreateForm(is_active=True)
    return render_template("admin/new.html", form=form, **_new_organization_context())


@bp.route("/orgs", methods=["POST"])
def create_organization() -> Response:
    """Create an organization; 422 with the form when something is wrong."""
    require(Action.manage_organizations)
    form = OrganizationCreateForm()
    if not form.validate_on_submit():
        body = render_template("admin/new.html", form=form, **_new_organization_context())
        return Response(body, 422)
    organization = Organization(code=form.code.data)
    _add_place(organization, form, ORGANIZATION_FIELDS, "organization_created")
    flash(_("Organization %(name)s created.", name=organization.name), "success")
    return redirect(url_for("admin.organizations"), 303)


@bp.route("/orgs/<int:org_id>")
def organization(org_id: int) -> Response:
    """One organization's row (htmx); opened directly, the list at that row."""
    require(Action.manage_organizations)
    row = db.get_or_404(Organization, org_id)
    if wants_fragment():
        return render(
            "admin/_organization_row.html", "admin/_organization_row.html", organization=row
        )
    return redirect(url_for("admin.organizations") + f"#organization-{row.id}", 303)


def _organization_editor(
    row: Organization, form: OrganizationForm, status: int = 200, **extra: Any
) -> Response:
    return _editor(
        row.name,
        form,
        row_id=f"organization-{row.id}",
        action=url_for("admin.update_organization", org_id=row.id),
        cancel=url_for("admin.organization", org_id=row.id),
        status=status,
        colspan=4,
        **extra,
    )


@bp.route("/orgs/<int:org_id>/edit")
def edit_organization(org_id: int) -> Response:
    """The organization's edit form, as a page or as an editor row."""
    require(Action.manage_organizations)
    row = db.get_or_404(Organization, org_id)
    form = OrganizationForm(obj=row, parent=row.parent_id, editing=row)
    return _organization_editor(row, form)


@bp.route("/orgs/<int:org_id>", methods=["POST"])
def update_organization(org_id: int) -> Response:
    """Save an organization: 422 on bad input, 409 when someone saved it first."""
    require(Action.manage_organizations)
    row = db.get_or_404(Organization, org_id)
    form = OrganizationForm(editing=row)
    if not form.validate_on_submit() or not _keeps_police_accounts(row, form):
        return _organization_editor(row, form, 422)
    if conflict := _save_place(row, form, ORGANIZATION_FIELDS, "organization_updated"):
        return _organization_editor(row, form, 409, conflict=conflict)
    return _saved(
        "admin/_organization_row.html",
        url_for("admin.organizations"),
        _("Organization %(name)s saved.", name=row.name),
        organization=row,
    )


def _keeps_police_accounts(row: Organization, form: OrganizationForm) -> bool:
    """An organization with accounts cannot become or stop being the police, and the police
    cannot be marked inactive while it has accounts: either would change police accounts
    without a police approver's confirmation. Move or disable the accounts first."""
    has_accounts = db.session.scalar(select(User.id).where(User.organization_id == row.id).limit(1))
    if not has_accounts:
        return True
    if (row.kind == OrgKind.police) != (form.kind.data == OrgKind.police):
        form.kind.errors.append(
            _l(
                "This organization has accounts: it cannot become or stop being the police. "
                "Move its accounts first (the police confirm such moves)."
            )
        )
        return False
    if row.kind == OrgKind.police and row.is_active and not form.is_active.data:
        form.is_active.errors.append(
            _l("The police still have accounts here: disable them first (the police confirm that).")
        )
        return False
    return True


# Villages

VILLAGE_FIELDS = ("code", "name", "kind", "population", "households", "minority_percent")


@bp.route("/villages")
def villages() -> str:
    """Every village with its figures and a commune total."""
    require(Action.manage_villages)
    rows = db.session.scalars(select(Village).order_by(Village.code)).all()
    return render_template("admin/villages.html", villages=rows, figures=commune_figures())


def _new_village_context() -> dict[str, Any]:
    return {
        "page_title": _("New village"),
        "action": url_for("admin.create_village"),
        "cancel": url_for("admin.villages"),
    }


@bp.route("/villages/new")
def new_village() -> str:
    """The form for a new village."""
    require(Action.manage_villages)
    return render_template("admin/new.html", form=VillageForm(), **_new_village_context())


@bp.route("/villages", methods=["POST"])
def create_village() -> Response:
    """Create a village; 422 with the form when something is wrong."""
    require(Action.manage_villages)
    form = VillageForm()
    if not form.validate_on_submit():
        body = render_template("admin/new.html", form=form, **_new_village_context())
        return Response(body, 422)
    village = Village()
    _add_place(village, form, VILLAGE_FIELDS, "village_created")
    flash(_("Village %(name)s created.", name=village.name), "success")
    return redirect(url_for("admin.villages"), 303)


@bp.route("/villages/<int:village_id>")
def village(village_id: int) -> Response:
    """One village's row (htmx); opened directly, the list at that row."""
    require(Action.manage_villages)
    row = db.get_or_404(Village, village_id)
    if wants_fragment():
        return render("admin/_village_row.html", "admin/_village_row.html", village=row)
    return redirect(url_for("admin.villages") + f"#village-{row.id}", 303)


def _village_editor(row: Village, form: VillageForm, status: int = 200, **extra: Any) -> Response:
    return _editor(
        row.display_name,
        form,
        row_id=f"village-{row.id}",
        action=url_for("admin.update_village", village_id=row.id),
        cancel=url_for("admin.village", village_id=row.id),
        status=status,
        colspan=7,
        **extra,
    )


@bp.route("/villages/<int:village_id>/edit")
def edit_village(village_id: int) -> Response:
    """The village's edit form, as a page or as an editor row."""
    require(Action.manage_villages)
    row = db.get_or_404(Village, village_id)
    return _village_editor(row, VillageForm(obj=row, editing=row))


@bp.route("/villages/<int:village_id>", methods=["POST"])
def update_village(village_id: int) -> Response:
    """Save a village: 422 on bad input, 409 when someone saved it first."""
    require(Action.manage_villages)
    row = db.get_or_404(Village, village_id)
    form = VillageForm(editing=row)
    if not form.validate_on_submit():
        return _village_editor(row, form, 422)
    if conflict := _save_place(row, form, VILLAGE_FIELDS, "village_updated"):
        return _village_editor(row, form, 409, conflict=conflict)
    if wants_fragment():
        # The row, then the commune totals out of band: they change with the population.
        row_html = render_template("admin/_village_row.html", village=row)
        totals = render_template("admin/_village_totals.html", figures=commune_figures(), oob=True)
        return render_fragment_html(row_html + totals)
    flash(_("Village %(name)s saved.", name=row.name), "success")
    return redirect(url_for("admin.villages"), 303)
