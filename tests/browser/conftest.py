"""A live server on the test database and Debian's Chromium driven by Playwright.

Never `playwright install`: the browser is /usr/bin/chromium from Debian (.ci/run installs it).
"""

import shutil
import sqlite3
import threading
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from intranet import demo
from intranet.models import db
from tests.browser.pages import CHROMIUM
from tests.browser.pages import CHROMIUM_ARGS
from tests.browser.pages import page_opener


@pytest.fixture(scope="session")
def demo_copies(tmp_path_factory: pytest.TempPathFactory) -> dict[date, Path]:
    """The whole demo, loaded once per day the tests run at, in SQLite files to copy from."""
    return {}


def _load_demo(make_app, demo_copies: dict[date, Path], today: date, database_uri: str) -> None:
    """Fill the test database with the demo as of `today`: the first time by `demo.load()`
    (several seconds), then by copying the pages SQLite kept (SQLite's backup API, safe while
    the app holds connections)."""
    target = make_url(database_uri).database
    if today not in demo_copies:
        app = make_app()
        with app.app_context():
            demo.load()
            db.session.remove()
        copy = Path(target).with_name(f"demo-{today.isoformat()}.db")
        with closing(sqlite3.connect(target)) as source, closing(sqlite3.connect(copy)) as kept:
            source.backup(kept)
        demo_copies[today] = copy
        return
    with closing(sqlite3.connect(demo_copies[today])) as kept:
        with closing(sqlite3.connect(target)) as database:
            kept.backup(database)


@pytest.fixture
def live_server(make_app, demo_copies, frozen_today, database_uri) -> Iterator[str]:
    """The app with CSRF on and the whole demo, served from a thread; its base URL."""
    _load_demo(make_app, demo_copies, frozen_today, database_uri)
    app = make_app(WTF_CSRF_ENABLED=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server) -> Iterator[Callable]:
    """Open a page in a fresh context: new_page(viewport=TABLET, javascript=True)."""
    with page_opener(browser, live_server, "vi-VN") as opener:
        yield opener
