"""The year's judgements' pages pass axe-core too (no serious or critical violation), on the
tablet and on a narrow screen, for the village, the police and the chair."""

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import AUDIT
from tests.browser.test_accessibility import AXE
from tests.browser.test_accessibility import axe_page  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser

PAGES = {
    "lang30": ["/assessments/2026", "/assessments/2026/movement-village/lang30"],
    "congan.canbo": [
        "/assessments/2026/movement-village/lang01",
        "/assessments/2026/antt-village/lang13",
        "/assessments/sets/1",
    ],
    "lanhdao": ["/", "/assessments/2026", "/assessments/2025/antt-village/lang04"],
}


@pytest.mark.parametrize("username", list(PAGES))
def test_assessment_pages_have_no_serious_accessibility_violation(axe_page, username):  # noqa: F811
    sign_in(axe_page, username)
    violations = {}
    for path in PAGES[username]:
        axe_page.goto(path)
        axe_page.add_script_tag(path=str(AXE))
        violations[path] = axe_page.evaluate(AUDIT)

    assert violations == {path: [] for path in PAGES[username]}
