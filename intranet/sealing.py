"""Sealing a tip's informant and its photos: Fernet encryption with a key that never enters
the database.

The key comes from ``INFORMANT_KEYS`` (the INTRANET_INFORMANT_KEYS variable, or
instance/config.py), else from ``instance/informant.key``. Several keys, comma-separated, allow
rotation: the first seals, every one of them opens. Every app server of an installation must have
the same keys; losing them loses every sealed informant.

A lost key is never replaced silently (issue 11): at start the app tries the keys on the newest
sealed informant and refuses to start when none opens it, or when no key is configured while
sealed informants exist. A key file is generated only for a database without any informant.
``ACCEPT_UNREADABLE_INFORMANTS`` lets an installation whose key is truly gone start anyway.
"""

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet
from cryptography.fernet import InvalidToken
from cryptography.fernet import MultiFernet
from flask import current_app
from flask import Flask
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from intranet.models import AttachmentContent
from intranet.models import db
from intranet.models import Informant


@dataclass(frozen=True)
class InformantDetails:
    """Who gave a tip and how to reach them, as an approver sees them once opened."""

    name: str
    contact: str


class InformantKeyError(RuntimeError):
    """The configured informant keys cannot open what the database holds: do not start."""


class UnreadableInformant(Exception):
    """No configured key opens this sealed informant (a rotation that dropped its key)."""


def _split(keys: str) -> list[str]:
    return [key.strip() for key in keys.split(",") if key.strip()]


def fingerprint(key: str) -> str:
    """A key's public name for logs and the audit: the first 8 hex digits of its SHA-256."""
    return hashlib.sha256(key.encode()).hexdigest()[:8]


def fingerprints(keys: str | None = None) -> list[str]:
    """The fingerprints of the configured keys, the sealing one first."""
    return [fingerprint(key) for key in _split(keys or current_app.config["INFORMANT_KEYS"])]


def _sealed_samples(app: Flask) -> list[str] | None:
    """The newest and oldest sealed tokens: [] when none, None when the database is unreachable."""
    with app.app_context():
        try:
            if not inspect(db.engine).has_table(Informant.__tablename__):
                return []  # before `flask db upgrade` (or the tests' create_all)
            newest = db.session.scalar(
                select(Informant.sealed).order_by(Informant.id.desc()).limit(1)
            )
            oldest = db.session.scalar(select(Informant.sealed).order_by(Informant.id).limit(1))
            if newest is None:
                # A tip's photo is sealed with the same keys (issue 16): with no informant yet,
                # the newest sealed thumbnail guards against a new key replacing a lost one.
                newest = _newest_sealed_file()
        except SQLAlchemyError as error:
            app.logger.warning(
                "Informant keys not checked: the database did not answer (%s)", error
            )
            return None
        finally:
            db.session.remove()
    return [token for token in (newest, oldest) if token is not None]


def _newest_sealed_file() -> str | None:
    """The newest sealed thumbnail of a tip's photo, as a token, if the table exists."""
    if not inspect(db.engine).has_table(AttachmentContent.__tablename__):
        return None
    token = db.session.scalar(
        select(AttachmentContent.thumbnail)
        .where(AttachmentContent.sealed.is_(True), AttachmentContent.thumbnail.is_not(None))
        .order_by(AttachmentContent.created_at.desc())
        .limit(1)
    )
    return token.decode("ascii") if token is not None else None


def _key_file(app: Flask) -> Path:
    return Path(app.instance_path) / "informant.key"


def _where(app: Flask) -> str:
    return (
        f"Put the key that sealed them back in {_key_file(app)}, or give it in "
        "INTRANET_INFORMANT_KEYS (several keys comma-separated: the first seals, all open), "
        "from the key's backup. If the key is truly lost, set "
        "INTRANET_ACCEPT_UNREADABLE_INFORMANTS=true to start anyway: those informants stay sealed "
        "for good."
    )


def _multi_fernet(keys: str) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in _split(keys)])
    except ValueError as error:
        raise InformantKeyError(
            "INFORMANT_KEYS holds something that is not a Fernet key (32 url-safe base64 bytes): "
            f"{error}"
        ) from None


def prepare_keys(app: Flask) -> None:
    """Give the app informant keys that open the database's sealed informants, or refuse.

    A key file is written only when no key is configured and the database holds no informant;
    the keys' fingerprints go to the log.
    """
    samples = _sealed_samples(app)
    keys = app.config.get("INFORMANT_KEYS") or ""
    key_file = _key_file(app)
    if not keys and key_file.exists():
        keys = key_file.read_text().strip()
    accept = app.config.get("ACCEPT_UNREADABLE_INFORMANTS", False)
    if not keys:
        if samples is None:
            raise InformantKeyError(
                f"No informant key is configured ({key_file} is missing), and the database did "
                "not answer to tell whether sealed informants exist: no new key is made. Start "
                "again once the database answers, or restore the key."
            )
        if samples and not accept:
            raise InformantKeyError(
                f"No informant key is configured ({key_file} is missing, INTRANET_INFORMANT_KEYS "
                "is not set), but the database holds sealed informants. The app does not start, "
                f"so that a new key does not replace the lost one. {_where(app)}"
            )
        key_file.write_bytes(Fernet.generate_key())
        os.chmod(key_file, 0o600)
        keys = key_file.read_text().strip()
    fernet = _multi_fernet(keys)
    app.config["INFORMANT_KEYS"] = keys
    app.logger.info("Informant keys (the first seals): %s", ", ".join(fingerprints(keys)))
    if samples and not _opens(fernet, samples[0]):
        message = (
            f"No configured informant key ({', '.join(fingerprints(keys))}) opens the newest "
            f"sealed informant in the database. {_where(app)}"
        )
        if not accept:
            raise InformantKeyError(message)
        app.logger.error(message)
    elif samples and not _opens(fernet, samples[-1]):
        app.logger.warning(
            "The oldest sealed informant opens with none of the informant keys (%s): a key "
            "dropped in a rotation? Such informants cannot be opened.",
            ", ".join(fingerprints(keys)),
        )


def _opens(fernet: MultiFernet, token: str) -> bool:
    try:
        fernet.decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


def _fernet() -> MultiFernet:
    return _multi_fernet(current_app.config["INFORMANT_KEYS"])


def seal(details: InformantDetails) -> str:
    """The token stored in Informant.sealed: authenticated, and unreadable without the key."""
    payload = json.dumps({"name": details.name, "contact": details.contact}).encode()
    return _fernet().encrypt(payload).decode("ascii")


def seal_bytes(data: bytes) -> bytes:
    """A tip's attached file sealed with the same keys as its informant (the first one seals)."""
    return _fernet().encrypt(data)


def unseal_bytes(token: bytes) -> bytes:
    """Open a sealed file; raises UnreadableInformant when no configured key opens it."""
    try:
        return _fernet().decrypt(token)
    except InvalidToken:
        raise UnreadableInformant from None


def unseal(token: str) -> InformantDetails:
    """Open a sealed informant; raises UnreadableInformant when no configured key opens it."""
    try:
        payload = json.loads(_fernet().decrypt(token.encode("ascii")))
    except InvalidToken:
        raise UnreadableInformant from None
    return InformantDetails(name=payload["name"], contact=payload["contact"])
