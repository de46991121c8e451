"""The report's photos (issue 16, item 7): a leader chooses a few per section among the photos
of approved entries of the period; the page and the .docx show them; nothing else may go in."""

import io
import re
import shutil
import subprocess
from datetime import date
from html import unescape

import pytest
from docx import Document
from docx.shared import Cm
from sqlalchemy import func
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from intranet import evidence
from intranet.documents import TEXT_WIDTH_CM
from intranet.logs import workflow
from intranet.models import ActivityLog
from intranet.models import Attachment
from intranet.models import AuditEvent
from intranet.models import db
from intranet.models import LogKind
from intranet.models import LogStatus
from intranet.models import MediationCase
from intranet.models import ReportPhoto
from intranet.models import ReportPhotoChoice
from intranet.models import Tip
from intranet.review import workflow as review
from tests.factories import make_entry
from tests.helpers import photo
from tests.helpers import user

IN, BEFORE = date(2025, 3, 10), date(2024, 3, 10)


def attach_photo(record, author, name="anh.jpg", size=(640, 480)) -> int:
    upload = FileStorage(io.BytesIO(photo(*size)), filename=name)
    (attachment,) = evidence.attach(record, evidence.prepare_uploads([upload]), author)
    db.session.commit()
    return attachment.id


@pytest.fixture
def pictures(commune):
    """Photos on: approved patrols of the period, a club meeting, a draft, last year's patrol,
    a tip and a mediation case (the last four never choosable for 2025)."""
    lang07, phunu, approver = user("lang07"), user("phunu"), user("congan.truong")

    def entry(status, day, kind=LogKind.patrol, author=lang07, title="Tuần tra đêm"):
        return make_entry(status, author=author, approver=approver, date=day, kind=kind,
                          title=title)  # fmt: skip

    ids = {
        "patrol": attach_photo(entry(LogStatus.approved, IN, title="Tuần tra chợ Ia Krai"), lang07),
        "patrol2": attach_photo(
            entry(LogStatus.approved, date(2025, 4, 2)), lang07, "b.jpg", size=(800, 600)
        ),
        "portrait": attach_photo(
            entry(LogStatus.approved, date(2025, 5, 1)), lang07, "c.jpg", size=(480, 800)
        ),
        "club": attach_photo(
            entry(LogStatus.approved, IN, LogKind.club, phunu, "Sinh hoạt CLB"), phunu
        ),
        "draft": attach_photo(entry(LogStatus.draft, IN), lang07, "nhap.jpg"),
        "submitted": attach_photo(entry(LogStatus.submitted, IN), lang07, "cho.jpg"),
        "last_year": attach_photo(entry(LogStatus.approved, BEFORE), lang07, "cu.jpg"),
        "tip": attach_photo(db.session.scalar(select(Tip).limit(1)), approver, "tin.jpg"),
        "case": attach_photo(
            db.session.scalar(select(MediationCase).limit(1)), user("tuphap"), "hg.jpg"
        ),
    }
    return ids


def choose(client, section, *ids, version="", headers=None):
    data = {"photo": [str(i) for i in ids], "version": version}
    return client.post(f"/reports/2025/photos/{section}", data=data, headers=headers or {})


def chosen_ids(section="movement") -> list[int]:
    return list(
        db.session.scalars(
            select(ReportPhoto.attachment_id)
            .join(ReportPhotoChoice)
            .where(ReportPhotoChoice.section == section)
            .order_by(ReportPhoto.position)
        )
    )


def section_html(page: str, key: str) -> str:
    match = re.search(rf'<section id="report-{key}".*?</section>', page, re.S)
    assert match, key
    return match.group(0)


def test_the_leader_chooses_photos_and_the_report_shows_them_under_their_section(
    pictures, client, login
):
    login("lanhdao")
    form = client.get("/reports/2025/photos/movement").get_data(as_text=True)

    response = choose(client, "movement", pictures["patrol"], pictures["patrol2"])
    page = unescape(client.get("/reports/2025").get_data(as_text=True))

    offered = set(map(int, re.findall(r'name="photo" value="(\d+)"', form)))
    assert offered == {pictures["patrol"], pictures["patrol2"], pictures["portrait"]}
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/reports/2025#report-movement")
    movement = section_html(page, "movement")
    assert f'href="/attachments/{pictures["patrol"]}"' in movement
    assert f'src="/attachments/{pictures["patrol"]}/thumbnail"' in movement
    assert "Ảnh: Tuần tra chợ Ia Krai (10/03/2025)" in movement
    assert movement.index(f"/attachments/{pictures['patrol']}/") < movement.index(
        f"/attachments/{pictures['patrol2']}/"
    )
    assert "/attachments/" not in section_html(page, "activity").replace("Chọn ảnh", "")
    assert chosen_ids() == [pictures["patrol"], pictures["patrol2"]]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "report_photos_chosen"))
    assert event.actor_id == user("lanhdao").id


