"""What the browser tests share: viewports, signing in, measuring and keeping pictures of pages."""

from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from intranet import demo

ARTIFACTS = Path(__file__).parent.parent.parent / "test-artifacts"
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

TABLET = {"width": 800, "height": 1280}
DESKTOP = {"width": 1366, "height": 768}


@contextmanager
def page_opener(browser, base_url: str, locale: str) -> Iterator[Callable]:
    """Pages in fresh contexts of this browser: opener(viewport=TABLET, javascript=True);
    the contexts are closed at the end."""
    contexts = []

    def opener(viewport: dict = TABLET, javascript: bool = True):
        context = browser.new_context(
            viewport=viewport, java_script_enabled=javascript, base_url=base_url, locale=locale
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    try:
        yield opener
    finally:
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


def buttons_are_big_enough(page) -> bool:
    """Every visible button in the main region is at least 44 px high (DESIGN: touch targets)."""
    heights = page.eval_on_selector_all(
        "main button, main a[role=button], main .tap",
        "nodes => nodes.filter(n => n.offsetParent).map(n => n.getBoundingClientRect().height)",
    )
    return bool(heights) and min(heights) >= 44
