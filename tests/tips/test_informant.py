"""The sealed informant: a police approver opens it with a reason, and the opening is audited."""

import logging
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from flask import Flask
from sqlalchemy import select

from intranet import create_app
from intranet import sealing
from intranet.models import AuditEvent
from intranet.models import db
from intranet.models import Informant
from intranet.sealing import InformantDetails

REASON = "Cần gặp lại người báo tin để xác minh địa điểm"


def test_the_approver_opens_it_after_giving_a_reason(client, plant, login):
    tip = plant(informant=("Siu H'Luih", "0905 123 456"))
    login("congan.truong")

    refused = client.post(f"/tips/{tip.id}/informant", data={"reason": "  "})
    opened = client.post(f"/tips/{tip.id}/informant", data={"reason": REASON})

    assert refused.status_code == 422
    assert "Hãy ghi lý do mở thông tin người cung cấp." in refused.get_data(as_text=True)
    assert "Siu H&#39;Luih" not in refused.get_data(as_text=True)
    page = opened.get_data(as_text=True)
    assert opened.status_code == 200
    assert "Siu H&#39;Luih" in page and "0905 123 456" in page
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "informant_opened"))
    assert event.actor.username == "congan.truong"
    assert event.details == {"reason": REASON}
    assert (event.target_type, event.target_id) == ("tip", tip.id)
    # Sealed again on the next visit, and the opening is on the tip's page.
    again = client.get(f"/tips/{tip.id}").get_data(as_text=True)
    assert "Siu H&#39;Luih" not in again
    assert "đã mở thông tin người cung cấp" in again and REASON in again


def test_a_police_member_sees_that_there_is_one_not_who(client, plant, login):
    tip = plant(informant=("Siu H'Luih", "0905 123 456"))
    login("congan.canbo")

    page = client.get(f"/tips/{tip.id}").get_data(as_text=True)
    response = client.post(f"/tips/{tip.id}/informant", data={"reason": REASON})

    assert "Chỉ cán bộ công an có quyền duyệt mới được mở." in page
    assert "Siu" not in page
    assert response.status_code == 403
    assert "Siu" not in response.get_data(as_text=True)
    assert (
        db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "informant_opened"))
        is None
    )


def test_a_tip_without_informant_says_so(client, plant, login):
    tip = plant()
    login("congan.truong")

    page = client.get(f"/tips/{tip.id}").get_data(as_text=True)

    assert "Không có thông tin người cung cấp." in page
    assert "Mở thông tin niêm phong" not in page


def test_a_key_that_cannot_open_it_says_so_and_the_attempt_is_audited(app, client, plant, login):
    tip = plant(informant=("Siu H'Luih", "0905 123 456"))
    token = db.session.scalar(select(Informant.sealed).where(Informant.tip_id == tip.id))
    login("congan.truong")
    # A rotation gone wrong: the key that sealed it is no longer among this server's keys.
    other_key = Fernet.generate_key().decode()
    app.config["INFORMANT_KEYS"] = other_key

    response = client.post(f"/tips/{tip.id}/informant", data={"reason": REASON})

    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Không mở được" in page and "Báo quản trị" in page
    assert "Siu" not in page
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "informant_open_failed")
    )
    assert event.actor.username == "congan.truong"
    assert (event.target_type, event.target_id) == ("tip", tip.id)
    assert event.details == {"reason": REASON, "keys": [sealing.fingerprint(other_key)]}
    assert token not in str(event.details) and "Siu" not in str(event.details)
    assert (
        db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "informant_opened"))
        is None
    )
    trail = client.get(f"/tips/{tip.id}").get_data(as_text=True)
    assert "đã thử mở thông tin người cung cấp" in trail and REASON in trail


def test_a_sealed_token_opens_only_with_its_key(app):
    details = InformantDetails("Ksor Tlang", "0905")
    token = sealing.seal(details)

    assert sealing.unseal(token) == details
    app.config["INFORMANT_KEYS"] = (
        f"{Fernet.generate_key().decode()},{app.config['INFORMANT_KEYS']}"
    )
    assert sealing.unseal(token) == details  # an older key still opens after a rotation
    app.config["INFORMANT_KEYS"] = Fernet.generate_key().decode()
    with pytest.raises(sealing.UnreadableInformant):
        sealing.unseal(token)


