"""Fixtures after flaskr's: app, client, runner, login, hx, count_queries, demo, approved_entry.

The suite runs on SQLite by default and on PostgreSQL when INTRANET_SQLALCHEMY_DATABASE_URI
is set (`make test` does both). The schema is created once per run; every test starts from
empty tables.

Today's date is fixed. Every test runs with the clock at tests.clock.TODAY (30/11/2026, 10:00
in Asia/Ho_Chi_Minh), moving on from there (time-machine with `tick=True`), with the process's
time zone set to UTC as on a server, so that no test depends on the day or the machine it runs
on; the app, its demo data and the live server of the browser tests all read that clock. A
test that is about a date says so:

    @pytest.mark.today("2028-02-29")            # one day, 10:00 in the commune
    @pytest.mark.today("2027-01-01 00:30")      # a time of day in the commune, too
    @on_days("2026-12-01", "2026-12-31")        # tests.clock.on_days: one run per day

and reads the day it runs on from the `frozen_today` fixture (or `local_today()`). A module
whose expectations were written for one day pins it (`pytestmark = pytest.mark.today(...)`,
tests/stats/test_stats.py). Never compute an expected date at import time: modules are imported
before the clock is set. Only a test that must see the real clock (a subprocess reads it anyway)
is marked `real_clock`. To find hidden dependence on the day, run tests with
`TESTS_TODAY=2027-01-01` (another default day) or `TESTS_TODAY=real` (the real clock).

Which tests run on which database: the SQLite run takes every test; the PostgreSQL run takes
only the tests that touch SQL whose meaning could differ between the two (queries, lists,
workflows, reports, figures, migrations, races). A test or module that does not is marked
`sqlite_only` (templates, i18n, the htmx contract, the rights matrix, the bench); browser
(`browser`) and LibreOffice (`office`) tests count as `sqlite_only` too, since they test pages
and documents, not SQL. `postgres_only` marks the reverse. Both runs use pytest-xdist (`make
test`: `-n 2`); each worker has its own SQLite file or PostgreSQL database (`<name>_gw0`, ...).
"""

import contextvars
import os
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from types import SimpleNamespace

import pytest
import time_machine
from flask import Flask
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy import text
from sqlalchemy.engine import make_url

from intranet import create_app
from intranet import demo as demo_data
from intranet.caching import FingerprintCache
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import OrgKind
from intranet.models import Role
from tests import pg_ready
from tests.clock import moment
from tests.clock import REAL_CLOCK
from tests.clock import TODAY
from tests.clock import UTC_ZONE
from tests.factories import make_org
from tests.factories import make_user
from tests.factories import make_village
from tests.factories import PASSWORD
from tests.helpers import ON_POSTGRES
from tests.helpers import one_of_everything
from tests.helpers import POSTGRES_URI

IN_CI = os.environ.get("CI") == "true"
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
# Tests of pages, documents and templates, not of SQL: the SQLite run alone takes them.
SQLITE_ONLY = ("sqlite_only", "browser", "office")


@pytest.fixture(autouse=True)
def frozen_today(request: pytest.FixtureRequest) -> Iterator[date]:
    """The commune's today for this test: TODAY, the `today` marker's or on_days' day."""
    marker = request.node.get_closest_marker("today")
    marked = marker or hasattr(request, "param")
    if request.node.get_closest_marker("real_clock") or (REAL_CLOCK and not marked):
        yield moment(None).date()
        return
    when = getattr(request, "param", None) or (marker.args[0] if marker else TODAY)
    start = moment(when)
    # Given in UTC (a ZoneInfo), time-machine also sets the process's zone to UTC: the suite
    # runs as on a server whose clock is UTC, wherever it runs.
    with time_machine.travel(start.astimezone(UTC_ZONE), tick=True):
        yield start.date()


