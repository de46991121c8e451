"""Photos and scans on entries (issue 16): sent with the form, made safe, shown, removed."""

import io
import struct
import zlib

import pytest
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import func
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from intranet import evidence
from intranet.logs import workflow
from intranet.models import ActivityLog
from intranet.models import Attachment
from intranet.models import AttachmentContent
from intranet.models import db
from intranet.models import LogKind
from intranet.models import LogStatus
from intranet.models import ReviewEvent
from intranet.models import SNAPSHOT_FIELDS
from intranet.review import workflow as review
from tests.clock import TODAY
from tests.factories import make_entry
from tests.factories import PASSWORD
from tests.helpers import GPS_IFD
from tests.helpers import pdf
from tests.helpers import photo


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A few hundred bytes that claim 900 million pixels: refused before anything is decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = zlib.compress(b"\x00" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def form(files=(), **overrides) -> dict:
    return {
        "title": "Tuần tra đêm khu vực chợ",
        "description": "Tổ tuần tra 6 người.",
        "date": "2026-11-20",
        "kind": "patrol",
        "village": "",
        "participants": "6",
        "client_token": "5f0e4a52-0000-4000-8000-00000000a001",
        "attachments": [(io.BytesIO(data), name) for name, data in files],
    } | overrides


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _stored(attachment: Attachment) -> bytes:
    return db.session.scalar(
        select(AttachmentContent.data).where(AttachmentContent.sha256 == attachment.content_sha256)
    )


def test_a_photo_sent_without_javascript_is_kept_upright_small_and_without_gps(people, login):
    client = login("phunu")
    original = photo(orientation=6)  # the phone was held upright: stored on its side
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test's own check

    response = client.post("/logs", data=form([("IMG_2041.JPG", original)]))

    assert response.status_code == 303
    attachment = db.session.scalar(select(Attachment))
    stored = _stored(attachment)
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert image.size == (1200, 1600)  # turned upright, long side 1600
    assert image.getpixel((1190, 10))[0] > 150  # the red corner is now top right
    assert not image.getexif()
    assert "exif" not in image.info and "icc_profile" not in image.info
    for trace in (b"PhoneMaker", b"Nguyen Van Chu May", b"Exif"):
        assert trace not in stored
    assert attachment.name == "IMG_2041.jpg"
    assert attachment.content.size == len(stored) < len(original)
    thumbnail = client.get(f"/attachments/{attachment.id}/thumbnail")
    assert thumbnail.status_code == 200
    assert max(Image.open(io.BytesIO(thumbnail.data)).size) == 320


def test_the_entry_page_shows_the_photos_and_offers_the_pdf_as_a_download(people, login):
    client = login("phunu")
    files = [("bien-ban.jpg", photo(800, 600)), ("Quyết định số 12.pdf", pdf())]
    client.post("/logs", data=form(files))
    entry = db.session.scalar(select(ActivityLog))
    image, document = db.session.scalars(select(Attachment).order_by(Attachment.id)).all()

    page = client.get(f"/logs/{entry.id}").get_data(as_text=True)

    assert f"/attachments/{image.id}/thumbnail" in page
    assert f'href="/attachments/{document.id}"' in page
    assert "Quyết định số 12.pdf" in page
    served = client.get(f"/attachments/{document.id}")
    assert served.status_code == 200
    assert served.data.startswith(b"%PDF-") and b"/MediaBox" in served.data  # rewritten by qpdf
    assert served.mimetype == "application/pdf"
    assert served.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''Quy%E1%BA%BFt" in served.headers["Content-Disposition"]
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    shown = client.get(f"/attachments/{image.id}")
    assert shown.mimetype == "image/jpeg"
    assert shown.headers["Content-Disposition"].startswith("inline;")


def test_htmx_upload_saves_the_files_and_answers_a_client_redirect(people, login, hx):
    client = login("phunu")

    response = client.post(
        "/logs", data=form([("a.png", photo(640, 480, fmt="PNG"))]), headers=hx.partial
    )

    assert response.status_code == 200
    assert response.headers["HX-Redirect"].startswith("/logs/")
    assert _count(Attachment) == 1
    assert db.session.scalar(select(Attachment)).name == "a.jpg"


def test_the_form_posted_twice_with_its_photos_keeps_one_entry_and_one_copy(people, login):
    client = login("phunu")

    first = client.post("/logs", data=form([("a.jpg", photo(800, 600))]))
    second = client.post("/logs", data=form([("a.jpg", photo(800, 600))]))

    assert first.headers["Location"] == second.headers["Location"]
    assert _count(ActivityLog) == 1
    assert _count(Attachment) == 1


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        ("hong.jpg", photo(800, 600)[:2000], 422, "không phải ảnh"),
        ("ve.svg", SVG, 422, "SVG"),
        ("anh.jpg", HTML, 422, "trang web"),
        ("bom.png", png_bomb(), 413, "triệu điểm ảnh"),
        ("gia.pdf", b"%PDF-1.7\n" + b"x" * 5000, 422, "không phải một tệp PDF hoàn chỉnh"),
        ("rong.jpg", b"", 422, "trống"),
        ("text.jpg", b"just some text", 422, "không phải ảnh"),
    ],
)
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_saved(
    people, login, name, data, status, message
):
    client = login("phunu")

    response = client.post("/logs", data=form([("ok.jpg", photo(400, 300)), (name, data)]))

    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert name in page
    assert message in page
    assert 'value="Tuần tra đêm khu vực chợ"' in page  # what was typed is kept
    assert "Tổ tuần tra 6 người." in page
    assert _count(ActivityLog) == 0
    assert _count(AttachmentContent) == 0


