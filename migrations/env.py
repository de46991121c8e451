"""Alembic environment for Flask-Migrate: the app's engine and the models' metadata.

A downgrade never destroys data silently (issue 11): while a revision's ``downgrade()`` runs,
``op.drop_table`` and ``op.drop_column`` (batch mode too) first look whether the table holds a
row or the column a value, and stop the whole run with an error when it does, unless the
command says ``-x allow_data_loss=1``. The run is one transaction on PostgreSQL and on SQLite
alike, so a refused downgrade leaves the database exactly as it was.
"""

import functools
import logging
from collections.abc import Callable
from logging.config import fileConfig
from typing import Any

import sqlalchemy as sa
from alembic import context
from alembic.operations import Operations
from alembic.operations import ops
from alembic.operations import toimpl
from alembic.util import CommandError
from flask import current_app
from sqlalchemy import event

from intranet.search import outside_models
from intranet.search import repair_sqlite_index

config = context.config
if config.config_file_name and not logging.getLogger().handlers:
    # Keep the app's (or pytest's) logging when there is one.
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db
config.set_main_option(
    "sqlalchemy.url", db.engine.url.render_as_string(hide_password=False).replace("%", "%%")
)

ALLOW_DATA_LOSS = "allow_data_loss"


class _Guard:
    """Whether a revision's downgrade is running, and whether it may drop data."""

    downgrading = False
    allow_data_loss = False


def _holds_data(operations: Operations, table: str, column: str | None = None) -> bool:
    """Whether the table has a row (or the column a non-NULL value) in the live database."""
    query = sa.select(sa.literal(1)).select_from(sa.table(table)).limit(1)
    if column is not None:
        query = query.where(sa.column(column).is_not(None))
    return operations.get_bind().execute(query).first() is not None


def _refuse(what: str) -> None:
    raise CommandError(
        f"Refusing to downgrade: it would drop {what}, which holds data. Nothing was changed. "
        "Back the database up first (flask --app wsgi backup PATH, or pg_dump), then run the "
        f"downgrade again with `-x {ALLOW_DATA_LOSS}=1` if losing that data is meant "
        "(flask --app wsgi db -x allow_data_loss=1 downgrade …)."
    )


def _must_check(operations: Operations) -> bool:
    return (
        _Guard.downgrading
        and not _Guard.allow_data_loss
        and not operations.migration_context.as_sql
    )


@Operations.implementation_for(ops.DropTableOp, replace=True)
def _drop_table(operations: Operations, operation: ops.DropTableOp) -> None:
    if _must_check(operations) and _holds_data(operations, operation.table_name):
        _refuse(f"the table {operation.table_name!r}")
    toimpl.drop_table(operations, operation)


@Operations.implementation_for(ops.DropColumnOp, replace=True)
def _drop_column(operations: Operations, operation: ops.DropColumnOp) -> None:
    table, column = operation.table_name, operation.column_name
    if _must_check(operations) and _holds_data(operations, table, column):
        _refuse(f"the column {table}.{column}")
    toimpl.drop_column(operations, operation)


def _guarded(downgrade: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(downgrade)
    def run(*args: Any, **kwargs: Any) -> Any:
        _Guard.downgrading = True
        try:
            return downgrade(*args, **kwargs)
        finally:
            _Guard.downgrading = False

    run.guarded = True
    return run


def _guard_downgrades() -> None:
    """Wrap every revision's downgrade() so the drop checks know a downgrade is running."""
    x_arguments = context.get_x_argument(as_dictionary=True)
    _Guard.allow_data_loss = x_arguments.get(ALLOW_DATA_LOSS, "") in {"1", "true", "yes"}
    for revision in context.script.walk_revisions():
        module = revision.module
        if not getattr(module.downgrade, "guarded", False):
            module.downgrade = _guarded(module.downgrade)


def run_migrations_offline() -> None:
    """Emit SQL for the migrations without a database connection (the guard cannot look)."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=db.metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the app's engine, all in one transaction."""

    def skip_empty_revisions(context, revision, directives):
        # `flask db migrate` with no schema change writes no empty revision.
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    configure_args = dict(current_app.extensions["migrate"].configure_args)
    configure_args.setdefault("process_revision_directives", skip_empty_revisions)
    # The search index (FTS5 table, GIN expression index) is made by hand, not by the models.
    configure_args.setdefault("include_name", outside_models)
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # pysqlite runs DDL outside any transaction: begin one ourselves, so a refused
            # or failed run (a downgrade, an upgrade alike) is rolled back whole.
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            # A batch migration copies a table, drops it and renames the copy: with foreign
            # keys enforced the drop of a referenced table fails on a database holding data.
            # They are checked once at the end instead, before the commit (outside a
            # transaction, where SQLite takes this pragma).
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # ends SQLAlchemy's autobegun block, so BEGIN comes below
            event.listen(connection, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
            configure_args["transactional_ddl"] = True
        context.configure(connection=connection, target_metadata=db.metadata, **configure_args)
        try:
            with context.begin_transaction():
                context.run_migrations()
                _check_foreign_keys(connection)
                if repair_sqlite_index(connection):
                    logger.info("The entries' search index lost its triggers: made again.")
        finally:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def _check_foreign_keys(connection) -> None:
    """SQLite: refuse (and roll back) a migration that left a row pointing at nothing."""
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(
            f"The migration left rows whose foreign keys point at nothing: {broken[:5]}"
        )


_guard_downgrades()
if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
