"""Writing entries: the form, its messages, double posts and two people editing at once."""

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlalchemy import select

from intranet.models import ActivityLog
from intranet.models import AuditEvent
from intranet.models import db
from intranet.models import LogStatus
from intranet.models import ReviewEvent
from tests.clock import TODAY
from tests.factories import make_entry
from tests.helpers import entry_form


def _count() -> int:
    return db.session.scalar(select(func.count(ActivityLog.id)))


def test_member_saves_a_draft_of_their_organization(people, login):
    client = login("phunu")

    response = client.post("/logs", data=entry_form())

    assert response.status_code == 303
    entry = db.session.scalar(select(ActivityLog))
    assert response.headers["Location"] == f"/logs/{entry.id}"
    assert entry.status == LogStatus.draft
    assert entry.organization.code == "phunu"
    assert entry.author.username == "phunu"
    assert entry.participants == 45
    page = client.get(f"/logs/{entry.id}").get_data(as_text=True)
    assert "Đã lưu bản nháp." in page
    assert "Gửi duyệt" in page


def test_save_and_send_submits_at_once(people, login):
    client = login("phunu")

    client.post("/logs", data=entry_form(then="submit"))

    entry = db.session.scalar(select(ActivityLog))
    assert entry.status == LogStatus.submitted
    actions = db.session.scalars(select(ReviewEvent.action).order_by(ReviewEvent.id)).all()
    assert [a.value for a in actions] == ["create", "submit"]


def test_the_same_form_posted_twice_creates_one_entry(people, login):
    client = login("phunu")

    first = client.post("/logs", data=entry_form())
    second = client.post("/logs", data=entry_form())

    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert _count() == 1


def test_htmx_create_answers_a_client_redirect(people, login, hx):
    client = login("phunu")

    response = client.post("/logs", data=entry_form(), headers=hx.partial)

    assert response.status_code == 200
    assert response.headers["HX-Redirect"].startswith("/logs/")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Nhập tiêu đề."),
        ("title", "x" * 201, "Nhập tối đa 200 ký tự."),
        ("description", "x" * 50_000, "Nhập tối đa 10000 ký tự."),
        ("date", "", "Nhập ngày diễn ra hoạt động."),
        ("date", "11/20/2026", "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 31/01/2026"),
        ("date", "31/02/2026", "“31/02/2026” không phải là một ngày."),
        ("date", "1999-12-31", "Ngày phải nằm trong khoảng từ 01/01/2000 đến"),
        ("date", (TODAY + timedelta(days=400)).isoformat(), "Ngày phải nằm trong khoảng"),
        ("participants", "-3", "Nhập số nguyên từ 0 đến 100.000."),
        ("participants", "nhiều", "Hãy nhập một số nguyên."),
        ("kind", "party", "Hãy chọn loại hoạt động trong danh sách."),
        ("kind", "", "Chọn loại hoạt động."),
        ("village", "999999", "Hãy chọn thôn, làng của bạn trong danh sách."),
        ("organization", "999999", "Bạn chỉ ghi được hoạt động của tổ chức mình."),
    ],
)
def test_invalid_input_gets_422_with_the_input_kept(people, login, field, value, message):
    client = login("phunu")

    response = client.post("/logs", data=entry_form(**{field: value}))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert "Họp tuyên truyền phòng chống ma túy" in page or field == "title"
    assert _count() == 0


def test_invalid_htmx_post_answers_the_form_alone(people, login, hx):
    client = login("phunu")

    response = client.post("/logs", data=entry_form(title=""), headers=hx.partial)

    assert response.status_code == 422
    assert response.get_data(as_text=True).lstrip().startswith('<form id="log-form"')


def test_village_account_writes_for_its_own_village_only(people, login):
    client = login("lang07")
    village, other = people["village"], people["other_village"]

    page = client.get("/logs/new").get_data(as_text=True)
    own = client.post("/logs", data=entry_form(village=str(village.id)))
    tampered = client.post("/logs", data=entry_form(village=str(other.id), client_token="x2"))
    commune_wide = client.post("/logs", data=entry_form(village="", client_token="x3"))

    assert "Làng Dơ Nâu" in page and "Toàn xã" not in page
    assert own.status_code == 303
    assert tampered.status_code == 422
    assert commune_wide.status_code == 422
    assert db.session.scalar(select(ActivityLog.village_id)) == village.id
    assert _count() == 1


