"""Percentages are written one way everywhere: no space before the sign."""

import pytest

from intranet.formatting import percent

pytestmark = pytest.mark.sqlite_only


@pytest.mark.parametrize(
    ("value", "signed", "text"),
    [
        (94, False, "94%"),
        (0, False, "0%"),
        (408, True, "+408%"),
        (-3, True, "−3%"),
        (0, True, "0%"),
        (None, False, "—"),
    ],
)
def test_a_percentage_has_no_space_before_the_sign(value, signed, text):
    assert percent(value, signed=signed) == text
