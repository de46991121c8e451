"""What the database itself guarantees, whatever the code above it does."""

import pytest
from sqlalchemy import create_engine
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from intranet.models import db
from intranet.models import LogStatus
from tests.factories import make_entry
from tests.factories import make_user
from tests.factories import make_village


@pytest.mark.sqlite_only
def test_the_apps_sqlite_connections_enforce_foreign_keys_and_write_ahead(app):
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000


@pytest.mark.sqlite_only
def test_an_engine_the_app_did_not_make_keeps_sqlites_defaults(app, tmp_path):
    other = create_engine(f"sqlite:///{tmp_path / 'other.db'}")
    with other.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 0
    other.dispose()


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("activity_log", "status", "published"),
        ("activity_log", "kind", "picnic"),
        ("user_account", "role", "superuser"),
        ("organization", "kind", "club"),
        ("village", "kind", "city"),
    ],
)
def test_the_database_refuses_a_value_outside_the_enum(app, table, column, value):
    author = make_user(village=make_village())
    entry = make_entry(LogStatus.draft, author=author)
    row_id = {
        "activity_log": entry.id,
        "user_account": author.id,
        "organization": author.organization_id,
        "village": author.village_id,
    }[table]

    with pytest.raises(IntegrityError, match=f"ck_{table}_"):
        db.session.execute(
            text(f"UPDATE {table} SET {column} = :value WHERE id = :id"),
            {"value": value, "id": row_id},
        )
        db.session.flush()
    db.session.rollback()


def test_the_database_refuses_a_username_that_differs_only_in_case(app):
    make_user("mttq")

    with pytest.raises(IntegrityError):
        db.session.execute(text("UPDATE user_account SET username = 'MTTQ'"))
    db.session.rollback()