def test_the_activity_section_offers_the_other_kinds_and_never_patrols(pictures, client, login):
    login("lanhdao")

    form = client.get("/reports/2025/photos/activity").get_data(as_text=True)

    assert set(map(int, re.findall(r'name="photo" value="(\d+)"', form))) == {pictures["club"]}


def test_with_htmx_the_form_and_the_saved_photos_replace_the_section_photos(
    pictures, client, login, hx
):
    login("lanhdao")

    form = client.get("/reports/2025/photos/movement", headers=hx.partial)
    saved = choose(client, "movement", pictures["patrol"], headers=hx.partial)

    assert form.get_data(as_text=True).lstrip().startswith('<div id="report-photos-movement"')
    assert 'hx-post="/reports/2025/photos/movement"' in form.get_data(as_text=True)
    body = saved.get_data(as_text=True)
    assert saved.status_code == 200
    assert body.lstrip().startswith('<div id="report-photos-movement"')
    assert f"/attachments/{pictures['patrol']}/thumbnail" in body
    assert "Đã lưu ảnh của mục." in body


@pytest.mark.parametrize("username", ["mttq", "congan.truong", "congan.canbo", "admin", "lang07"])
def test_only_leaders_choose_the_photos(pictures, client, login, username):
    login(username)

    shown = client.get("/reports/2025/photos/movement")
    sent = choose(client, "movement", pictures["patrol"])
    page = client.get("/reports/2025").get_data(as_text=True)

    assert (shown.status_code, sent.status_code) == (403, 403)
    assert db.session.scalar(select(func.count(ReportPhotoChoice.id))) == 0
    assert "/reports/2025/photos/" not in page


@pytest.mark.parametrize(
    ("section", "which"),
    [
        ("movement", "tip"),  # a tip's photo: police-only, never in a report
        ("movement", "case"),  # a mediation case's file: the parties' rule
        ("mediation", "case"),
        ("movement", "draft"),
        ("movement", "submitted"),
        ("movement", "last_year"),  # another festival period's photo
        ("movement", "club"),  # another section's photo
    ],
)
def test_a_photo_that_may_not_be_chosen_is_refused_even_by_a_forged_id(
    pictures, client, login, section, which
):
    login("lanhdao")

    response = choose(client, section, pictures["patrol"], pictures[which])

    body = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "Có ảnh không được đưa vào mục này" in body
    assert "20/08/2024 đến 19/08/2025" in body
    assert f'value="{pictures[which]}"' not in body  # never shown, not even its thumbnail
    if section == "movement":  # the good tick is kept
        assert re.search(rf'value="{pictures["patrol"]}" checked', body)
    assert db.session.scalar(select(func.count(ReportPhoto.id))) == 0


def test_a_tip_photo_an_unknown_id_or_garbage_is_refused_with_422(pictures, client, login):
    """Tips never go into a report, and a number that names no photo is no photo."""
    login("lanhdao")

    refused = choose(client, "movement", pictures["tip"])
    unknown = choose(client, "movement", 2**31 - 1)
    huge = choose(client, "movement", 2**40)
    garbage = choose(client, "movement", "1; DROP TABLE")

    statuses = [r.status_code for r in (refused, unknown, huge, garbage)]
    assert statuses == [422, 422, 422, 422]
    assert "Ảnh gửi lên không thuộc báo cáo này." in garbage.get_data(as_text=True)


def test_a_section_without_photos_and_another_year_are_not_found(pictures, client, login):
    login("lanhdao")

    assert client.get("/reports/2025/photos/tips").status_code == 404
    assert choose(client, "tips", pictures["tip"]).status_code == 404
    assert client.get("/reports/2099/photos/movement").status_code == 404


