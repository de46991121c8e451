"""The sealed informant: a police approver opens it with a reason, and the opening is audited."""

from pathlib import Path

from cryptography.fernet import Fernet
from flask import Flask
from sqlalchemy import select

from intranet import sealing
from intranet.models import AuditEvent
from intranet.models import db
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


def test_a_sealed_token_opens_only_with_its_key(app):
    details = InformantDetails("Ksor Tlang", "0905")
    token = sealing.seal(details)

    assert sealing.unseal(token) == details
    app.config["INFORMANT_KEYS"] = (
        f"{Fernet.generate_key().decode()},{app.config['INFORMANT_KEYS']}"
    )
    assert sealing.unseal(token) == details  # an older key still opens after a rotation
    app.config["INFORMANT_KEYS"] = Fernet.generate_key().decode()
    try:
        sealing.unseal(token)
    except Exception as error:  # noqa: BLE001
        assert type(error).__name__ == "InvalidToken"
    else:
        raise AssertionError("a wrong key opened the informant")


def test_the_key_is_made_once_in_the_instance_folder(tmp_path: Path):
    first, second = Flask("a", instance_path=str(tmp_path)), Flask("b", instance_path=str(tmp_path))

    sealing.prepare_keys(first)
    sealing.prepare_keys(second)

    key_file = tmp_path / "informant.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert first.config["INFORMANT_KEYS"] == second.config["INFORMANT_KEYS"] == key_file.read_text()


def test_a_key_given_in_the_settings_is_used_and_none_written(tmp_path: Path):
    app = Flask("c", instance_path=str(tmp_path))
    app.config["INFORMANT_KEYS"] = "given"

    sealing.prepare_keys(app)

    assert app.config["INFORMANT_KEYS"] == "given"
    assert not (tmp_path / "informant.key").exists()
