"""Sealing a tip's informant: Fernet encryption with a key that never enters the database.

The key comes from ``INFORMANT_KEYS`` (the INTRANET_INFORMANT_KEYS variable, or
instance/config.py), else from ``instance/informant.key``, generated on first run. Several
keys, comma-separated, allow rotation: the first seals, every one of them opens. Every app
server of a district must have the same keys; losing them loses every sealed informant.
"""

import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet
from cryptography.fernet import MultiFernet
from flask import current_app
from flask import Flask


@dataclass(frozen=True)
class InformantDetails:
    """Who gave a tip and how to reach them, as an approver sees them once opened."""

    name: str
    contact: str


def prepare_keys(app: Flask) -> None:
    """Make sure the app has informant keys: given in the settings or kept in instance/."""
    if app.config.get("INFORMANT_KEYS"):
        return
    key_file = Path(app.instance_path) / "informant.key"
    if not key_file.exists():
        key_file.write_bytes(Fernet.generate_key())
        os.chmod(key_file, 0o600)
    app.config["INFORMANT_KEYS"] = key_file.read_text().strip()


def _fernet() -> MultiFernet:
    keys = [key.strip() for key in current_app.config["INFORMANT_KEYS"].split(",") if key.strip()]
    return MultiFernet([Fernet(key) for key in keys])


def seal(details: InformantDetails) -> str:
    """The token stored in Informant.sealed: authenticated, and unreadable without the key."""
    payload = json.dumps({"name": details.name, "contact": details.contact}).encode()
    return _fernet().encrypt(payload).decode("ascii")


def unseal(token: str) -> InformantDetails:
    """Open a sealed informant; raises cryptography.fernet.InvalidToken with a wrong key."""
    payload = json.loads(_fernet().decrypt(token.encode("ascii")))
    return InformantDetails(name=payload["name"], contact=payload["contact"])