def test_a_photo_of_another_year_is_refused_in_vietnamese(pictures, client, login):
    login("lanhdao")

    response = client.post(
        "/reports/2024/photos/movement", data={"photo": [str(pictures["patrol"])]}
    )

    assert response.status_code == 422
    assert "từ 20/08/2023 đến 19/08/2024" in unescape(response.get_data(as_text=True))
    assert (
        client.post(
            "/reports/2024/photos/movement", data={"photo": [str(pictures["last_year"])]}
        ).status_code
        == 303
    )


def test_more_than_four_photos_are_refused_and_the_ticks_kept(pictures, client, login):
    lang07, approver = user("lang07"), user("congan.truong")
    extra = [
        attach_photo(make_entry(LogStatus.approved, author=lang07, approver=approver,
                                date=IN, kind=LogKind.patrol), lang07, f"{n}.jpg")
        for n in range(2)
    ]  # fmt: skip
    login("lanhdao")
    five = [pictures["patrol"], pictures["patrol2"], pictures["portrait"], *extra]

    response = choose(client, "movement", *five)

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Mỗi mục chọn tối đa 4 ảnh." in body
    assert all(re.search(rf'value="{i}" checked', body) for i in five)
    assert chosen_ids() == []


def test_a_stale_form_conflicts_and_the_same_form_sent_twice_saves_once(pictures, client, login):
    login("lanhdao")
    choose(client, "movement", pictures["patrol"])
    shown = str(db.session.scalar(select(ReportPhotoChoice.version)))

    first = choose(client, "movement", pictures["patrol2"], version=shown)
    again = choose(client, "movement", pictures["patrol2"], version=shown)  # a double post
    stale = choose(client, "movement", pictures["portrait"], version=shown)

    assert (first.status_code, again.status_code, stale.status_code) == (303, 303, 409)
    assert "Người khác đã lưu bản ghi này trong lúc bạn đang sửa." in stale.get_data(as_text=True)
    assert re.search(rf'value="{pictures["portrait"]}" checked', stale.get_data(as_text=True))
    assert chosen_ids() == [pictures["patrol2"]]


def test_a_photo_whose_entry_is_corrected_away_leaves_the_report(pictures, client, login):
    """The report shows only what it counts: an entry replaced by an approved correction drops
    out with its photo (the correction's copy may be chosen instead); so does one no longer
    approved."""
    login("lanhdao")
    choose(client, "movement", pictures["patrol"], pictures["patrol2"])
    lang07, approver = user("lang07"), user("congan.truong")
    original = db.session.get(ActivityLog, db.session.get(Attachment, pictures["patrol"]).entry_id)
    correction = workflow.correct(original, lang07)
    correction.kind = LogKind.club  # corrected into another section
    workflow.submit(correction, lang07)
    review.approve(correction, approver)
    db.session.commit()
    copy = db.session.scalar(select(Attachment.id).where(Attachment.entry_id == correction.id))

    page = client.get("/reports/2025").get_data(as_text=True)
    document = Document(io.BytesIO(client.get("/reports/2025.docx").data))
    activity_form = client.get("/reports/2025/photos/activity").get_data(as_text=True)

    movement = section_html(page, "movement")
    assert f"/attachments/{pictures['patrol']}/" not in movement
    assert f"/attachments/{pictures['patrol2']}/" in movement
    assert len(document.inline_shapes) == 1
    assert f'value="{copy}"' in activity_form and f'value="{pictures["patrol"]}"' not in (
        activity_form
    )
    other = db.session.get(ActivityLog, db.session.get(Attachment, pictures["patrol2"]).entry_id)
    other.status = LogStatus.submitted  # were it ever taken back, it would leave too
    db.session.commit()
    assert "/attachments/" not in section_html(
        client.get("/reports/2025").get_data(as_text=True), "movement"
    ).replace("/reports/2025/photos/", "")


def test_a_chosen_period_shows_only_its_photos(pictures, client, login):
    login("lanhdao")
    choose(client, "movement", pictures["patrol"], pictures["patrol2"])

    page = client.get("/reports/2025?from=2025-04-01&to=2025-04-30").get_data(as_text=True)

    movement = section_html(page, "movement")
    assert f"/attachments/{pictures['patrol2']}/" in movement
    assert f"/attachments/{pictures['patrol']}/" not in movement


