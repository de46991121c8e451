"""Relaying information: anyone signed in; the answer is a receipt, never the tip again."""

import uuid
from datetime import date
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text

from intranet.models import db
from intranet.models import Informant
from intranet.models import Tip
from intranet.models import TipChannel
from intranet.models import TipStatus
from intranet.periods import local_today
from tests.helpers import relay_form
from tests.helpers import village


def _tips() -> int:
    return db.session.scalar(select(func.count(Tip.id)))


def test_a_village_account_relays_and_sees_only_a_receipt(client, demo, login):
    login("lang07")

    response = client.post("/tips", data=relay_form(informant_name="Siu H'Luih"))

    assert response.status_code == 303
    assert response.headers["Location"] == "/tips/receipt"
    tip = db.session.scalar(select(Tip))
    assert tip.status == TipStatus.received
    assert tip.village.code == "lang07" and tip.relayed_by.username == "lang07"
    assert tip.received_on == local_today()
    receipt = client.get("/tips/receipt").get_data(as_text=True)
    assert tip.number in receipt
    assert "Tin đã được gửi đến Công an xã" in receipt
    assert "mất trộm" not in receipt and "Siu" not in receipt
    # Shown once: a shared tablet keeps nothing for the next person.
    assert client.get("/tips/receipt").status_code == 303
    assert client.get("/tips").status_code == 403
    assert client.get(f"/tips/{tip.id}").status_code == 404
    assert "mất trộm" not in client.get("/logs?q=trộm").get_data(as_text=True)


def test_the_form_starts_on_the_village_of_a_village_account(client, demo, login):
    login("lang07")

    page = client.get("/tips/new").get_data(as_text=True)

    assert f'<option selected value="{village("lang07").id}">' in page


def test_a_double_tap_records_one_tip(client, demo, login):
    login("mttq")
    token = str(uuid.uuid4())

    first = client.post("/tips", data=relay_form(client_token=token))
    second = client.post("/tips", data=relay_form(client_token=token))

    assert first.status_code == second.status_code == 303
    assert _tips() == 1


def test_another_accounts_token_never_answers_with_its_receipt(client, demo, login):
    token = str(uuid.uuid4())
    login("mttq")
    client.post("/tips", data=relay_form(client_token=token))
    number = db.session.scalar(select(Tip)).number
    client.post("/logout")
    login("phunu")

    response = client.post("/tips", data=relay_form(client_token=token))

    assert response.status_code == 400
    assert number not in response.get_data(as_text=True)
    assert number not in client.get("/tips/receipt", follow_redirects=True).get_data(as_text=True)
    assert _tips() == 1


def test_the_informant_is_sealed_in_its_own_table(client, demo, login):
    login("phunu")

    client.post(
        "/tips", data=relay_form(informant_name="Ksor Tlang", informant_contact="0905 111 222")
    )

    raw = db.session.execute(text("SELECT sealed FROM informant")).scalar_one()
    assert "Ksor" not in raw and "0905" not in raw
    columns = db.session.execute(text("SELECT * FROM tip")).one()
    assert not any("Ksor" in str(value) or "0905" in str(value) for value in columns)
    assert db.session.scalar(select(func.count(Informant.id))) == 1


def test_no_informant_row_when_none_was_given(client, demo, login):
    login("phunu")

    client.post("/tips", data=relay_form())

    assert db.session.scalar(select(func.count(Informant.id))) == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"summary": "  "}, "Hãy ghi nội dung người dân cung cấp."),
        ({"summary": "x" * 5001}, "Nhập tối đa 5000 ký tự."),
        ({"village": "99999"}, "Hãy chọn thôn, làng trong danh sách."),
        ({"village": ""}, "Hãy chọn thôn, làng nơi xảy ra sự việc."),
        ({"category": "witchcraft"}, "Hãy chọn lĩnh vực trong danh sách."),
        ({"channel": "pigeon"}, "Hãy chọn hình thức tiếp nhận trong danh sách."),
        ({"received_on": "2999-01-01"}, "Ngày không được sau ngày hôm nay."),
        ({"received_on": "31/02/2026"}, "“31/02/2026” không phải là một ngày."),
    ],
)
def test_bad_input_is_refused_with_the_input_kept(client, demo, login, changes, message):
    login("lang07")

    response = client.post("/tips", data=relay_form(informant_name="Rơ Mah Blơi") | changes)

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert 'value="Rơ Mah Blơi"' in page
    if "summary" not in changes:
        assert "Nhà ông A bị mất trộm hai con bò trong đêm." in page
    assert _tips() == 0


def test_yesterday_can_be_given(client, demo, login):
    login("congan.canbo")
    yesterday = local_today() - timedelta(days=1)

    client.post("/tips", data=relay_form(received_on=yesterday.isoformat()))

    assert db.session.scalar(select(Tip.received_on)) == yesterday


def test_signed_out_visitors_are_sent_to_sign_in(client, demo):
    response = client.post("/tips", data=relay_form())

    assert response.status_code == 302
    assert _tips() == 0


def test_a_tip_received_through_vneid_is_kept_and_shown_as_such(client, demo, login):
    login("lang07")
    page = client.get("/tips/new").get_data(as_text=True)
    assert '<option value="vneid">Qua VNeID</option>' in page
    assert '<option value="phone">Qua điện thoại</option>' in page

    response = client.post("/tips", data=relay_form(channel="vneid", received_on="28/11/2026"))

    assert response.status_code == 303
    tip = db.session.scalar(select(Tip))
    assert tip.channel == TipChannel.vneid
    assert tip.received_on == date(2026, 11, 28)
    login("congan.truong")
    assert "Qua VNeID" in client.get(f"/tips/{tip.id}").get_data(as_text=True)
