"""Recording, correcting and deleting commendations and gifts (DESIGN section 2, issue 6).

Every function checks the actor's right itself (permissions.require), writes an AuditEvent,
and leaves the commit to the caller (``saving.commit``), so a view commits once. A new row is
inserted once however often its form is posted (``saving.add_once``); an edit is saved only
over the version its form showed (``saving.check_version``).
"""

from collections.abc import Iterable
from typing import Any

from intranet import audit
from intranet import evidence
from intranet import saving
from intranet.models import Award
from intranet.models import db
from intranet.models import Gift
from intranet.models import User
from intranet.permissions import Action
from intranet.permissions import require

AWARD_FIELDS = ("year", "recipient_kind", "recipient", "giver", "form", "reason")
GIFT_FIELDS = ("year", "household", "village_id", "household_kind", "giver_id", "value")
# Free text is stored without the spaces a tablet's keyboard leaves around it.
STRIPPED = ("recipient", "reason", "household")

Row = Award | Gift


def _name(row: Row) -> str:
    return "award" if isinstance(row, Award) else "gift"


def _fields(row: Row) -> tuple[str, ...]:
    return AWARD_FIELDS if isinstance(row, Award) else GIFT_FIELDS


def _apply(row: Row, values: dict[str, Any]) -> None:
    for name in _fields(row):
        value = values[name]
        setattr(row, name, (value or "").strip() if name in STRIPPED else value)


def _record(
    row: Row, actor: User, values: dict[str, Any], files: Iterable[evidence.Prepared]
) -> tuple[Row, bool]:
    require(Action.record_award, row, user=actor)
    _apply(row, values)
    row, created = saving.add_once(row, actor)
    if created:
        added = evidence.attach(row, files, actor)  # the decision or certificate
        audit.record(f"{_name(row)}_recorded", row, actor=actor, year=row.year, files=len(added))
    return row, created


def record_award(
    actor: User,
    values: dict[str, Any],
    client_token: str | None,
    files: Iterable[evidence.Prepared] = (),
) -> tuple[Award, bool]:
    """A commendation on the register: (award, created); a repeated post finds the first."""
    award = Award(client_token=client_token, recorded_by_id=actor.id)
    return _record(award, actor, values, files)  # type: ignore[return-value]


def record_gift(
    actor: User,
    values: dict[str, Any],
    client_token: str | None,
    files: Iterable[evidence.Prepared] = (),
) -> tuple[Gift, bool]:
    """A gift to a household on the register: (gift, created); a repeated post finds the first."""
    gift = Gift(client_token=client_token, recorded_by_id=actor.id)
    return _record(gift, actor, values, files)  # type: ignore[return-value]


def update(
    row: Row,
    actor: User,
    values: dict[str, Any],
    version: str | None,
    files: list[evidence.Prepared] | None = None,
    remove: Iterable[int] = (),
) -> None:
    """Correct a commendation or a gift over the version its form showed; Conflict if it
    moved. Files are added and ticked ones taken off, each audited."""
    require(Action.record_award, row, user=actor)
    saving.check_version(row, version)
    _apply(row, values)
    audit.record(f"{_name(row)}_updated", row, actor=actor, year=row.year)
    saving.flush(row)  # a save that won meanwhile is a Conflict before any file is written
    evidence.remove_files(row, remove, actor)
    evidence.add_files(row, files or [], actor)


def delete(row: Row, actor: User) -> None:
    """Take a commendation or a gift recorded by mistake off the register."""
    require(Action.record_award, row, user=actor)
    if isinstance(row, Award):
        audit.record("award_deleted", row, actor=actor, year=row.year, recipient=row.recipient)
    else:
        audit.record("gift_deleted", row, actor=actor, year=row.year, household=row.household)
    digests = {a.content_sha256 for a in evidence.files_of(row)}
    db.session.delete(row)
    db.session.flush()  # the foreign key takes the row's attachments with it
    evidence.forget_unused(digests)
