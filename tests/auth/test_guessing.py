"""Guessing passwords and names: spraying, timing, what a failure leaves behind (issue 12)."""

from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash as real_check_password_hash

from intranet.auth import throttle
from intranet.models import AuditEvent
from intranet.models import db
from intranet.models import LoginFailure
from intranet.models import utcnow
from tests.factories import make_user
from tests.factories import PASSWORD


def _try(client, username: str, password: str = "sai-mat-khau", address: str = "10.0.0.1"):
    return client.post(
        "/login",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_one_address_spraying_many_names_is_paused(client, app):
    make_user("mttq")
    for n in range(20):
        response = _try(client, f"nguoi{n:02d}")
    assert response.status_code == 429

    right_password = _try(client, "mttq", PASSWORD)
    other_address = _try(client, "mttq", PASSWORD, address="10.0.0.2")

    assert right_password.status_code == 429
    assert int(right_password.headers["Retry-After"]) > 0
    page = right_password.get_data(as_text=True)
    assert "Đăng nhập sai quá nhiều lần từ thiết bị này" in page
    assert "15 phút" in page
    assert other_address.status_code == 303


def test_many_addresses_together_hit_the_site_ceiling(client, app):
    make_user("mttq")
    for n in range(app.config["LOGIN_MAX_FAILURES_TOTAL"]):
        throttle.record_failure(f"ten{n}", f"10.1.{n // 250}.{n % 250}")
    db.session.commit()

    response = _try(client, "mttq", PASSWORD, address="10.9.9.9")

    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Tạm dừng đăng nhập" in response.get_data(as_text=True)


def test_the_site_ceiling_opens_when_the_window_has_passed(client, app):
    make_user("mttq")
    long_ago = utcnow() - timedelta(minutes=16)
    for n in range(app.config["LOGIN_MAX_FAILURES_TOTAL"]):
        throttle.record_failure(f"ten{n}", f"10.1.{n // 250}.{n % 250}", at=long_ago)
    db.session.commit()

    assert _try(client, "mttq", PASSWORD).status_code == 303


def test_throttling_holds_across_processes(make_app):
    first, second = make_app(), make_app()
    with first.app_context():
        make_user("mttq")
    for _ in range(5):
        _try(first.test_client(), "mttq")

    response = _try(second.test_client(), "mttq", PASSWORD)

    assert response.status_code == 429
    assert "Retry-After" in response.headers


@pytest.fixture
def hash_checks(monkeypatch):
    """Every password hash check made while signing in, wherever it is made."""
    calls = []

    def spy(pwhash: str, password: str) -> bool:
        calls.append(pwhash)
        return real_check_password_hash(pwhash, password)

    monkeypatch.setattr("intranet.auth.routes.check_password_hash", spy)
    monkeypatch.setattr("intranet.models.accounts.check_password_hash", spy)
    return calls


@pytest.mark.parametrize(
    ("username", "password", "active", "status"),
    [
        ("ghost", "sai-mat-khau", True, 422),
        ("mttq", "sai-mat-khau", True, 422),
        ("mttq", PASSWORD, True, 303),
        ("mttq", "sai-mat-khau", False, 422),
        ("mttq", PASSWORD, False, 403),
    ],
    ids=["unknown", "wrong", "right", "disabled-wrong", "disabled-right"],
)
def test_every_sign_in_checks_one_password_hash(
    client, app, hash_checks, username, password, active, status
):
    """An existing name must not answer slower than an unknown one (username enumeration)."""
    make_user("mttq", is_active=active)

    response = _try(client, username, password)

    assert response.status_code == status
    assert len(hash_checks) == 1


def test_a_paused_sign_in_checks_no_password(client, app, hash_checks):
    make_user("mttq")
    for _ in range(5):
        _try(client, "mttq")
    hash_checks.clear()

    assert _try(client, "mttq", PASSWORD).status_code == 429
    assert hash_checks == []


def test_a_password_typed_as_the_username_is_not_kept(client, app):
    make_user("mttq")
    secret = "bi-mat-cua-toi-2026"

    response = _try(client, secret, "mttq")

    assert response.status_code == 422
    failures = db.session.scalars(select(LoginFailure)).all()
    events = db.session.scalars(select(AuditEvent)).all()
    assert len(failures) == 1 and len(events) == 1
    kept = [(f.username_key, f.address) for f in failures] + [
        (e.action, e.target_id, e.details) for e in events
    ]
    assert secret not in str(kept)
    assert events[0].action == "login_failed" and events[0].target_id is None


def test_a_known_account_failure_is_audited_by_its_name(client, app):
    user = make_user("mttq")

    _try(client, " MTTQ ")

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "login_failed"))
    assert event.target_id == user.id
    assert event.details == {"username": "mttq"}