def test_a_file_too_large_is_refused_with_413_and_the_form_kept(people, login, app):
    client = login("phunu")
    app.config["ATTACHMENT_MAX_FILE"] = 100_000

    response = client.post("/logs", data=form([("lon.jpg", b"\xff\xd8" + b"0" * 200_000)]))

    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "lon.jpg" in page
    assert 'value="Tuần tra đêm khu vực chợ"' in page
    assert _count(ActivityLog) == 0


def test_more_files_than_a_record_keeps_are_refused_with_413(people, login, app):
    client = login("phunu")
    app.config["ATTACHMENT_MAX_COUNT"] = 3
    files = [(f"{n}.jpg", photo(200, 150)) for n in range(4)]

    response = client.post("/logs", data=form(files))

    assert response.status_code == 413
    assert "tối đa 3 tệp" in response.get_data(as_text=True)
    assert _count(ActivityLog) == 0


def test_the_record_limit_counts_the_files_it_has_already(people, login, app):
    client = login("phunu")
    app.config["ATTACHMENT_MAX_COUNT"] = 2
    client.post("/logs", data=form([("1.jpg", photo(200, 150))]))
    entry = db.session.scalar(select(ActivityLog))
    edit = {"version": str(entry.version), "client_token": ""}
    two_more = [("2.jpg", photo(210, 150)), ("3.jpg", photo(220, 150))]

    refused = client.post(f"/logs/{entry.id}", data=form(two_more, **edit))
    accepted = client.post(f"/logs/{entry.id}", data=form(two_more[:1], **edit))

    assert refused.status_code == 413
    assert accepted.status_code == 303
    assert _count(Attachment) == 2


def test_a_request_larger_than_the_upload_limit_gets_the_413_page(people, login, app):
    client = login("phunu")
    app.config["UPLOAD_MAX_REQUEST"] = 50_000

    response = client.post("/logs", data=form([("a.jpg", b"\xff\xd8" + b"0" * 60_000)]))

    assert response.status_code == 413
    assert _count(ActivityLog) == 0


def test_other_forms_keep_the_small_request_limit(people, login, app):
    client = login("lanhdao")
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)

    response = client.post("/reports/2026/narrative", data={"assessment": big})

    assert response.status_code == 413


def test_editing_adds_and_removes_files_and_the_history_shows_each_step(people, login):
    client = login("phunu")
    client.post("/logs", data=form([("a.jpg", photo(300, 200)), ("b.pdf", pdf())]))
    entry = db.session.scalar(select(ActivityLog))
    first, second = db.session.scalars(select(Attachment).order_by(Attachment.id)).all()
    version = entry.version
    edit_page = client.get(f"/logs/{entry.id}/edit").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in edit_page
    assert f'name="remove_attachments" value="{second.id}"' in edit_page

    response = client.post(
        f"/logs/{entry.id}",
        data=form(
            [("c.jpg", photo(320, 200))],
            version=str(version),
            client_token="",
            remove_attachments=[str(second.id)],
        ),
    )

    assert response.status_code == 303
    db.session.refresh(entry)
    assert entry.version == version + 1
    assert [a.name for a in db.session.scalars(select(Attachment).order_by(Attachment.id))] == [
        "a.jpg",
        "c.jpg",
    ]
    assert _count(AttachmentContent) == 2  # the PDF's bytes went with it
    snapshots = db.session.scalars(select(ReviewEvent.snapshot).order_by(ReviewEvent.id)).all()
    assert [s["attachments"] for s in snapshots] == [["a.jpg", "b.pdf"], ["a.jpg", "c.jpg"]]
    page = client.get(f"/logs/{entry.id}").get_data(as_text=True)
    assert "b.pdf" in page  # in the history, where it was attached at creation


