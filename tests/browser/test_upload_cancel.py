"""Files going up on a slow network (issue 16): how much is sent, and "Hủy gửi" to stop it.

On "Regular 3G" (250 kbit/s up) a scan of a few hundred kilobytes takes many seconds. While
it goes up the form shows "Đang gửi: x / y" and a "Hủy gửi" button; pressing it aborts the
request, the form keeps everything typed and the file chosen, says it was not sent, and
nothing is stored. Sending again (the same client_token) stores the record once, with its file.
"""

import io
import os
import threading
from collections.abc import Iterator
from types import SimpleNamespace

import pikepdf
import pytest
from playwright.sync_api import expect
from sqlalchemy import func
from sqlalchemy import select
from werkzeug.serving import make_server

from intranet import demo
from intranet.models import ActivityLog
from intranet.models import Attachment
from intranet.models import AttachmentContent
from intranet.models import Award
from intranet.models import db
from tests.browser.pages import DESKTOP
from tests.browser.pages import has_horizontal_scroll
from tests.browser.pages import screenshot
from tests.browser.pages import sign_in
from tests.browser.pages import TABLET

pytestmark = [
    pytest.mark.browser,
    # An upload cut off mid-body leaves werkzeug's half-written spooled temporary file to the
    # garbage collector (its multipart parser stops at the disconnect); nothing is stored.
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
]

REGULAR_3G = {
    "offline": False,
    "latency": 300,
    "downloadThroughput": 750 * 1024 / 8,
    "uploadThroughput": 250 * 1024 / 8,
}
FAST = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
CANCELLED = "Chưa gửi: bạn đã hủy gửi"


@pytest.fixture
def server(make_app) -> Iterator[SimpleNamespace]:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        demo.load(with_entries=False)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{httpd.server_port}", app=app)
    httpd.shutdown()
    thread.join()


def _page(browser, server, viewport: dict, username: str):
    context = browser.new_context(viewport=viewport, base_url=server.url, locale="vi-VN")
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.cdp = context.new_cdp_session(page)
    page.cdp.send("Network.enable")
    sign_in(page, username)
    page.cdp.send("Network.emulateNetworkConditions", REGULAR_3G)
    return page


def _scan(tmp_path, size: int = 600_000) -> str:
    """A scan-sized PDF whose bytes do not compress (so it takes long on 3G)."""
    document = pikepdf.new()
    document.add_blank_page()
    document.Root.Noise = document.make_stream(os.urandom(size))
    out = io.BytesIO()
    document.save(out, compress_streams=False)
    path = tmp_path / "quyet-dinh.pdf"
    path.write_bytes(out.getvalue())
    return str(path)


def _count(server, model, *where) -> int:
    with server.app.app_context():
        count = db.session.scalar(select(func.count()).select_from(model).where(*where))
        db.session.remove()
        return count


def _cancel_while_sending(page, save_button: str, picture: str) -> None:
    page.get_by_role("button", name=save_button).click()
    progress = page.locator(".upload-progress")
    expect(progress).to_be_visible()
    expect(progress.get_by_role("status")).to_contain_text("Đang gửi:")
    expect(progress.get_by_role("status")).to_contain_text(" / ")
    expect(progress.get_by_role("status")).to_contain_text("KB")
    screenshot(page, picture)
    page.get_by_role("button", name="Hủy gửi").click()
    expect(page.get_by_role("status").filter(has_text=CANCELLED)).to_be_visible()
    expect(progress).to_be_hidden()
    expect(page.get_by_role("button", name=save_button)).to_be_enabled()
    files = page.locator("input[type=file][name=attachments]")
    assert files.evaluate("input => input.files.length") == 1  # the chosen file is kept


def test_a_tablet_entry_with_a_scan_can_be_cancelled_and_sent_again_once(browser, server, tmp_path):
    page = _page(browser, server, TABLET, "lang07")
    title = "Họp tổ bảo vệ an ninh, trật tự tháng 11"
    page.goto("/logs/new")
    page.get_by_label("Loại hoạt động").select_option(label="Họp tuyên truyền")
    page.get_by_label("Tiêu đề").fill(title)
    page.get_by_label("Nội dung hoạt động").fill("Phân công tuần tra đêm.")
    writer = page.locator(".writer .tap").nth(1)
    if not writer.locator("input").is_checked():
        writer.click()
    page.locator("input[name=attachments]").set_input_files(_scan(tmp_path))
    token = page.locator("input[name=client_token]").input_value()

    _cancel_while_sending(page, "Lưu và gửi duyệt", "upload-progress-tablet")

    screenshot(page, "upload-cancelled-tablet")
    assert not has_horizontal_scroll(page)
    expect(page.get_by_label("Tiêu đề")).to_have_value(title)
    expect(page.get_by_label("Nội dung hoạt động")).to_have_value("Phân công tuần tra đêm.")
    assert page.locator("input[name=client_token]").input_value() == token
    assert _count(server, ActivityLog, ActivityLog.title == title) == 0
    assert _count(server, AttachmentContent) == 0

    page.cdp.send("Network.emulateNetworkConditions", FAST)
    page.get_by_role("button", name="Lưu và gửi duyệt").click()

    expect(page.get_by_role("heading", name="Làng Dơ Nâu", exact=True)).to_be_visible()
    assert _count(server, ActivityLog, ActivityLog.title == title) == 1
    assert _count(server, Attachment) == 1
    page.context.close()


def test_an_award_with_its_certificate_can_be_cancelled_and_sent_again_once(
    browser, server, tmp_path
):
    page = _page(browser, server, DESKTOP, "congan.canbo")
    page.goto("/awards/new?year=2026")
    page.locator("input[name=recipient]").fill("Ông Siu Thoan")
    page.locator("input[name=attachments]").set_input_files(_scan(tmp_path))

    _cancel_while_sending(page, "Lưu", "upload-progress-award-desktop")

    screenshot(page, "upload-cancelled-award-desktop")
    assert not has_horizontal_scroll(page)
    expect(page.locator("input[name=recipient]")).to_have_value("Ông Siu Thoan")
    assert _count(server, Award) == 0 and _count(server, AttachmentContent) == 0

    page.cdp.send("Network.emulateNetworkConditions", FAST)
    page.get_by_role("button", name="Lưu").click()

    expect(page.locator("#awards-list")).to_contain_text("Ông Siu Thoan")
    assert _count(server, Award) == 1
    assert _count(server, Attachment, Attachment.award_id.is_not(None)) == 1
    page.context.close()
