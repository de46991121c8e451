"""No serious or critical axe-core violation on any page (DESIGN section 6)."""

from pathlib import Path

import pytest

from tests.browser.conftest import sign_in
from tests.browser.conftest import TABLET

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"

PAGES = [
    (None, "/login"),
    ("mttq", "/"),
    ("mttq", "/logs?kind=club"),
    ("phunu", "/logs/new"),
    ("phunu", "/orgs/phunu"),
    ("congan.truong", "/review"),
    ("congan.truong", "/logs/1"),
    ("mttq", "/admin/users"),  # the 403 page
    ("mttq", "/khong-co"),  # the 404 page
    ("admin", "/admin/users"),
    ("admin", "/admin/users/new"),
    ("admin", "/admin/users/2/edit"),
    ("admin", "/admin/orgs"),
    ("admin", "/admin/orgs/4/edit"),
    ("admin", "/admin/villages"),
    ("admin", "/admin/villages/new"),
]


@pytest.fixture
def axe_page(browser, live_server):
    # The page's CSP forbids injected scripts; the audit alone bypasses it.
    context = browser.new_context(viewport=TABLET, base_url=live_server, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(("username", "path"), PAGES)
def test_page_has_no_serious_accessibility_violation(axe_page, username, path):
    if username:
        sign_in(axe_page, username)
    axe_page.goto(path)
    axe_page.add_script_tag(path=str(AXE))

    violations = axe_page.evaluate(
        """async () => {
            const result = await axe.run(document);
            return result.violations
                .filter(v => ["serious", "critical"].includes(v.impact))
                .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`);
        }"""
    )

    assert violations == []
