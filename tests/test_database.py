"""What the database itself guarantees, whatever the code above it does."""

import pytest
from sqlalchemy import create_engine
from sqlalchemy import text

from intranet.models import db


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
