"""The decision or certificate of a commendation or gift (issue 16): sent with the form (no
JavaScript needed), refused with a Vietnamese message that keeps what was typed, shown on the
register to everyone who reads it, taken off with an audit entry, gone with its row."""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func
from sqlalchemy import select

from intranet import demo
from intranet.models import Attachment
from intranet.models import AttachmentContent
from intranet.models import AuditEvent
from intranet.models import Award
from intranet.models import db
from intranet.models import Gift
from intranet.models import Organization
from tests.helpers import pdf
from tests.helpers import photo
from tests.helpers import village

SECOND_TOKEN = "1f6a7b50-0000-4000-8000-0000000000b2"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


def _form(files: list[tuple[str, bytes]], **changes: str) -> dict:
    return {
        "year": "2026",
        "recipient_kind": "individual",
        "recipient": "Ông Rơ Mah Blơi",
        "giver": "commune_chair",
        "kind": "certificate",
        "reason": "Tích cực tham gia tuần tra đêm.",
        "client_token": "1f6a7b50-0000-4000-8000-0000000000b1",
        "attachments": [(io.BytesIO(data), name) for name, data in files],
    } | changes


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def recorder(app, login):
    demo.load(with_entries=False)
    return login("congan.canbo")


def test_a_commendation_keeps_its_certificate_and_the_register_shows_it(recorder, login, client):
    response = recorder.post(
        "/awards", data=_form([("Giấy khen.pdf", pdf()), ("trao-giai.jpg", photo(1200, 900))])
    )

    assert response.status_code == 303
    award = db.session.scalar(select(Award))
    files = db.session.scalars(select(Attachment).where(Attachment.award_id == award.id)).all()
    assert [f.name for f in files] == ["Giấy khen.pdf", "trao-giai.jpg"]
    client.post("/logout")
    login("mttq")  # anyone who reads the register
    page = client.get("/awards?year=2026").get_data(as_text=True)
    assert f'href="/attachments/{files[0].id}"' in page
    assert f"/attachments/{files[1].id}/icon" in page


def test_a_bad_file_is_refused_in_vietnamese_and_the_typed_commendation_kept(recorder):
    response = recorder.post("/awards", data=_form([("giay-khen.jpg", SVG)]))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "giay-khen.jpg" in page and "SVG" in page
    assert 'value="Ông Rơ Mah Blơi"' in page
    assert "Tích cực tham gia tuần tra đêm." in page
    assert _count(Award) == 0 and _count(AttachmentContent) == 0


def test_too_many_files_are_refused_with_413(recorder, app):
    app.config["ATTACHMENT_MAX_COUNT"] = 2
    files = [(f"{n}.jpg", photo(200, 150)) for n in range(3)]

    response = recorder.post("/awards", data=_form(files))

    assert response.status_code == 413
    assert "tối đa 2 tệp" in response.get_data(as_text=True)
    assert _count(Award) == 0


def test_a_double_post_keeps_the_certificate_once(recorder):
    recorder.post("/awards", data=_form([("giay-khen.pdf", pdf())]))
    again = recorder.post("/awards", data=_form([("giay-khen.pdf", pdf())]))

    assert again.status_code == 303
    assert _count(Award) == 1 and _count(Attachment) == 1


def test_editing_removes_and_adds_files_with_an_audit_entry_each(recorder):
    recorder.post("/awards", data=_form([("cu.jpg", photo(300, 200))]))
    award = db.session.scalar(select(Award))
    old = db.session.scalar(select(Attachment))

    response = recorder.post(
        f"/awards/{award.id}",
        data=_form(
            [("quyet-dinh.pdf", pdf())], version=str(award.version), remove_attachments=str(old.id)
        ),
    )

    assert response.status_code == 303
    names = db.session.scalars(select(Attachment.name).where(Attachment.award_id == award.id))
    assert list(names) == ["quyet-dinh.pdf"]
    events = {
        e.action: e.details
        for e in db.session.scalars(select(AuditEvent).where(AuditEvent.target_type == "award"))
    }
    assert events["attachments_removed"]["names"] == ["cu.jpg"]
    assert events["attachments_added"]["names"] == ["quyet-dinh.pdf"]
    assert _count(AttachmentContent) == 1  # the removed photo's bytes went with it


def test_a_file_not_of_this_award_cannot_be_ticked_off(recorder):
    recorder.post("/awards", data=_form([("a.jpg", photo(300, 200))]))
    recorder.post(
        "/awards",
        data=_form([("b.jpg", photo(310, 200))], client_token=SECOND_TOKEN),
    )
    first, second = db.session.scalars(select(Award).order_by(Award.id)).all()
    others = db.session.scalar(select(Attachment.id).where(Attachment.award_id == second.id))

    response = recorder.post(
        f"/awards/{first.id}",
        data=_form([], version=str(first.version), remove_attachments=str(others)),
    )

    assert response.status_code == 422
    assert _count(Attachment) == 2


def test_deleting_a_commendation_takes_its_files(recorder):
    recorder.post("/awards", data=_form([("giay-khen.pdf", pdf())]))
    award = db.session.scalar(select(Award))

    assert recorder.post(f"/awards/{award.id}/delete").status_code == 303
    assert _count(Attachment) == 0 and _count(AttachmentContent) == 0


def test_a_gift_keeps_its_signed_receipt(recorder):
    response = recorder.post(
        "/awards/gifts",
        data={
            "year": "2026",
            "household": "Hộ ông Ksor Yuh",
            "village": str(village("lang07").id),
            "household_kind": "poor",
            "giver": str(db.session.scalars(select(Organization.id)).first()),
            "value": "500000",
            "client_token": "1f6a7b50-0000-4000-8000-0000000000b3",
            "attachments": [(io.BytesIO(photo(600, 800)), "bien-nhan.jpg")],
        },
    )

    assert response.status_code == 303
    gift = db.session.scalar(select(Gift))
    assert db.session.scalar(select(Attachment.name).where(Attachment.gift_id == gift.id)) == (
        "bien-nhan.jpg"
    )
    edit = recorder.get(f"/awards/gifts/{gift.id}/edit").get_data(as_text=True)
    assert 'name="remove_attachments"' in edit and 'enctype="multipart/form-data"' in edit


def test_the_register_workbook_counts_each_rows_files(recorder, client, login):
    recorder.post("/awards", data=_form([("a.pdf", pdf()), ("b.jpg", photo(300, 200))]))
    recorder.post(
        "/awards",
        data=_form([], recipient='=HYPERLINK("http://x")', client_token=SECOND_TOKEN),
    )
    client.post("/logout")
    login("lang08")  # anyone who reads the register

    response = client.get("/awards.xlsx?year=2026")

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][-1] == "Tệp đính kèm"
    counts = {row[1]: row[-1] for row in rows[1:]}
    assert counts == {"Ông Rơ Mah Blơi": 2, '=HYPERLINK("http://x")': 0}
    assert book.worksheets[0].cell(3, 2).data_type == "s"  # typed text, never a formula
