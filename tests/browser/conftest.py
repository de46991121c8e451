"""A live server on the test database and Debian's Chromium driven by Playwright.

Never `playwright install`: the browser is /usr/bin/chromium from Debian (.ci/run installs it).
"""

import shutil
import threading
from collections.abc import Callable
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from intranet import demo
from tests.browser.pages import TABLET

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def live_server(make_app) -> Iterator[str]:
    """The app with CSRF on, served from a thread; its base URL."""
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        demo.load()
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
    contexts = []

    def opener(viewport: dict = TABLET, javascript: bool = True):
        context = browser.new_context(
            viewport=viewport, java_script_enabled=javascript, base_url=live_server, locale="vi-VN"
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield opener
    for context in contexts:
        context.close()
