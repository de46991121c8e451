"""Photos on an entry in a real browser (issue 16): made small before sending with
JavaScript, sent whole without it; either way what is stored is at most 1600 px, no GPS."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from intranet.models import Attachment
from intranet.models import AttachmentContent
from intranet.models import db
from tests.browser.pages import DESKTOP
from tests.browser.pages import has_horizontal_scroll
from tests.browser.pages import screenshot
from tests.browser.pages import sign_in
from tests.browser.pages import TABLET
from tests.helpers import GPS_IFD
from tests.helpers import pdf
from tests.helpers import photo

pytestmark = pytest.mark.browser

PDF = pdf()


def _write_with_photo(page, title: str, original: bytes) -> None:
    page.goto("/logs/new")
    page.get_by_label("Loại hoạt động").select_option(label="Họp tuyên truyền")
    page.get_by_label("Tiêu đề").fill(title)
    page.get_by_label("Số người tham gia").fill("12")
    page.get_by_label("Thêm ảnh hoặc văn bản scan").set_input_files(
        [
            {"name": "IMG_4000.jpg", "mimeType": "image/jpeg", "buffer": original},
            {"name": "Danh sách.pdf", "mimeType": "application/pdf", "buffer": PDF},
        ]
    )


def _stored_photo(title_name: str = "IMG_4000.jpg") -> tuple[Image.Image, AttachmentContent]:
    db.session.rollback()  # read what the live server committed
    attachment = db.session.scalar(select(Attachment).where(Attachment.name == title_name))
    content = db.session.get(AttachmentContent, attachment.content_sha256)
    return Image.open(io.BytesIO(content.data)), content


def test_with_javascript_the_photo_is_made_small_before_it_is_sent(new_page):
    page = new_page(viewport=TABLET)
    sign_in(page, "phunu")
    original = photo(4000, 3000, orientation=6)
    sent = []
    page.on("request", lambda request: sent.append(len(request.post_data_buffer or b"")))

    _write_with_photo(page, "Họp dân có ảnh", original)

    status = page.locator(".scaling-status")
    expect(status).to_contain_text("Sẵn sàng gửi")
    assert not has_horizontal_scroll(page)
    screenshot(page, "entry-form-with-photos-tablet")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_role("heading", name="Họp dân có ảnh")).to_be_visible()
    expect(page.locator(".attachment")).to_have_count(2)
    screenshot(page, "entry-with-photos-tablet")
    page.set_viewport_size(DESKTOP)
    assert not has_horizontal_scroll(page)
    screenshot(page, "entry-with-photos-desktop")
    assert max(sent) < len(original)  # what went over the network was the small copy
    image, content = _stored_photo()
    assert image.size == (1200, 1600)  # upright (the EXIF said turn it), long side 1600
    assert not image.getexif().get_ifd(GPS_IFD)
    assert b"PhoneMaker" not in content.data


def test_without_javascript_the_server_makes_the_photo_small(new_page):
    page = new_page(viewport=TABLET, javascript=False)
    sign_in(page, "phunu")
    original = photo(4000, 3000)

    _write_with_photo(page, "Họp dân, không JavaScript", original)
    page.get_by_role("button", name="Lưu nháp").click()

    expect(page.get_by_role("heading", name="Họp dân, không JavaScript")).to_be_visible()
    expect(page.locator(".attachment")).to_have_count(2)
    image, content = _stored_photo()
    assert image.size == (1600, 1200)
    assert not image.getexif()
    assert b"Exif" not in content.data
