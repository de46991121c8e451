"""The database is only ever created by migrations: they must build exactly the models' schema."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade
from flask_migrate import upgrade
from sqlalchemy import create_engine
from sqlalchemy import inspect
from sqlalchemy import text
from sqlalchemy.engine import make_url

from intranet import create_app
from intranet.models import db
from tests.conftest import ON_POSTGRES
from tests.conftest import POSTGRES_URI


@pytest.fixture
def empty_database_uri(tmp_path):
    """A new, empty database: a SQLite file, or a throwaway PostgreSQL database."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    name = f"intranet_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(
        make_url(POSTGRES_URI).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRES_URI).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_migrations_build_the_schema_of_the_models(empty_database_uri):
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_uri}
    )
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        db.engine.dispose()

    assert differences == []


def test_migrations_go_down_and_up_again(empty_database_uri):
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_uri}
    )
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        tables_after_downgrade = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        db.engine.dispose()

    assert tables_after_downgrade == set()
    assert {"user_account", "organization", "village", "audit_event"} <= tables
