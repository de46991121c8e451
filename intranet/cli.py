"""Command-line tools under `flask --app wsgi`: reference load, demo load, users create, backup,
attachments orphans."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from flask import current_app
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.engine import URL

from intranet import audit
from intranet import demo
from intranet import evidence
from intranet import reference
from intranet.auth.policy import normalize_username
from intranet.auth.policy import password_problem
from intranet.auth.policy import username_problem
from intranet.models import db
from intranet.models import Organization
from intranet.models import Role
from intranet.models import User
from intranet.models import Village

demo_cli = AppGroup("demo", help="The Ia Krai demo data.")
reference_cli = AppGroup("reference", help="The commune's organizations and villages.")
users_cli = AppGroup("users", help="Accounts.")
attachments_cli = AppGroup("attachments", help="Photos and scanned documents.")


@demo_cli.command("load")
@click.option(
    "--without-accounts",
    is_flag=True,
    help="Only the organizations and villages (as `reference load`), to start a real installation.",
)
def demo_load(without_accounts: bool) -> None:
    """Load the Ia Krai demo data; rows that exist already are left alone."""
    result = demo.load(with_accounts=not without_accounts)
    click.echo(
        f"Demo data: {result.organizations} organizations, {result.villages} villages, "
        f"{result.team_members} team members, "
        f"{result.users} accounts, {result.entries} log entries, {result.cases} mediation "
        f"cases, {result.tips} tips, {result.attachments} attachments added."
    )


@reference_cli.command("load")
def reference_load() -> None:
    """Load the commune's organizations and villages; rows that exist already are left alone."""
    places = reference.load()
    db.session.commit()
    click.echo(
        f"Reference data: {places.organizations_added} organizations, "
        f"{places.villages_added} villages added."
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
    """Create an account (the first administrator of a new installation, say).

    The same rules as the administrator's form (intranet/auth/policy.py). Whoever runs this
    holds the server, so a police account made here needs no police confirmation: the first
    police approver of a new installation is made this way.
    """
    username = normalize_username(username)
    problem = username_problem(username)
    if problem:
        raise click.BadParameter(str(problem), param_hint="--username")
    problem = password_problem(password, username, full_name)
    if problem:
        raise click.BadParameter(str(problem), param_hint="--password")
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
    """Write a consistent copy of the live database to PATH, attached files included.

    Attachments live in the database (models/attachments.py), so one copy holds the records
    and their files as they were at one instant. SQLite: SQLite's backup API, a database file
    to put back in place of instance/intranet.db. PostgreSQL: pg_dump's custom format, taken
    in one snapshot while the app keeps serving; restore it with
    ``pg_restore --clean --if-exists --no-owner --dbname=... PATH``.
    """
    url = db.engine.url
    if path.exists():
        raise click.ClickException(f"{path} exists already; choose a new file name.")
    if url.get_backend_name() == "postgresql":
        _private_file(path)
        _pg_dump(url, path)
        click.echo(f"Backed up the PostgreSQL database {url.database} to {path}.")
        return
    if url.get_backend_name() != "sqlite" or not url.database:
        raise click.ClickException(f"backup knows SQLite and PostgreSQL, not {url.drivername}.")
    _private_file(path)
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


def _pg_dump(url: URL, path: Path) -> None:
    """pg_dump the database to PATH (custom format); the password goes by the environment."""
    program = shutil.which("pg_dump")
    if program is None:
        path.unlink()
        raise click.ClickException("pg_dump is not installed: install postgresql-client.")
    target = url.set(drivername="postgresql", password=None)
    env = os.environ | ({"PGPASSWORD": str(url.password)} if url.password else {})
    result = subprocess.run(
        [
            program,
            "--format=custom",
            "--no-owner",
            f"--file={path}",
            f"--dbname={target.render_as_string(hide_password=False)}",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        path.unlink(missing_ok=True)
        raise click.ClickException(f"pg_dump failed: {result.stderr.strip()}")
    current_app.logger.info("Database backed up to %s", path)


def _private_file(path: Path) -> None:
    """Create an empty file only its owner may read (0600), in a folder made 0700 if new.

    A backup holds tips, parties' names and password hashes; SQLite gives its journal the
    database file's mode, so the copy is never readable by others, whatever the umask.
    """
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
        os.chmod(path.parent, 0o700)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


@attachments_cli.command("orphans")
@click.option("--delete", "remove", is_flag=True, help="Delete them after listing them.")
def attachments_orphans(remove: bool) -> None:
    """List stored files that no record shows any more (and delete them with --delete).

    A record's files go with it (a foreign key, and the workflows forget unused bytes), so
    this finds only what was left by hand or by an interrupted older version.
    """
    unused = evidence.unused_contents()
    for sha256, size in unused:
        click.echo(f"{sha256}  {size} bytes")
    total = sum(size for _, size in unused)
    if remove and unused:
        deleted = evidence.forget_unused([sha256 for sha256, _ in unused])
        db.session.commit()
        click.echo(f"Deleted {deleted} stored files ({total} bytes) that no record shows.")
    else:
        click.echo(f"{len(unused)} stored files ({total} bytes) that no record shows.")


def register(app: Flask) -> None:
    """Add the commands to `flask --app wsgi`."""
    app.cli.add_command(attachments_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(reference_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(backup)