def test_leader_and_admin_cannot_write(people, login):
    client = login("lanhdao")

    assert client.get("/logs/new").status_code == 403
    assert client.post("/logs", data=entry_form()).status_code == 403


def test_author_edits_a_draft_and_the_history_says_so(people, login):
    entry = make_entry(author=people["phunu"])
    client = login("phunu2")

    response = client.post(
        f"/logs/{entry.id}", data=entry_form(title="Tiêu đề mới", version=str(entry.version))
    )

    assert response.status_code == 303
    db.session.refresh(entry)
    assert entry.title == "Tiêu đề mới"
    actions = db.session.scalars(
        select(ReviewEvent.action).where(ReviewEvent.entry_id == entry.id)
    ).all()
    assert [a.value for a in actions] == ["create", "edit"]
    audit = db.session.scalars(select(AuditEvent.action).where(AuditEvent.target_id == entry.id))
    assert "entry_edit" in list(audit)


def test_second_save_of_the_same_version_gets_409_with_both_versions(people, login, hx):
    entry = make_entry(author=people["phunu"], title="Bản gốc")
    client = login("phunu")
    shown_version = str(entry.version)
    first = client.post(
        f"/logs/{entry.id}", data=entry_form(title="Bản của chị Nhi", version=shown_version)
    )
    assert first.status_code == 303

    second = client.post(
        f"/logs/{entry.id}",
        data=entry_form(title="Bản của tôi", version=shown_version),
        headers=hx.partial,
    )

    assert second.status_code == 409
    body = second.get_data(as_text=True)
    assert "Người khác đã lưu bản ghi hoạt động này trong lúc bạn đang sửa." in body
    assert 'value="Bản của tôi"' in body
    assert "Bản của chị Nhi" in body
    db.session.refresh(entry)
    assert entry.title == "Bản của chị Nhi"


def test_approved_entry_is_locked(people, login):
    entry = make_entry(status=LogStatus.approved, author=people["phunu"], approver=people["truong"])
    client = login("phunu")

    assert client.get(f"/logs/{entry.id}/edit").status_code == 403
    assert client.post(f"/logs/{entry.id}", data=entry_form(version="9")).status_code == 403
    assert client.post(f"/logs/{entry.id}/delete").status_code == 403


def test_a_correction_is_a_new_linked_draft(people, login):
    entry = make_entry(status=LogStatus.approved, author=people["phunu"], approver=people["truong"])
    client = login("phunu2")

    response = client.post(f"/logs/{entry.id}/correct")

    assert response.status_code == 303
    correction = db.session.scalar(select(ActivityLog).where(ActivityLog.corrects_id == entry.id))
    assert response.headers["Location"] == f"/logs/{correction.id}/edit"
    assert correction.status == LogStatus.draft
    assert correction.title == entry.title
    db.session.refresh(entry)
    assert entry.status == LogStatus.approved


def test_only_drafts_can_be_deleted(people, login):
    draft = make_entry(author=people["phunu"])
    submitted = make_entry(status=LogStatus.submitted, author=people["phunu"])
    client = login("phunu")

    assert client.post(f"/logs/{submitted.id}/delete").status_code == 403
    response = client.post(f"/logs/{draft.id}/delete")

    assert response.status_code == 303
    remaining = db.session.scalars(select(ActivityLog.id)).all()
    assert remaining == [submitted.id]


def test_other_organizations_drafts_are_hidden(people, login):
    draft = make_entry(author=people["phunu"])
    client = login("mttq")

    assert client.get(f"/logs/{draft.id}").status_code == 404
    assert client.post(f"/logs/{draft.id}/submit").status_code == 404
    assert client.get("/logs/999999").status_code == 404


def test_form_choices_are_in_the_users_language(people, login):
    page = login("phunu").get("/logs/new").get_data(as_text=True)

    assert '<option value="club">Sinh hoạt câu lạc bộ</option>' in page
    assert 'value="">Toàn xã</option>' in page