def test_an_edit_showing_an_older_version_saves_no_file(people, login):
    client = login("phunu")
    client.post("/logs", data=form())
    entry = db.session.scalar(select(ActivityLog))

    response = client.post(
        f"/logs/{entry.id}",
        data=form([("a.jpg", photo(300, 200))], version="99", client_token=""),
    )

    assert response.status_code == 409
    assert "chọn lại" in response.get_data(as_text=True)
    assert _count(Attachment) == 0


def test_a_file_of_an_approved_entry_goes_only_through_a_correction(people, login):
    entry = make_entry(LogStatus.draft, author=people["phunu"])
    values = {name: getattr(entry, name) for name in SNAPSHOT_FIELDS}
    upload = FileStorage(io.BytesIO(photo(300, 200)), filename="a.jpg")
    files = evidence.prepare_uploads([upload])
    workflow.update(entry, people["phunu"], values, str(entry.version), files=files)
    workflow.submit(entry, people["phunu"])
    review.approve(entry, people["truong"])
    db.session.commit()
    client = login("phunu")
    attachment = db.session.scalar(select(Attachment))

    refused = client.post(
        f"/logs/{entry.id}",
        data=form(version=str(entry.version), remove_attachments=[str(attachment.id)]),
    )
    started = client.post(f"/logs/{entry.id}/correct")

    assert refused.status_code == 403
    assert started.status_code == 303
    correction = db.session.scalar(select(ActivityLog).where(ActivityLog.corrects_id == entry.id))
    copy = db.session.scalar(select(Attachment).where(Attachment.entry_id == correction.id))
    assert copy.content_sha256 == attachment.content_sha256
    assert _count(AttachmentContent) == 1  # shared, not copied
    client.post(
        f"/logs/{correction.id}",
        data=form(
            version=str(correction.version),
            client_token="",
            title=correction.title,
            remove_attachments=[str(copy.id)],
        ),
    )
    assert db.session.scalar(select(Attachment).where(Attachment.entry_id == entry.id))
    assert not db.session.scalar(select(Attachment).where(Attachment.entry_id == correction.id))
    assert _count(AttachmentContent) == 1  # the approved entry still shows it


def test_deleting_a_draft_takes_its_files_but_not_those_another_entry_shows(people, login):
    client = login("phunu")
    shared, own = photo(300, 200), photo(500, 200)
    client.post("/logs", data=form([("a.jpg", shared), ("b.jpg", own)]))
    client.post(
        "/logs",
        data=form([("a.jpg", shared)], client_token="5f0e4a52-0000-4000-8000-00000000a002"),
    )
    first = db.session.scalar(select(ActivityLog).order_by(ActivityLog.id))

    response = client.post(f"/logs/{first.id}/delete")

    assert response.status_code == 303
    assert _count(Attachment) == 1
    assert _count(AttachmentContent) == 1


def test_the_list_shows_a_thumbnail_and_the_count_in_one_query(people, login, count_queries):
    client = login("phunu")
    client.post("/logs", data=form([("a.pdf", pdf()), ("b.jpg", photo(300, 200))]))
    image = db.session.scalar(select(Attachment).where(Attachment.name == "b.jpg"))
    for n in range(3):
        make_entry(author=people["phunu"], title=f"Không ảnh {n}")
    client.get("/logs")

    with count_queries() as few:
        page = client.get("/logs").get_data(as_text=True)
    for n in range(5):
        make_entry(author=people["phunu"], title=f"Thêm {n}")
    with count_queries() as more:
        client.get("/logs")

    assert f"/attachments/{image.id}/icon" in page  # the list's small square, not the thumbnail
    assert "2 tệp" in page
    assert len(few) == len(more)


