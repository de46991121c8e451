"""Every scroll container can be reached with the keyboard, whatever fonts make it scroll.

axe reports a scrolling region that takes no focus (`scrollable-region-focusable`), but only
when it scrolls on the machine that runs it; this looks at the templates instead.
"""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only  # templates, not SQL

TEMPLATES = Path(__file__).parent.parent / "templates"
# Classes that scroll: Pico's .overflow-auto and ours in static/css/app.css.
SCROLLING = re.compile(r'<div\b[^>]*class="[^"]*\b(?:overflow-auto|table-scroll)\b[^>]*>')


def _containers() -> list[tuple[str, str]]:
    return [
        (str(path.relative_to(TEMPLATES)), match.group(0))
        for path in sorted(TEMPLATES.rglob("*.html"))
        for match in SCROLLING.finditer(path.read_text())
    ]


def test_the_templates_have_scroll_containers():
    assert len(_containers()) >= 10


@pytest.mark.parametrize(("template", "tag"), _containers())
def test_a_scroll_container_takes_focus_and_has_a_name(template, tag):
    assert 'tabindex="0"' in tag
    assert 'role="region"' in tag
    assert "aria-labelledby=" in tag or "aria-label=" in tag


def test_every_scrolling_rule_in_app_css_is_covered():
    css = (Path(__file__).parent.parent / "static" / "css" / "app.css").read_text()
    scrolling = re.findall(r"([^{}]+)\{[^}]*overflow(?:-[xy])?:\s*(?:auto|scroll)", css)
    assert [selector.strip() for selector in scrolling] == [".table-scroll"]
