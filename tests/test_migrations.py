"""The database is only ever created by migrations: they must build exactly the models' schema."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade
from flask_migrate import upgrade
from sqlalchemy import create_engine
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from intranet import create_app
from intranet import search
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import User
from intranet.models import Village
from intranet.search import outside_models
from tests.helpers import ON_POSTGRES
from tests.helpers import POSTGRES_URI


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
            # The search index is made by hand beside the models (intranet/search.py).
            context = MigrationContext.configure(connection, opts={"include_name": outside_models})
            differences = compare_metadata(context, db.metadata)
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


NEW_USER = (
    "INSERT INTO user_account (username, full_name, password_hash, organization_id, role, "
    "is_active, locale, session_token, created_at, version) VALUES (:username, 'A', 'x', "
    "(SELECT id FROM organization), :role, true, 'vi', 'token', CURRENT_TIMESTAMP, 1)"
)


@pytest.mark.parametrize(
    ("username", "role", "refused_by"),
    [
        ("ca.truong", "approver", None),
        ("ca.truong", "superuser", "ck_user_account_role"),
        ("CA.Truong", "approver", "ck_user_account_username_lowercase"),
    ],
)
def test_the_migrated_database_refuses_other_roles_and_uppercase_usernames(
    empty_database_uri, username, role, refused_by
):
    app = _migrated_app(empty_database_uri)
    with app.app_context():
        with db.engine.connect() as connection:
            if refused_by is None:
                connection.execute(text(NEW_USER), {"username": username, "role": role})
            else:
                with pytest.raises(IntegrityError, match=refused_by):
                    connection.execute(text(NEW_USER), {"username": username, "role": role})
        db.engine.dispose()


def test_the_migrated_database_takes_tips_through_vneid_and_no_unknown_channel(
    empty_database_uri,
):
    app = _migrated_app(empty_database_uri)
    with app.app_context():
        checks = {c["name"]: c["sqltext"] for c in inspect(db.engine).get_check_constraints("tip")}
        db.engine.dispose()
    assert "'vneid'" in checks["ck_tip_tipchannel"]
    assert "'fax'" not in checks["ck_tip_tipchannel"]


def _migrated_app(database_uri: str):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": database_uri})
    with app.app_context():
        upgrade()
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO organization (code, name, kind, is_active, version) "
                    "VALUES ('ca', 'Công an xã', 'police', true, 1)"
                )
            )
    return app


def _downgrade_to_base(app, *options: str):
    """Run `flask db [options] downgrade base` as an operator would."""
    # In this app's context: another test's app context may still be pushed (the schema's).
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["db", *options, "downgrade", "base"])
        db.engine.dispose()
    return result


def _version(app) -> str:
    with app.app_context():
        with db.engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        db.engine.dispose()
    return version


def _organizations(app) -> list[str]:
    with app.app_context():
        with db.engine.connect() as connection:
            names = connection.execute(text("SELECT name FROM organization")).scalars().all()
        db.engine.dispose()
    return list(names)


def test_a_downgrade_that_would_drop_rows_refuses_and_changes_nothing(empty_database_uri, caplog):
    app = _migrated_app(empty_database_uri)
    head = _version(app)

    result = _downgrade_to_base(app)

    assert result.exit_code == 1
    assert "Refusing to downgrade" in caplog.text
    assert "'organization'" in caplog.text
    assert "allow_data_loss=1" in caplog.text
    assert _organizations(app) == ["Công an xã"]
    with app.app_context():
        # Not even the empty tables and indexes of later revisions went: the run was rolled back.
        tables = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
    assert {"tip", "informant", "award", "report_narrative"} <= tables
    assert _version(app) == head


def test_a_forced_downgrade_drops_the_rows(empty_database_uri):
    app = _migrated_app(empty_database_uri)

    result = _downgrade_to_base(app, "-x", "allow_data_loss=1")

    assert result.exit_code == 0
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        db.engine.dispose()
    assert tables == set()


def test_an_empty_database_downgrades_freely(empty_database_uri):
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_uri}
    )
    with app.app_context():
        upgrade()
        db.engine.dispose()

    result = _downgrade_to_base(app)

    assert result.exit_code == 0
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        db.engine.dispose()
    assert tables == set()


def test_the_search_migration_folds_the_rows_already_there(empty_database_uri):
    """Entries, villages and accounts saved before search ignored accents are found folded."""
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_uri}
    )
    with app.app_context():
        upgrade(revision="5ec0a1b2c3d4")
        with db.engine.begin() as connection:
            for statement in (
                "INSERT INTO organization (code, name, kind, is_active, version) "
                "VALUES ('ca', 'Công an xã', 'police', true, 1)",
                "INSERT INTO village (code, name, kind, population, households, "
                "minority_percent, version) VALUES ('lang07', 'Dơ Nâu', 'lang', 0, 0, 0, 1)",
                "INSERT INTO user_account (username, full_name, password_hash, organization_id, "
                "role, is_active, locale, session_token, created_at, version) VALUES ('ca1', "
                "'Đinh Văn Tuấn', 'x', 1, 'member', true, 'vi', 't', '2026-01-01', 1)",
                "INSERT INTO activity_log (organization_id, author_id, date, kind, title, "
                "description, participants, status, created_at, updated_at, version) VALUES "
                "(1, 1, '2026-05-01', 'patrol', 'Tuần tra đêm', 'Qua ĐƯỜNG liên thôn', 3, "
                "'approved', '2026-05-01', '2026-05-01', 1)",
            ):
                connection.execute(text(statement))
        upgrade()
        with db.engine.begin() as connection:  # an entry written after the migrations
            connection.execute(
                text(
                    "INSERT INTO activity_log (organization_id, author_id, date, kind, title, "
                    "description, participants, status, created_at, updated_at, version, "
                    "search_text) VALUES (1, 1, '2026-06-01', 'patrol', 'Họp dân', '', 3, "
                    "'approved', '2026-06-01', '2026-06-01', 1, ' hop dan ')"
                )
            )
        folded = db.session.scalar(select(ActivityLog.search_text).order_by(ActivityLog.id))
        found = db.session.scalar(
            select(ActivityLog.id).where(search.matches(ActivityLog, "duong TUAN"))
        )
        village = db.session.scalar(select(Village.id).where(search.matches(Village, "do nau")))
        user = db.session.scalar(select(User.id).where(search.matches(User, "dinh tuan")))
        # Later batch migrations of activity_log (SQLite copies the table and loses its
        # triggers): the index still hears of new entries (migrations/env.py repairs it).
        later = db.session.scalar(select(ActivityLog.id).where(search.matches(ActivityLog, "hop")))
        db.session.remove()
        db.engine.dispose()

    assert folded == " tuan tra dem qua duong lien thon "
    assert (found, village, user, later) == (1, 1, 1, 2)


def test_existing_assessments_keep_their_village_when_units_and_corrections_arrive(
    empty_database_uri,
):
    """Issue 17: assessments saved before the commune and agencies were judged stay their
    village's, as revision 1; a row naming no unit, or both, is refused."""
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_uri}
    )
    with app.app_context():
        upgrade(revision="8e3dd7e4db00")
        with db.engine.begin() as connection:
            for statement in (
                "INSERT INTO organization (code, name, kind, is_active, version) "
                "VALUES ('ca', 'Công an xã', 'police', true, 1)",
                "INSERT INTO village (code, name, kind, population, households, "
                "minority_percent, version, search_text) "
                "VALUES ('lang07', 'Dơ Nâu', 'lang', 0, 0, 0, 1, '')",
                "INSERT INTO user_account (username, full_name, password_hash, organization_id, "
                "role, is_active, locale, session_token, created_at, version, search_text) "
                "VALUES ('ca1', 'Đinh Văn Tuấn', 'x', 1, 'member', true, 'vi', 't', "
                "'2026-01-01', 1, '')",
                "INSERT INTO criteria_set (code, title, legal_basis, unit_kind, kind, valid_from, "
                "period_start_month, period_start_day, period_end_month, period_end_day, "
                "deadline_month, deadline_day, is_example, note, created_at, version) VALUES "
                "('movement-village', 'Phong trào', '510', 'village', 'points', 2025, 11, 1, 10, "
                "31, 11, 20, true, '', '2026-01-01', 1)",
                "INSERT INTO assessment (set_id, year, village_id, status, created_by_id, "
                "return_reason, proposed_label, reviewed_label, decided_label, created_at, "
                "version) VALUES (1, 2025, 1, 'decided', 1, '', 'Khá', 'Khá', 'Khá', "
                "'2026-01-01', 1)",
            ):
                connection.execute(text(statement))
        upgrade()
        with db.engine.connect() as connection:
            kept = connection.execute(
                text("SELECT village_id, unit_id, revision, correction_reason FROM assessment")
            ).all()
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO assessment (set_id, year, status, created_by_id, revision, "
                    "correction_reason, return_reason, proposed_label, reviewed_label, "
                    "decided_label, created_at, version) VALUES (1, 2026, 'draft', 1, 1, '', "
                    "'', '', '', '', '2026-01-01', 1)"
                )
            )
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(text("UPDATE criteria_set SET unit_kind = 'school' WHERE id = 1"))
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE criteria_set SET unit_kind = 'agency' WHERE id = 1"))
        db.engine.dispose()

    assert kept == [(1, None, 1, "")]