def test_the_docx_has_the_photos_within_the_text_width_with_their_captions(pictures, client, login):
    login("lanhdao")
    choose(client, "movement", pictures["patrol"], pictures["portrait"], pictures["patrol2"])
    choose(client, "activity", pictures["club"])

    document = Document(io.BytesIO(client.get("/reports/2025.docx").data))

    shapes = document.inline_shapes
    assert len(shapes) == 4
    assert all(0 < shape.width <= Cm(TEXT_WIDTH_CM / 2) for shape in shapes)
    assert all(shape.height <= Cm(6.01) for shape in shapes)
    portrait = [s for s in shapes if s.height > s.width]
    assert len(portrait) == 1  # proportions kept: a tall photo stays tall
    cells = [cell for table in document.tables for row in table.rows for cell in row.cells]
    captions = [p for cell in cells for p in cell.paragraphs if p.text.startswith("Ảnh: ")]
    assert [p.text for p in captions] == [
        "Ảnh: Tuần tra chợ Ia Krai (10/03/2025)",
        "Ảnh: Tuần tra đêm (01/05/2025)",
        "Ảnh: Tuần tra đêm (02/04/2025)",
        "Ảnh: Sinh hoạt CLB (10/03/2025)",
    ]
    assert all(run.italic for p in captions for run in p.runs)
    blocks = ["".join(el.itertext()) for el in document.element.body.iterchildren()]
    first, second = (
        next(i for i, text in enumerate(blocks) if text.startswith(f"{n}. ")) for n in ("I", "II")
    )
    patrols = blocks.index(next(t for t in blocks if t.startswith("Ảnh: Tuần tra chợ")))
    club = blocks.index(next(t for t in blocks if t.startswith("Ảnh: Sinh hoạt CLB")))
    assert first < patrols < second < club  # each within its section


@pytest.mark.office
def test_the_docx_with_photos_converts_to_pdf_with_libreoffice(pictures, client, login, tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs libreoffice-writer-nogui)")
    login("lanhdao")
    choose(client, "movement", pictures["patrol"], pictures["portrait"], pictures["patrol2"])
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(client.get("/reports/2025.docx").data)

    result = subprocess.run(
        [office, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    pdf = (tmp_path / "bao-cao.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Subtype /Image") + pdf.count(b"/Subtype/Image") >= 3
    pdfimages = shutil.which("pdfimages")
    if pdfimages:
        listed = subprocess.run(
            [pdfimages, "-list", str(tmp_path / "bao-cao.pdf")], capture_output=True, text=True
        ).stdout
        assert len(listed.splitlines()) - 2 >= 3


def test_the_report_page_asks_no_more_queries_for_more_photos(
    pictures, client, login, count_queries
):
    login("lanhdao")
    choose(client, "movement", pictures["patrol"])
    client.get("/reports/2025")
    with count_queries() as one:
        client.get("/reports/2025")
    choose(client, "movement", pictures["patrol"], pictures["patrol2"], pictures["portrait"],
           version=str(db.session.scalar(select(ReportPhotoChoice.version))))  # fmt: skip
    choose(client, "activity", pictures["club"])
    client.get("/reports/2025")
    with count_queries() as more:
        client.get("/reports/2025")

    assert len(one) == len(more)


def test_the_candidates_come_a_page_at_a_time_and_the_chosen_stay_on_top(pictures, client, login):
    lang07, approver = user("lang07"), user("congan.truong")
    for n in range(24):
        day = date(2025, 6, 1 + n)
        entry = make_entry(LogStatus.approved, author=lang07, approver=approver, date=day,
                           kind=LogKind.patrol, title=f"Tuần tra {n}")  # fmt: skip
        attach_photo(entry, lang07, f"{n}.jpg", size=(320 + n, 240))
    login("lanhdao")
    choose(client, "movement", pictures["patrol"])  # the oldest: it would be on page 2

    first = client.get("/reports/2025/photos/movement").get_data(as_text=True)
    older = re.search(r'href="(/reports/2025/photos/movement\?page=a[^"]+)"', first)
    second = client.get(unescape(older.group(1))).get_data(as_text=True)

    boxes = re.findall(r'name="photo" value="(\d+)"( checked)?', first)
    assert len(boxes) == 25 and boxes[0] == (str(pictures["patrol"]), " checked")
    assert all(not checked for _id, checked in boxes[1:])
    rest = re.findall(r'name="photo" value="(\d+)"( checked)?', second)
    assert rest[0] == (str(pictures["patrol"]), " checked")
    shown = {int(i) for i, _c in boxes + rest}
    assert {pictures["patrol2"], pictures["portrait"]} <= shown and len(shown) == 27