@pytest.fixture(scope="session")
def database_uri(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite file per run (per xdist worker: tmp_path_factory is); on PostgreSQL the given
    database, or one per xdist worker named after it (intranet_test_gw0, ...), made if missing."""
    if not ON_POSTGRES:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    if not XDIST_WORKER:
        return POSTGRES_URI
    url = make_url(POSTGRES_URI)
    uri = url.set(database=f"{url.database}_{XDIST_WORKER}").render_as_string(hide_password=False)
    if pg_ready.main(uri) != 0:
        pytest.fail(f"PostgreSQL does not answer for {XDIST_WORKER}'s database")
    return uri


# On PostgreSQL the tests do not wait for each commit to reach the disk: a crash of the test
# server loses nothing anyone needs, and the PostgreSQL pass takes half the time.
TEST_ENGINE_OPTIONS = {
    "pool_pre_ping": True,
    "hide_parameters": True,
    **({"connect_args": {"options": "-c synchronous_commit=off"}} if ON_POSTGRES else {}),
}


def _config(database_uri: str, **overrides: object) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        # A fixed informant key, so that no test writes one into the instance folder.
        "INFORMANT_KEYS": "8tGIcZkx0uDJ1k-2p3J9yF3sH0n2sV5cO8qxq3fOa0Q=",
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": None,
        # Hashes made in tests are cheap; production keeps scrypt (tests/test_security.py).
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "SQLALCHEMY_ENGINE_OPTIONS": TEST_ENGINE_OPTIONS,
        **overrides,
    }


@pytest.fixture(scope="session")
def _schema(database_uri: str) -> Iterator[None]:
    app = create_app(_config(database_uri))
    with app.app_context():
        db.drop_all()
        db.create_all()
        yield
        db.session.remove()
        db.engine.dispose()


def _empty_tables() -> None:
    """Children first. On PostgreSQL, DELETE and a reset of every sequence in two statements:
    TRUNCATE makes new files for each of ~30 tables, 0.2-0.5 s a test, where this takes 15 ms."""
    tables = list(reversed(db.metadata.sorted_tables))
    if ON_POSTGRES:
        db.session.execute(text("; ".join(f'DELETE FROM "{t.name}"' for t in tables)))
        db.session.execute(
            text(
                "SELECT setval(c.oid, 1, false) FROM pg_class c"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.relkind = 'S' AND n.nspname = current_schema()"
            )
        )
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


class _SharedApp:
    """The worker's one application with the default test settings, built on first use.

    Building an app costs more than most tests (werkzeug compiles every URL rule, Jinja every
    template anew), so the tests that take the defaults share one; after each test its settings
    are put back as they were built and its fingerprint caches emptied, so that nothing a test
    changed reaches the next. An app with other settings is built for its test alone.
    """

    app: Flask | None = None
    settings: dict = {}

    @classmethod
    def get(cls, database_uri: str) -> Flask:
        if cls.app is None or cls.app.config["SQLALCHEMY_DATABASE_URI"] != database_uri:
            cls.app = create_app(_config(database_uri))
            cls.settings = dict(cls.app.config)
        return cls.app

    @classmethod
    def reset(cls) -> None:
        assert cls.app is not None
        cls.app.config.clear()
        cls.app.config.update(cls.settings)
        for kept in cls.app.extensions.values():
            if isinstance(kept, FingerprintCache):
                kept.clear()


@pytest.fixture
def make_app(database_uri: str, _schema: None) -> Iterator[Callable[..., Flask]]:
    """Apps on the test database: the shared one when no setting differs, unless `alone`; the
    tables are emptied after the test."""
    own: list[Flask] = []

    def factory(alone: bool = False, **overrides: object) -> Flask:
        if not overrides and not alone:
            return _SharedApp.get(database_uri)
        own.append(create_app(_config(database_uri, **overrides)))
        return own[-1]

    yield factory
    shared = _SharedApp.get(database_uri)
    with shared.app_context():
        db.session.remove()
        _empty_tables()
        db.session.remove()
    _SharedApp.reset()
    for app in own:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Iterator[Flask]:
    app = make_app()
    with app.app_context():
        yield app


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production: a fresh `g` and session.

    Without this, requests would share the test's app context, and with it Flask-Login's and
    Flask-Babel's per-request caches. Afterwards the test's own session ends its transaction,
    so that it reads what the request wrote.
    """

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            db.session.commit()
        return response


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def demo(app: Flask) -> None:
    """The Ia Krai demo: organizations, 36 villages, every demo account (not its entries)."""
    demo_data.load(with_entries=False)


@pytest.fixture
def login(client: FlaskClient) -> Callable[..., FlaskClient]:
    """Sign in through the real form, as a demo account or a factory-made user (both have the
    password PASSWORD unless given); the client keeps the session."""

    def sign_in(username: str, password: str = PASSWORD) -> FlaskClient:
        response = client.post("/login", data={"username": username, "password": password})
        assert response.status_code == 303, f"sign-in as {username} failed"
        return client

    return sign_in


@pytest.fixture
def approved_entry(demo: None) -> ActivityLog:
    """The demo with an approved entry of the women's union and one of every other row a
    route takes the id of: what the route walks (tests/test_access.py) request."""
    return one_of_everything()


@pytest.fixture
def hx() -> SimpleNamespace:
    """Header presets for htmx 4 requests."""
    return SimpleNamespace(
        partial={"HX-Request": "true", "HX-Request-Type": "partial"},
        boosted={"HX-Request": "true", "HX-Request-Type": "full", "HX-Boosted": "true"},
        restore={"HX-History-Restore-Request": "true"},
    )


@pytest.fixture
def count_queries(app: Flask) -> Callable:
    """Count the SQL statements run inside a `with count_queries() as counted:` block."""

    @contextmanager
    def counter() -> Iterator[list[str]]:
        statements: list[str] = []

        def before(conn, cursor, statement, parameters, context, executemany):  # noqa: ARG001
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return counter


@pytest.fixture
def people(app: Flask) -> dict:
    """A union, its members, a village account, two police approvers and a leader."""
    union = make_org("phunu", kind=OrgKind.women, name="Hội Liên hiệp Phụ nữ xã")
    teams = make_org("toantt", kind=OrgKind.steering_committee, name="Tổ bảo vệ ANTT")
    police = make_org("congan", kind=OrgKind.police, name="Công an xã")
    village, other_village = make_village("lang07", name="Dơ Nâu"), make_village("lang08")
    return {
        "union": union,
        "village": village,
        "other_village": other_village,
        "phunu": make_user("phunu", org=union, full_name="Siu H'Nhi"),
        "phunu2": make_user("phunu2", org=union),
        "mttq": make_user("mttq", org=make_org("mttq", kind=OrgKind.front)),
        "lang07": make_user("lang07", org=teams, village=village),
        "truong": make_user("congan.truong", role=Role.approver, org=police),
        "truong2": make_user("congan.pho", role=Role.approver, org=police),
        "lanhdao": make_user("lanhdao", role=Role.leader, org=make_org("ubnd")),
    }


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect (not skip) the tests written for the other database: on PostgreSQL the
    `sqlite_only`, browser and office tests, on SQLite the `postgres_only` ones."""
    others = SQLITE_ONLY if ON_POSTGRES else ("postgres_only",)
    kept = [item for item in items if not any(mark in item.keywords for mark in others)]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI a skipped test is a failure: no browser or PostgreSQL test may be skipped.

    Under xdist the controller counts the workers' skips and decides; workers say nothing.
    """
    if hasattr(session.config, "workerinput"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if IN_CI and skipped and exitstatus == 0:
        reporter.write_line(f"CI: {len(skipped)} skipped tests count as a failure here.")
        session.exitstatus = 1
