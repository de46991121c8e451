"""Saving what two people (or one person tapping twice) may send at the same moment.

Two shapes, used by every workflow (DESIGN section 2, STYLE section 4):

- **Optimistic locking.** A row with a ``version`` column (``version_id_col``) is saved only
  over the version its form showed: ``check_version(row, shown)`` raises ``Conflict`` before
  anything is written, and a concurrent save that wins while this one is being written turns
  SQLAlchemy's ``StaleDataError`` into the same ``Conflict`` (``commit()``, or the app-wide
  handler for a view that does not catch it). Views that show a form catch ``Conflict`` to
  answer 409 with both versions; anything else gets ``rendering``'s 409 page or alert.
- **Double posts.** A form that may be posted twice carries a ``client_token`` (a UUID);
  ``add_once(row, author)`` inserts the new row unless that author already sent that form,
  and when two copies race, the one that loses the unique index gets the winner's row, so it
  answers exactly as if it had saved it. A token sent by another account is refused (400),
  never answered with that account's row.
"""

import re
import uuid
from typing import Any
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from intranet.inputs import MalformedInput
from intranet.models import db
from intranet.models import User

Row = TypeVar("Row")

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class Conflict(Exception):
    """Someone saved or decided the row since the form was shown: answered 409, nothing lost."""

    def __init__(self, row: Any = None) -> None:
        super().__init__(row)
        self.row = row


def check_version(row: Any, shown: str | None) -> None:
    """Raise Conflict unless the form showed the row's current version (empty never matches)."""
    if (shown or "") != str(row.version):
        raise Conflict(row)


def commit(row: Any = None) -> None:
    """Commit the request's work; a concurrent save that won first becomes a Conflict."""
    try:
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise Conflict(row) from error


def flush(row: Any = None) -> None:
    """Write the request's work so far; a concurrent save that won first becomes a Conflict."""
    try:
        db.session.flush()
    except StaleDataError as error:
        db.session.rollback()
        raise Conflict(row) from error


def new_token() -> str:
    """A fresh token for a form that may be posted twice."""
    return str(uuid.uuid4())


def valid_token(token: str | None) -> str | None:
    """The form's token, None when it sent none; a malformed one is refused with 400."""
    if not token:
        return None
    token = token.strip().lower()
    if not _UUID.match(token):
        raise MalformedInput()
    return token


def _owner_column(model: Any) -> Any:
    """The column naming who sent a tokened row (``author_id``, ``relayed_by_id``…)."""
    return getattr(model, model.token_owner)


def find_by_token(model: type[Row], token: str | None, author: User) -> Row | None:
    """The row this author already created from this form, if the form was posted before.

    A token that belongs to another account is refused (400): its row is never shown.
    """
    token = valid_token(token)
    if token is None:
        return None
    row = db.session.scalar(select(model).where(model.client_token == token))  # type: ignore[attr-defined]
    if row is not None and getattr(row, model.token_owner) != author.id:  # type: ignore[attr-defined]
        raise MalformedInput()
    return row


def add_once(row: Row, author: User) -> tuple[Row, bool]:
    """Insert a tokened row, or find the one the same form already made: (row, created).

    The insert must be the request's first write: when a copy of the same post commits first,
    the unique index refuses this one, the transaction is rolled back and the winner's row is
    returned instead.
    """
    model = type(row)
    row.client_token = valid_token(row.client_token)  # type: ignore[attr-defined]
    earlier = find_by_token(model, row.client_token, author)  # type: ignore[attr-defined]
    if earlier is not None:
        return earlier, False
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        earlier = find_by_token(model, row.client_token, author)  # type: ignore[attr-defined]
        if earlier is None:
            raise
        return earlier, False
    return row, True
