"""The list's small square of a photo (issue 16, DESIGN section 6): lists draw photos at 44–64 px,
so they ask for a 128 px icon of a few KB, not the 320 px thumbnail the record's page shows."""

import io

from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from bench.run import bench_photo
from intranet import evidence
from intranet.models import Attachment
from intranet.models import AttachmentContent
from intranet.models import db
from intranet.models import LogStatus
from tests.factories import make_entry
from tests.helpers import photo

BUDGET = 8 * 1024  # each image a list draws: DESIGN 6's 8 KB for one htmx interaction


def _entry_with(people, picture: bytes) -> Attachment:
    entry = make_entry(LogStatus.approved, author=people["phunu"], approver=people["truong"])
    upload = FileStorage(io.BytesIO(picture), filename="hop-dan.jpg")
    evidence.attach(entry, evidence.prepare_uploads([upload]), people["phunu"])
    db.session.commit()
    return db.session.scalar(select(Attachment))


def test_a_1600_px_photo_gets_an_icon_within_the_budget(people, login):
    # The bench's picture: a photo's grain at three scales, the heavy end of phone photos.
    attachment = _entry_with(people, bench_photo(1600, 1200))
    client = login("mttq")

    icon = client.get(f"/attachments/{attachment.id}/icon")
    thumbnail = client.get(f"/attachments/{attachment.id}/thumbnail")

    assert icon.status_code == 200
    assert icon.mimetype == "image/jpeg"
    assert len(icon.data) <= BUDGET < len(thumbnail.data)
    square = Image.open(io.BytesIO(icon.data))
    assert square.format == "JPEG" and square.size == (128, 128)
    assert not square.getexif()
    assert max(Image.open(io.BytesIO(thumbnail.data)).size) == 320  # the page's stays as it was


def test_the_icon_is_checked_again_each_time_and_costs_a_304(people, login):
    attachment = _entry_with(people, photo(1200, 900))
    client = login("mttq")

    first = client.get(f"/attachments/{attachment.id}/icon")
    again = client.get(
        f"/attachments/{attachment.id}/icon", headers={"If-None-Match": first.headers["ETag"]}
    )
    thumbnail = client.get(f"/attachments/{attachment.id}/thumbnail")

    assert first.headers["Cache-Control"] == "private, no-cache"
    assert first.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in first.headers["Content-Security-Policy"]
    assert again.status_code == 304 and again.data == b""
    assert first.headers["ETag"] != thumbnail.headers["ETag"]  # two files, two tags


def test_a_photo_kept_before_icons_gets_one_the_first_time_a_list_asks(
    people, login, count_queries
):
    attachment = _entry_with(people, photo(1200, 900))
    content = db.session.get(AttachmentContent, attachment.content_sha256)
    content.icon = None  # as the migration leaves a photo stored before it
    db.session.commit()
    client = login("mttq")

    first = client.get(f"/attachments/{attachment.id}/icon")
    with count_queries() as later:
        again = client.get(f"/attachments/{attachment.id}/icon")
    with count_queries() as thumbnail:
        client.get(f"/attachments/{attachment.id}/thumbnail")

    assert first.status_code == again.status_code == 200
    assert Image.open(io.BytesIO(first.data)).size == (128, 128)
    assert again.data == first.data  # kept: made once
    assert len(later) == len(thumbnail)  # after that, no dearer than the thumbnail
    db.session.expire_all()
    assert db.session.get(AttachmentContent, attachment.content_sha256).icon == first.data


def test_the_list_asks_for_icons_and_the_entry_page_for_thumbnails(people, login):
    attachment = _entry_with(people, photo(1200, 900))
    client = login("lanhdao")

    listed = client.get("/logs").get_data(as_text=True)
    page = client.get(f"/logs/{attachment.entry_id}").get_data(as_text=True)

    assert f'src="/attachments/{attachment.id}/icon"' in listed
    assert f"/attachments/{attachment.id}/thumbnail" not in listed
    assert f'src="/attachments/{attachment.id}/thumbnail"' in page
