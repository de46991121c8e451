"""A live server on the test database and Debian's Chromium driven by Playwright.

Never `playwright install`: the browser is /usr/bin/chromium from Debian (.ci/run installs it).
"""

import shutil
import threading
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from intranet import demo

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent.parent.parent / "test-artifacts"
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

TABLET = {"width": 800, "height": 1280}
DESKTOP = {"width": 1366, "height": 768}


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


def sign_in(page, username: str, password: str = demo.DEMO_PASSWORD) -> None:
    """Sign in through the form, as a person would, and wait for the answer."""
    page.goto("/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    if password == demo.DEMO_PASSWORD:
        page.get_by_role("button", name="Đăng xuất").wait_for()
    else:
        page.get_by_role("alert").wait_for()


def has_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def screenshot(page, name: str) -> None:
    """Keep a picture of the page for people to look at (test-artifacts/, git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
