"""Vietnamese first: both catalogues complete, dates dd/mm/yyyy in Asia/Ho_Chi_Minh."""

import subprocess
import sys
from datetime import date
from datetime import datetime
from datetime import UTC
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

from intranet.i18n import date_filter
from intranet.i18n import datetime_filter
from intranet.i18n import number_filter

pytestmark = pytest.mark.sqlite_only  # catalogues and filters, not SQL

TRANSLATIONS = Path(__file__).parent.parent / "translations"


def _catalogue(locale: str):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=locale)


def _template_ids() -> set:
    with open(TRANSLATIONS / "messages.pot", "rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_catalogue_translates_every_string(locale):
    catalogue = _catalogue(locale)
    missing = [m.id for m in catalogue if m.id and (not m.string or "fuzzy" in m.flags)]

    assert missing == []
    assert _template_ids() <= {m.id for m in catalogue if m.id}


def test_vietnamese_catalogue_is_really_vietnamese():
    catalogue = _catalogue("vi")

    assert catalogue["Sign in"].string == "Đăng nhập"
    assert catalogue["Wrong username or password."].string == "Sai tên đăng nhập hoặc mật khẩu."


def test_dates_and_times_are_local_and_day_first(app):
    with app.test_request_context(), force_locale("vi"):
        assert datetime_filter(datetime(2026, 8, 18, 20, 30, tzinfo=UTC)) == "19/08/2026 03:30"
        assert datetime_filter(datetime(2026, 8, 18, 20, 30)) == "19/08/2026 03:30"
        assert date_filter(date(2026, 8, 19)) == "19/08/2026"
        assert number_filter(29596) == "29.596"
    with app.test_request_context(), force_locale("en"):
        assert date_filter(date(2026, 8, 19)) == "19/08/2026"


def test_catalogues_hold_every_string_of_the_code(tmp_path):
    """A string added to the code without `make i18n` (and its Vietnamese) fails here."""
    root = Path(__file__).parent.parent
    output = tmp_path / "fresh.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "--ignore-dirs=.* .venv",
            "-o",
            str(output),
            "--no-location",
            ".",
        ],
        cwd=root,
        check=True,
        capture_output=True,
    )
    with open(output, "rb") as handle:
        fresh = {m.id for m in read_po(handle) if m.id}

    assert fresh - _template_ids() == set()
