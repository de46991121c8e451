"""No serious or critical axe-core violation on any page (DESIGN section 6).

Each page is audited on the tablet (800 px wide) and on a narrow screen (360 px), where every
wide table scrolls whatever the fonts, so that axe looks at every scroll container.
"""

from pathlib import Path

import pytest

from tests.browser.pages import sign_in
from tests.browser.pages import TABLET

SIZES = {"tablet": TABLET, "narrow": {"width": 360, "height": 740}}

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"

# Who looks at which pages (None: signed out).
PAGES = {
    None: ["/login"],
    "mttq": ["/", "/logs?kind=club", "/admin/users", "/khong-co"],  # a 403 and a 404 page too
    "phunu": ["/logs/new", "/orgs/phunu", "/villages"],
    "lang07": [
        "/villages/lang07",
        "/villages/lang07/patrol",
        "/villages/lang07/cases/new",
        "/tips/new",
    ],
    "congan.truong": ["/review", "/logs/1", "/tips", "/tips/1", "/tips/figures", "/stats"],
    "lanhdao": [
        "/stats",
        "/awards?year=2025",
        "/awards/new",
        "/reports/2025",
        "/reports/2026",  # with the demo's chosen photos
        "/reports/2026/photos/activity",
        "/assessments/2026",
        "/assessments/2025/antt-village/lang04",
        "/assessments/2025/ratings",
    ],
    # The year's judgements (issue 17): a village scoring, the police reviewing a set.
    "lang30": ["/assessments/2026", "/assessments/2026/movement-village/lang30"],
    "congan.canbo": [
        "/assessments/2026/movement-village/lang01",
        "/assessments/2026/antt-village/lang13",
        "/assessments/sets/1",
        "/assessments/2026/ratings",  # the ratings draft, one "xuất sắc" over the cap
        "/assessments/sets/1/scale",  # the rating scale (and rules) the police correct
    ],
    "admin": [
        "/admin/users",
        "/admin/users/new",
        "/admin/users/2/edit",
        "/admin/orgs",
        "/admin/orgs/4/edit",
        "/admin/villages",
        "/admin/villages/new",
    ],
}

AUDIT = """async () => {
    const result = await axe.run(document);
    return result.violations
        .filter(v => ["serious", "critical"].includes(v.impact))
        .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`);
}"""


@pytest.fixture(params=list(SIZES))
def axe_page(request, browser, live_server):
    # The page's CSP forbids injected scripts; the audit alone bypasses it.
    viewport = SIZES[request.param]
    context = browser.new_context(viewport=viewport, base_url=live_server, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("username", list(PAGES), ids=lambda name: name or "signed-out")
def test_pages_have_no_serious_accessibility_violation(axe_page, username):
    if username:
        sign_in(axe_page, username)
    violations = {}
    for path in PAGES[username]:
        axe_page.goto(path)
        axe_page.add_script_tag(path=str(AXE))
        violations[path] = axe_page.evaluate(AUDIT)

    assert violations == {path: [] for path in PAGES[username]}