def _entry_with_photo(people, status: LogStatus) -> Attachment:
    author = people["phunu"]
    entry = workflow.create(
        author,
        {
            "date": TODAY,
            "kind": LogKind.patrol,
            "village_id": None,
            "title": "Tuần tra",
            "description": "",
            "participants": 4,
        },
        None,
        files=evidence.prepare_uploads([FileStorage(io.BytesIO(photo(300, 200)), "a.jpg")]),
    )
    if status != LogStatus.draft:
        workflow.submit(entry, author)
    if status == LogStatus.approved:
        review.approve(entry, people["truong"])
    if status == LogStatus.returned:
        review.return_entry(entry, people["truong"], "Thiếu ảnh danh sách")
    db.session.commit()
    return db.session.scalar(select(Attachment).where(Attachment.entry_id == entry.id))


SEES = {
    # status -> the users who see the entry, hence its files; everyone else gets 404
    LogStatus.draft: {"phunu", "phunu2"},
    LogStatus.returned: {"phunu", "phunu2"},
    LogStatus.submitted: {"phunu", "phunu2", "truong", "truong2"},
    LogStatus.approved: {"phunu", "phunu2", "mttq", "lang07", "truong", "truong2", "lanhdao"},
}
USERS = ["phunu", "phunu2", "mttq", "lang07", "truong", "truong2", "lanhdao"]


@pytest.mark.parametrize("status", list(SEES))
@pytest.mark.parametrize("who", USERS)
def test_a_file_is_seen_exactly_by_those_who_see_its_entry(people, client, status, who):
    attachment = _entry_with_photo(people, status)
    client.post("/login", data={"username": people[who].username, "password": PASSWORD})

    answers = [
        client.get(f"/attachments/{attachment.id}").status_code,
        client.get(f"/attachments/{attachment.id}/thumbnail").status_code,
        client.get(f"/attachments/{attachment.id}/icon").status_code,
    ]

    assert answers == ([200, 200, 200] if who in SEES[status] else [404, 404, 404])


def test_signed_out_visitors_get_no_file(people, client, hx):
    attachment = _entry_with_photo(people, LogStatus.approved)

    page = client.get(f"/attachments/{attachment.id}")
    fragment = client.get(f"/attachments/{attachment.id}/thumbnail", headers=hx.partial)

    assert page.status_code == 302
    assert page.headers["Location"].startswith("/login")
    assert fragment.status_code == 401


def test_files_of_an_unapproved_entry_are_never_cached(people, login):
    attachment = _entry_with_photo(people, LogStatus.submitted)
    client = login("congan.truong")

    response = client.get(f"/attachments/{attachment.id}")

    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_files_of_an_approved_entry_are_checked_again_each_time_and_cost_a_304(people, login):
    attachment = _entry_with_photo(people, LogStatus.approved)
    client = login("mttq")

    first = client.get(f"/attachments/{attachment.id}/thumbnail")
    again = client.get(
        f"/attachments/{attachment.id}/thumbnail", headers={"If-None-Match": first.headers["ETag"]}
    )

    assert first.headers["Cache-Control"] == "private, no-cache"
    assert again.status_code == 304
    assert again.data == b""


def test_a_pdf_has_no_thumbnail(people, login):
    client = login("phunu")
    client.post("/logs", data=form([("a.pdf", pdf())]))
    attachment = db.session.scalar(select(Attachment))

    assert client.get(f"/attachments/{attachment.id}/thumbnail").status_code == 404
    assert client.get(f"/attachments/{attachment.id}/icon").status_code == 404


def test_the_approver_sees_which_files_changed_since_the_return(people, login):
    attachment = _entry_with_photo(people, LogStatus.returned)
    entry = db.session.get(ActivityLog, attachment.entry_id)
    client = login("phunu")
    client.post(
        f"/logs/{entry.id}",
        data=form(
            [("danh-sach.pdf", pdf())],
            title=entry.title,
            version=str(entry.version),
            client_token="",
            then="submit",
        ),
    )

    page = login("congan.truong").get(f"/logs/{entry.id}").get_data(as_text=True)

    assert "Tệp đính kèm" in page
    assert "a.jpg, danh-sach.pdf" in page


def test_the_export_counts_each_entrys_files(people, login):
    client = login("phunu")
    client.post("/logs", data=form([("a.pdf", pdf()), ("b.jpg", photo(300, 200))]))

    response = client.get("/logs.xlsx")

    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.values)
    assert rows[0][-1] == "Tệp đính kèm"
    assert rows[1][-1] == 2


def test_a_form_without_files_keeps_the_small_limit_on_an_upload_view(people, login, app):
    client = login("phunu")

    response = client.post(
        "/logs",
        data={k: v for k, v in form().items() if k != "attachments"}
        | {"description": "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)},
    )

    assert response.status_code == 413
