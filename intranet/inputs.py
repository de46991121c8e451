"""Malformed input is refused once, here, before any view sees it (DESIGN section 3).

The outside fault test found 5xx answers for input no person types but a fuzzer, a broken
proxy or a damaged form sends: NUL bytes (PostgreSQL refuses them in text), numbers past the
database's 64-bit integers, ids like ``²``, CR/LF in ``next=``, years like 1 or 30 digits long.
Rather than guard each view, three rules apply to every request:

- ``<int:…>`` in a route only matches 0 … 2**63 − 1 (``BoundedInt``): a larger id is a 404.
- ``reject_malformed`` (a before_request hook) answers 400, with a message in the user's
  language, for any query or form value that holds a control character (a line break only in
  the fields of free text, where a text area sends one), or a number of more than 18 digits
  standing alone (ids, years, cursors and page numbers all fit; free text is not checked).
- The base form (``intranet.forms.Form``) refuses whole numbers outside 64 bits and dates
  outside ``periods.earliest() … periods.latest()``, as field messages with a 422.
"""

import re

from flask import Flask
from flask import request
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

# Fields of free text: long digit runs are legitimate there (a phone number, a document number).
FREE_TEXT = frozenset(
    {
        "q",
        "title",
        "description",
        "summary",
        "comment",
        "reason",
        "outcome",
        "note",
        "parties",
        "informant_name",
        "informant_contact",
        "phone",
        "recipient",
        "household",
        "assessment",
        "tasks",
        "password",
        "new_password",
        "current_password",
        "confirm",
    }
)
# NUL and the C0 controls but tab, line feed and carriage return (a text area sends CR LF).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\r\n]")
_LONG_NUMBER = re.compile(r"^\s*[-+]?\d{19,}\s*$")
MAX_ID = 2**63 - 1


class MalformedInput(BadRequest):
    """A value no form of ours can send: answered 400 with its own message."""


class BoundedInt(IntegerConverter):
    """``<int:…>`` that only matches what a 64-bit database integer holds: larger is a 404."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 (werkzeug's signature)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def is_malformed(name: str, value: str) -> bool:
    """True for a value no form of ours can send: control characters, or an absurd number."""
    if _CONTROL.search(value) or _CONTROL.search(name):
        return True
    if name in FREE_TEXT:
        return False
    # Single-line fields (and ``next=``) never hold a line break: it would split a header.
    return (
        bool(_LINE_BREAK.search(value))
        or bool(_LONG_NUMBER.match(value))
        or (value.isdigit() and not value.isascii())
    )


def reject_malformed() -> None:
    """before_request hook: 400 for malformed query or form values (see the module's rules)."""
    for values in (request.args, request.form):
        for name, value in values.items(multi=True):
            if is_malformed(name, value):
                raise MalformedInput()


def register(app: Flask) -> None:
    """Bound ``<int:…>`` (before any blueprint adds its routes) and install the hook.

    ``rendering.register_error_handlers`` answers ``MalformedInput`` with its message.
    """
    app.url_map.converters["int"] = BoundedInt
    app.before_request(reject_malformed)
