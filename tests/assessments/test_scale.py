"""The commune police correct a set's rating scale and the team ratings' rules: validated in
Vietnamese with what was typed kept; in place while nothing uses the version, else a new
version from the next year, so decided ratings and scored assessments keep theirs; audited."""

from datetime import date

import pytest
from sqlalchemy import func
from sqlalchemy import select

from intranet.assessments import ratings_workflow
from intranet.assessments import sets
from intranet.assessments import workflow
from intranet.models import AuditEvent
from intranet.models import CriteriaSet
from intranet.models import db
from intranet.models import RatingDraft
from tests.helpers import user
from tests.helpers import village

pytestmark = pytest.mark.today("2026-11-25")

XS, TOT, HT, KHT = (
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Không hoàn thành nhiệm vụ",
)


def team_set() -> CriteriaSet:
    return ratings_workflow.rating_set(2025)


def rules_form(**changes: str) -> dict[str, str]:
    data = {
        "label-0": XS, "label-1": TOT, "label-2": HT, "label-3": KHT,
        "cap": "0", "of": "1", "percent": "20", "months": "9", "not_rated": "Chưa xếp loại",
        "gates_met": "1", "otherwise": "2", "version": str(team_set().version),
    }  # fmt: skip
    return data | changes


@pytest.fixture
def decided_2025(cycle):
    """Last year's ratings, decided under the shipped rules (20%, 9 months)."""
    criteria_set = team_set()
    draft = ratings_workflow.start(criteria_set, 2025, user("congan.canbo"))
    values = {"number": "210/QĐ-UBND", "signed_on": date(2025, 11, 20), "signer": "Ksor Hương"}
    ratings_workflow.decide(draft, criteria_set, user("lanhdao"), values, str(draft.version))
    db.session.commit()
    return draft


def audited() -> int:
    return db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == "rating_scale_update")
    )


def test_editing_the_rules_mid_year_leaves_the_decided_year_as_it_was(client, decided_2025, login):
    old_set = team_set()
    login("congan.truong")

    response = client.post(
        f"/assessments/sets/{old_set.id}/scale",
        data=rules_form(**{"label-0": "Xuất sắc", "percent": "30", "months": "6",
                           "not_rated": "Không xếp loại"}),
    )  # fmt: skip

    assert response.status_code == 303
    db.session.expire_all()
    last_year = db.session.get(RatingDraft, decided_2025.id)
    assert (last_year.cap_label, last_year.cap_percent, last_year.min_months) == (XS, 20, 9)
    assert [lv.label for lv in sets.with_tree(old_set.id).levels][0] == XS
    assert sets.with_tree(old_set.id).valid_to == 2025
    page = client.get("/assessments/2025/ratings").get_data(as_text=True)
    assert "Tối đa 20%" in page or "20%" in page
    assert "Không xếp loại" not in page
    # This year's draft starts under the new version's rules and scale.
    this_year = ratings_workflow.rating_set(2026)
    assert this_year.id != old_set.id and this_year.valid_from == 2026
    draft = ratings_workflow.start(this_year, 2026, user("congan.canbo"))
    assert (draft.cap_label, draft.cap_percent, draft.min_months) == ("Xuất sắc", 30, 6)
    assert draft.not_rated_label == "Không xếp loại"
    assert audited() == 1


def test_nothing_uses_the_version_yet_so_it_changes_in_place(client, cycle, login):
    shown = team_set()
    login("congan.canbo")

    response = client.post(f"/assessments/sets/{shown.id}/scale", data=rules_form(percent="25"))

    assert response.status_code == 303
    assert ratings_workflow.rules_data(team_set())["cap"]["percent"] == 25
    assert team_set().id == shown.id
    assert "Tối đa 25%" in client.get(f"/assessments/sets/{shown.id}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"percent": "101"}, "Mức trần là số phần trăm nguyên từ 0 đến 100."),
        ({"percent": "-1"}, "Mức trần là số phần trăm nguyên từ 0 đến 100."),
        ({"months": "0"}, "Số tháng cần có là số nguyên từ 1 đến 12."),
        ({"months": "13"}, "Số tháng cần có là số nguyên từ 1 đến 12."),
        ({"not_rated": TOT}, "“Chưa xếp loại” phải khác mọi mức của thang xếp loại."),
        ({"label-1": XS}, "Hai mức không được trùng tên."),
        ({"label-2": "  "}, "Hãy nhập tên của mức."),
        ({"of": "0"}, "Mức bị giới hạn được so với một mức khác: hãy chọn mức khác."),
        ({"cap": "9"}, "Hãy chọn một mức của thang xếp loại."),
    ],
)
def test_bad_rules_are_refused_in_vietnamese_and_what_was_typed_is_kept(
    client, cycle, login, changes, message
):
    shown = team_set()
    login("congan.canbo")

    response = client.post(f"/assessments/sets/{shown.id}/scale", data=rules_form(**changes))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    for name, value in changes.items():
        if not name.startswith(("cap", "of")) and value.strip():
            assert f'value="{value}"' in page
    assert ratings_workflow.rules_data(team_set())["cap"]["percent"] == 20 and audited() == 0


def test_a_points_scale_edited_after_scoring_is_a_new_version(client, cycle, login):
    shown = sets.set_for("movement-village", 2025)
    data = {f"label-{n}": lv.label for n, lv in enumerate(shown.levels)}
    scored = workflow.start(shown, village("lang07"), 2025, user("lang07"))
    db.session.commit()
    login("congan.truong")
    data |= {"min-0": "95", "min-1": "75", "min-2": "50", "version": str(shown.version)}

    bad = client.post(f"/assessments/sets/{shown.id}/scale", data=data | {"min-1": "96"})
    assert bad.status_code == 422
    assert "Mỗi mức cần ít điểm hơn mức ở trên." in bad.get_data(as_text=True)
    done = client.post(f"/assessments/sets/{shown.id}/scale", data=data)

    assert done.status_code == 303
    assert [lv.min_points for lv in sets.with_tree(shown.id).levels] == [90, 70, 50, None]
    assert [lv.min_points for lv in sets.set_for("movement-village", 2026).levels] == [
        95, 75, 50, None,
    ]  # fmt: skip
    assert scored.set_id == shown.id


ROLES = {
    "admin": 403,
    "congan.truong": 200,
    "congan.canbo": 200,
    "mttq": 403,
    "lanhdao": 403,
    "lang07": 403,
}


@pytest.mark.parametrize("username", ROLES)
def test_who_corrects_the_scale_and_rules(client, cycle, login, username):
    shown = team_set()
    login(username)

    page = client.get(f"/assessments/sets/{shown.id}/scale")
    sent = client.post(f"/assessments/sets/{shown.id}/scale", data=rules_form(percent="25"))

    assert page.status_code == ROLES[username]
    assert sent.status_code == (303 if ROLES[username] == 200 else 403)
    link = 'id="edit-scale"' in client.get(f"/assessments/sets/{shown.id}").get_data(as_text=True)
    assert link == (ROLES[username] == 200)
