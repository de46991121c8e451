"""Command-line tools under `flask --app wsgi`: demo load, users create, backup."""

import sqlite3
from pathlib import Path

import click
from flask import current_app
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import func
from sqlalchemy import select

from intranet import audit
from intranet import demo
from intranet.models import db
from intranet.models import Organization
from intranet.models import Role
from intranet.models import User
from intranet.models import Village

demo_cli = AppGroup("demo", help="The Ia Krai demo data.")
users_cli = AppGroup("users", help="Accounts.")


@demo_cli.command("load")
@click.option(
    "--without-accounts",
    is_flag=True,
    help="Only the organizations and villages, to start a real installation from.",
)
def demo_load(without_accounts: bool) -> None:
    """Load the Ia Krai demo data; rows that exist already are left alone."""
    result = demo.load(with_accounts=not without_accounts)
    click.echo(
        f"Demo data: {result.organizations} organizations, {result.villages} villages, "
        f"{result.team_members} team members, "
        f"{result.users} accounts, {result.entries} log entries, {result.cases} mediation "
        f"cases, {result.tips} tips added."
    )


@demo_cli.command("accounts")
def demo_accounts() -> None:
    """Print the demo accounts."""
    click.echo("Demo accounts:")
    for line in demo.account_lines():
        click.echo(line)


@users_cli.command("create")
@click.option("--username", required=True)
@click.option("--full-name", required=True)
@click.option("--org", "org_code", required=True, help="The organization's code, e.g. congan.")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.member.value)
@click.option("--village", "village_code", default=None, help="A village code, e.g. lang07.")
@click.password_option()
def users_create(
    username: str,
    full_name: str,
    org_code: str,
    role: str,
    village_code: str | None,
    password: str,
) -> None:
    """Create an account (the first administrator of a new installation, say)."""
    username = username.strip().lower()
    if len(password) < 8:
        raise click.BadParameter("at least 8 characters", param_hint="--password")
    if db.session.scalar(select(User.id).where(func.lower(User.username) == username)):
        raise click.ClickException(f"the username {username} is already taken")
    organization = db.session.scalar(select(Organization).where(Organization.code == org_code))
    if organization is None:
        raise click.ClickException(f"no organization with the code {org_code}")
    village = None
    if village_code:
        village = db.session.scalar(select(Village).where(Village.code == village_code))
        if village is None:
            raise click.ClickException(f"no village with the code {village_code}")
    user = User(
        username=username,
        full_name=full_name,
        organization=organization,
        role=Role(role),
        village=village,
        password_hash="",
    )
    user.set_password(password)
    db.session.add(user)
    audit.record("user_created", user, username=username, role=role, via="cli")
    db.session.commit()
    click.echo(f"Created {username} ({role}, {organization.code}).")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def backup(path: Path) -> None:
    """Write a consistent copy of the live SQLite database to PATH (SQLite's backup API)."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database:
        raise click.ClickException(
            "backup copies a SQLite database; for PostgreSQL use pg_dump on the server."
        )
    if path.exists():
        raise click.ClickException(f"{path} exists already; choose a new file name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(url.database)
    target = sqlite3.connect(path)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()
    current_app.logger.info("Database backed up to %s", path)
    click.echo(f"Backed up {url.database} to {path}.")


def register(app: Flask) -> None:
    """Add the commands to `flask --app wsgi`."""
    app.cli.add_command(demo_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(backup)