KEY = Fernet.generate_key().decode()


def _database(tmp_path: Path, *sealed_with: str) -> str:
    """A database whose informant table holds one token sealed with each key given."""
    path = tmp_path / "sealed.db"
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(
            "CREATE TABLE informant (id INTEGER PRIMARY KEY, tip_id INT, sealed TEXT)"
        )
        for number, key in enumerate(sealed_with, start=1):
            token = Fernet(key).encrypt(b'{"name": "Ksor Tlang", "contact": ""}').decode()
            connection.execute("INSERT INTO informant VALUES (?, ?, ?)", (number, number, token))
    return f"sqlite:///{path}"


def _app(tmp_path: Path, database_uri: str | None = None, **config: object) -> Flask:
    """A bare app on its own instance folder and database, as create_app binds them."""
    app = Flask("sealed", instance_path=str(tmp_path / "instance"))
    (tmp_path / "instance").mkdir(exist_ok=True)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri or f"sqlite:///{tmp_path / 'empty.db'}"
    app.config.update(config)
    db.init_app(app)
    return app


def _start(app: Flask) -> None:
    try:
        sealing.prepare_keys(app)
    finally:
        with app.app_context():
            db.engine.dispose()


def test_the_key_is_made_once_in_the_instance_folder(tmp_path: Path):
    first, second = _app(tmp_path), _app(tmp_path)

    _start(first)
    _start(second)

    key_file = tmp_path / "instance" / "informant.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert first.config["INFORMANT_KEYS"] == second.config["INFORMANT_KEYS"] == key_file.read_text()


def test_a_key_given_in_the_settings_is_used_and_none_written(tmp_path: Path):
    app = _app(tmp_path, INFORMANT_KEYS=KEY)

    _start(app)

    assert app.config["INFORMANT_KEYS"] == KEY
    assert not (tmp_path / "instance" / "informant.key").exists()


def test_a_lost_key_file_is_not_replaced_while_sealed_informants_exist(tmp_path: Path):
    app = _app(tmp_path, _database(tmp_path, KEY))

    with pytest.raises(sealing.InformantKeyError) as refused:
        _start(app)

    message = str(refused.value)
    assert str(tmp_path / "instance" / "informant.key") in message
    assert "INTRANET_INFORMANT_KEYS" in message
    assert not (tmp_path / "instance" / "informant.key").exists()


def test_the_app_does_not_start_when_no_key_opens_the_sealed_informants(tmp_path: Path):
    database = _database(tmp_path, KEY)
    wrong = Fernet.generate_key().decode()

    with pytest.raises(sealing.InformantKeyError) as refused:
        create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "x",
                "SQLALCHEMY_DATABASE_URI": database,
                "INFORMANT_KEYS": wrong,
            }
        )

    assert sealing.fingerprint(wrong) in str(refused.value)
    assert "INTRANET_INFORMANT_KEYS" in str(refused.value)


def test_a_rotated_key_list_starts_and_logs_the_fingerprints(tmp_path: Path, caplog):
    new = Fernet.generate_key().decode()
    app = _app(tmp_path, _database(tmp_path, KEY), INFORMANT_KEYS=f"{new},{KEY}")

    with caplog.at_level(logging.INFO, logger=app.logger.name):
        _start(app)

    assert f"{sealing.fingerprint(new)}, {sealing.fingerprint(KEY)}" in caplog.text
    assert KEY not in caplog.text and new not in caplog.text


def test_a_truly_lost_key_may_be_accepted_explicitly(tmp_path: Path):
    app = _app(tmp_path, _database(tmp_path, KEY), ACCEPT_UNREADABLE_INFORMANTS=True)

    _start(app)

    assert (tmp_path / "instance" / "informant.key").exists()
