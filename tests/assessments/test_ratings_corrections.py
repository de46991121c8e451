"""Corrections of decided ratings: a police approver opens the next version with a reason
(refused without one, nothing typed lost), it copies the rows and rules, the same rules are
enforced live, the chair decides it again with a new number; the decided version stays as it
was and readable with ?version=, the workspace shows the latest decided one; audited."""

import pytest
from sqlalchemy import func
from sqlalchemy import select

from intranet.assessments import ratings_workflow as workflow
from intranet.models import AuditEvent
from intranet.models import db
from intranet.models import RatingDraft
from intranet.models import RatingRow
from intranet.models import RatingStatus
from tests.helpers import user

pytestmark = pytest.mark.today("2026-11-25")

URL = "/assessments/2026/ratings"
XS, TOT = "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ"
REASON = "Tổ thôn 7 bị ghi nhầm mức xếp loại"


def drafts() -> list[RatingDraft]:
    db.session.expire_all()
    return list(db.session.scalars(select(RatingDraft).order_by(RatingDraft.revision)))


def labels(draft: RatingDraft) -> dict[tuple[int, int | None], tuple[str, str]]:
    return {(r.team_id, r.member_id): (r.label, r.note) for r in workflow.rows_of(draft)}


def audited(action: str) -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == action))


def open_correction(client, login, draft, reason=REASON):
    login("congan.truong")
    return client.post(f"{URL}/correct", data={"reason": reason, "version": str(draft.version)})


def test_a_correction_needs_its_reason_and_keeps_what_was_typed(client, decided, login):
    login("congan.truong")

    response = client.post(f"{URL}/correct", data={"reason": "   ", "version": "2"})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Hãy nói vì sao sửa kết quả xếp loại đã quyết định." in page
    assert 'id="ratings-correction" open' in page
    assert len(drafts()) == 1 and audited("rating_draft_correct") == 0


def test_a_correction_copies_the_rows_and_rules_and_leaves_the_decided_version(
    client, decided, login
):
    before = labels(decided)

    response = open_correction(client, login, decided)

    assert response.status_code == 303
    first, second = drafts()
    assert (first.status, first.number, first.revision) == (RatingStatus.decided, "230/QĐ-UBND", 1)
    assert (second.status, second.revision, second.reason) == (RatingStatus.draft, 2, REASON)
    assert (second.cap_percent, second.min_months) == (first.cap_percent, first.min_months)
    assert labels(second) == before and labels(first) == before
    assert audited("rating_draft_correct") == 1
    page = client.get(URL).get_data(as_text=True)
    assert REASON in page and 'id="ratings-versions"' in page
    assert 'id="ratings-correction"' not in page  # one correction at a time


def test_the_correction_is_checked_by_the_same_rules_and_decided_with_a_new_number(
    client, decided, login
):
    open_correction(client, login, decided)
    correction = drafts()[1]
    teams = [r for r in workflow.rows_of(correction) if r.member_id is None]
    login("congan.canbo")
    data = {"version": str(correction.version)}
    for row in workflow.rows_of(correction):
        data[f"label-{row.id}"] = XS if row.id == teams[1].id else row.label
        data[f"note-{row.id}"] = row.note
    assert client.post(URL, data=data).status_code == 303  # saved, with the cap broken
    login("lanhdao")
    decision = {"signed_on": "21/11/2026", "signer": "Ksor Hương"}

    broken = client.post(f"{URL}/decide", data=decision | {
        "number": "241/QĐ-UBND", "version": str(drafts()[1].version)})  # fmt: skip

    assert broken.status_code == 422 and 'data-rule="cap"' in broken.get_data(as_text=True)
    login("congan.canbo")
    data["version"] = str(drafts()[1].version)
    data[f"label-{teams[1].id}"] = TOT
    assert client.post(URL, data=data).status_code == 303
    login("lanhdao")
    decision["version"] = str(drafts()[1].version)
    same = client.post(f"{URL}/decide", data=decision | {"number": "230/QĐ-UBND"})
    assert same.status_code == 422
    assert "một quyết định trước" in same.get_data(as_text=True)
    done = client.post(f"{URL}/decide", data=decision | {"number": "241/QĐ-UBND"})
    assert done.status_code == 303
    first, second = drafts()
    assert (first.number, second.number) == ("230/QĐ-UBND", "241/QĐ-UBND")
    assert second.status == RatingStatus.decided


def test_the_old_version_stays_readable_and_unchanged(client, decided, login):
    before = labels(decided)
    open_correction(client, login, decided)
    correction = drafts()[1]
    row = next(r for r in workflow.rows_of(correction) if r.member_id is None)
    workflow.save(correction, workflow.rating_set(2026), user("congan.canbo"),
                  {row.id: (TOT, "sửa")}, str(correction.version))  # fmt: skip
    db.session.commit()
    login("mttq")

    old = client.get(f"{URL}?version=1").get_data(as_text=True)

    assert labels(drafts()[0]) == before
    assert 'id="ratings-old-version"' in old and "230/QĐ-UBND" in old
    assert client.get(f"{URL}?version=9").status_code == 404
    assert client.get(f"{URL}?version=x").status_code == 404
    assert client.get(f"{URL}/decision.docx?version=1").status_code == 200
    # The workspace shows the decided ratings while the correction is under way.
    year = client.get("/assessments/2026").get_data(as_text=True)
    assert "230/QĐ-UBND" in year


# Per role: open a correction of the decided ratings (the reason given), read version 1.
RIGHTS = {
    "admin": (403, 200),
    "congan.truong": (303, 200),
    "congan.canbo": (403, 200),
    "mttq": (403, 200),
    "lanhdao": (403, 200),
    "lang07": (403, 403),
}


@pytest.mark.parametrize("username", RIGHTS)
def test_who_opens_a_correction(client, decided, login, username):
    login(username)

    statuses = (
        client.post(
            f"{URL}/correct", data={"reason": REASON, "version": str(decided.version)}
        ).status_code,
        client.get(f"{URL}?version=1").status_code,
    )

    assert statuses == RIGHTS[username]


def test_a_draft_not_decided_cannot_be_corrected(client, cycle, login):
    draft = workflow.start(workflow.rating_set(2026), 2026, user("congan.canbo"))
    db.session.commit()
    login("congan.truong")

    response = client.post(f"{URL}/correct", data={"reason": REASON, "version": str(draft.version)})

    assert response.status_code == 403
    others = select(func.count(RatingRow.id)).where(RatingRow.draft_id != draft.id)
    assert db.session.scalar(others) == 0
