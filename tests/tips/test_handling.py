"""The police move a tip on: received → verifying → valuable / not valuable / referred."""

from sqlalchemy import select

from intranet.models import AuditEvent
from intranet.models import db
from intranet.models import Tip
from intranet.models import TipStatus
from intranet.models import User
from intranet.permissions import is_police
from tests.helpers import user


def _post(client, tip: Tip, **fields: object):
    data = {
        "status": tip.status.value,
        "handling_officer": "",
        "outcome": "",
        "referred_to": "",
        "version": str(tip.version),
    } | {key: str(value) for key, value in fields.items()}
    return client.post(f"/tips/{tip.id}", data=data)


def test_a_tip_goes_from_received_to_valuable(client, plant, login):
    tip = plant()
    officer = user("congan.canbo")
    login("congan.canbo")

    first = _post(client, tip, status="verifying", handling_officer=officer.id)
    db.session.refresh(tip)
    second = _post(client, tip, status="valuable", handling_officer=officer.id, outcome="Đã xử lý")
    db.session.refresh(tip)

    assert first.status_code == second.status_code == 303
    assert tip.status == TipStatus.valuable
    assert tip.handling_officer_id == officer.id
    assert tip.outcome == "Đã xử lý"
    assert tip.closed_on is not None
    page = client.get(f"/tips/{tip.id}").get_data(as_text=True)
    assert "chuyển từ “Đang xác minh” sang “Có giá trị”" in page
    # Closed: the handling form is gone, and a post is refused in words, the input kept.
    assert "Xử lý tin báo" not in page
    back = _post(client, tip, status="received", outcome="Mở lại?")
    same = _post(client, tip, status="valuable", outcome="Sửa kết quả")
    assert back.status_code == same.status_code == 422
    assert "“Có giá trị” không thể chuyển sang “Mới tiếp nhận”" in back.get_data(as_text=True)
    assert "Mở lại?" in back.get_data(as_text=True)
    assert "đã kết thúc" in same.get_data(as_text=True)
    db.session.refresh(tip)
    assert (tip.status, tip.outcome) == (TipStatus.valuable, "Đã xử lý")


def test_a_move_the_workflow_does_not_allow_is_refused(client, plant, login):
    tip = plant()
    login("congan.truong")

    response = _post(client, tip, status="valuable", outcome="Ghi chú đang gõ")

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tin báo đang ở trạng thái “Mới tiếp nhận” không thể chuyển sang “Có giá trị”." in page
    assert "Ghi chú đang gõ" in page
    db.session.refresh(tip)
    assert tip.status == TipStatus.received


def test_an_unknown_status_is_refused(client, plant, login):
    tip = plant()
    login("congan.truong")

    assert _post(client, tip, status="forgotten").status_code == 422


def test_closing_needs_an_outcome_and_a_referral_says_to_whom(client, plant, login):
    tip = plant()
    login("congan.truong")
    _post(client, tip, status="verifying")
    db.session.refresh(tip)

    no_outcome = _post(client, tip, status="not_valuable")
    no_whom = _post(client, tip, status="referred", outcome="Vượt thẩm quyền")

    assert no_outcome.status_code == no_whom.status_code == 422
    assert "Hãy ghi kết quả xử lý trước khi kết thúc tin báo." in no_outcome.get_data(as_text=True)
    assert "Hãy ghi tin báo được chuyển cho cơ quan nào." in no_whom.get_data(as_text=True)
    referred = _post(
        client, tip, status="referred", outcome="Vượt thẩm quyền", referred_to="Công an tỉnh"
    )
    assert referred.status_code == 303
    db.session.refresh(tip)
    assert (tip.status, tip.referred_to) == (TipStatus.referred, "Công an tỉnh")


def test_an_officer_who_is_not_police_is_refused(client, plant, login):
    tip = plant()
    login("congan.truong")

    response = _post(client, tip, handling_officer=user("mttq").id)

    assert response.status_code == 422


def test_a_stale_version_answers_409_and_keeps_what_was_typed(client, plant, login):
    tip = plant()
    stale = str(tip.version)
    login("congan.truong")
    _post(client, tip, status="verifying")

    response = client.post(
        f"/tips/{tip.id}",
        data={"status": "received", "outcome": "Ghi chú của tôi", "version": stale},
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Người khác vừa sửa tin báo này." in page
    assert "Ghi chú của tôi" in page
    assert "Đang xác minh" in page
    db.session.refresh(tip)
    assert tip.status == TipStatus.verifying and tip.outcome == ""


def test_every_step_is_audited_without_the_tip_text(client, plant, login):
    tip = plant("Nội dung mật XYZ")
    login("congan.truong")
    _post(client, tip, status="verifying", outcome="Kết quả mật XYZ")

    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.target_type == "tip").order_by(AuditEvent.id)
    ).all()

    assert [e.action for e in events] == ["tip_received", "tip_moved"]
    assert events[1].details["status_to"] == "verifying"
    assert "XYZ" not in repr([e.details for e in events])


def test_the_officers_to_choose_are_the_active_police_accounts(client, plant, login):
    tip = plant()
    gone = user("congan.canbo")
    gone.is_active = False
    db.session.commit()
    login("congan.truong")

    page = client.get(f"/tips/{tip.id}").get_data(as_text=True)

    accounts = db.session.scalars(select(User).order_by(User.id)).all()
    offered = {a.id for a in accounts if f'<option value="{a.id}"' in page}
    police = {a.id for a in accounts if a.is_active and is_police(a)}
    assert police and offered == police
    assert gone.id not in offered and user("mttq").id not in offered
