"""Criteria sets are data: shipped as examples, installed once, corrected by the commune police
without touching what was already scored."""

import json

import pytest
from sqlalchemy import select

from intranet.assessments import scoring
from intranet.assessments import sets
from intranet.assessments import workflow
from intranet.assessments.workflow import Entered
from intranet.models import Assessment
from intranet.models import CriteriaSet
from intranet.models import Criterion
from intranet.models import db
from tests.helpers import user
from tests.helpers import village

pytestmark = pytest.mark.today("2026-11-25")


def test_the_shipped_sets_are_installed_once_and_marked_as_examples(app, demo, runner):
    first = runner.invoke(args=["assessments", "load-sets"])
    again = runner.invoke(args=["assessments", "load-sets"])

    assert "6 criteria set(s) added." in first.output
    assert "0 criteria set(s) added." in again.output
    installed = db.session.scalars(select(CriteriaSet)).all()
    assert {(s.code, s.unit_kind.value) for s in installed} == {
        ("antt-village", "village"),
        ("movement-village", "village"),
        ("antt-commune", "commune"),
        ("movement-commune", "commune"),
        ("movement-agency", "agency"),
        ("team-rating", "team"),
    }
    assert all(s.is_example and "đối chiếu" in s.note for s in installed)


def test_a_group_is_worth_its_childrens_points_and_the_movement_sheet_is_100(app, cycle):
    movement = sets.set_for("movement-village", 2026)
    groups = {c.code: c.max_points for c in movement.criteria if c.code in "12345"}

    assert groups == {"1": 15, "2": 20, "3": 25, "4": 30, "5": 10}
    assert scoring.result(movement.criteria, movement.levels, {}).maximum == 100
    assert [level.label for level in movement.levels] == ["Xuất sắc", "Khá", "Trung bình", "Yếu"]


def test_a_broken_set_file_is_refused_with_its_name(app, tmp_path):
    (tmp_path / "bad.json").write_text(json.dumps({"code": "x", "period": {"start": "13-01"}}))

    with pytest.raises(sets.BadSetFile, match="bad.json"):
        sets.load_shipped(tmp_path)


def _reviewed_2026(text_before: str) -> Assessment:
    """lang07's 2026 movement assessment, scored, sent, reviewed and accepted."""
    movement = sets.set_for("movement-village", 2026)
    lang07 = user("lang07")
    sheet = workflow.start(movement, village("lang07"), 2026, lang07)
    full = {
        c.id: Entered(scoring.highest(c), "Có hồ sơ") for c in scoring.leaves(movement.criteria)
    }
    workflow.save_scores(sheet, lang07, full, {}, str(sheet.version))
    workflow.submit(sheet, lang07, str(sheet.version))
    workflow.save_review(sheet, user("congan.canbo"), full, str(sheet.version))
    workflow.accept(sheet, user("congan.truong"), str(sheet.version))
    db.session.commit()
    assert _criterion(movement.id, "3b").text == text_before
    return sheet


def _criterion(set_id: int, code: str) -> Criterion:
    return db.session.scalar(
        select(Criterion).where(Criterion.set_id == set_id, Criterion.code == code)
    )


def test_a_set_corrected_mid_year_leaves_the_decided_assessments_as_they_were(client, cycle, login):
    old = sets.set_for("movement-village", 2026)
    patrols = _criterion(old.id, "3b")
    text_before = patrols.text
    decided = _reviewed_2026(text_before)
    login("congan.canbo")

    response = client.post(
        f"/assessments/sets/{old.id}/criteria/{patrols.id}",
        data={"version": str(old.version), "text": "Tuần tra ít nhất 36 buổi", "max_points": "20",
              "target": "36", "evidence_hint": "Nhật ký tuần tra"},
    )  # fmt: skip

    assert response.status_code == 303
    db.session.expire_all()
    new = sets.set_for("movement-village", 2027)
    assert (new.id != old.id, new.valid_from, db.session.get(CriteriaSet, old.id).valid_to) == (
        True, 2027, 2026
    )  # fmt: skip
    assert response.headers["Location"].endswith(f"/assessments/sets/{new.id}")
    corrected = _criterion(new.id, "3b")
    assert (corrected.text, corrected.max_points, corrected.target) == (
        "Tuần tra ít nhất 36 buổi",
        20,
        36,
    )
    assert _criterion(new.id, "3").max_points == 30  # the group follows its children
    assert scoring.result(new.criteria, new.levels, {}).maximum == 105
    # What was scored in 2026 keeps its version, its words and its result.
    kept = db.session.get(Assessment, decided.id)
    assert (kept.set_id, kept.reviewed_label) == (old.id, "Xuất sắc")
    assert _criterion(old.id, "3b").text == text_before
    page = client.get("/assessments/2026/movement-village/lang07").get_data(as_text=True)
    assert text_before in page and "Tuần tra ít nhất 36 buổi" not in page
    assert "100 / 100" in page


def test_a_version_nobody_scored_with_is_corrected_in_place(client, cycle, login):
    shown = sets.set_for("antt-village", 2026)
    gate = _criterion(shown.id, "5b")
    login("congan.truong")

    page = client.get(f"/assessments/sets/{shown.id}/criteria/{gate.id}")
    response = client.post(
        f"/assessments/sets/{shown.id}/criteria/{gate.id}",
        data={
            "version": str(shown.version),
            "text": gate.text,
            "target": "30",
            "evidence_hint": "",
        },
    )

    assert "Chưa có đơn vị nào chấm theo phiên bản này" in page.get_data(as_text=True)
    assert response.status_code == 303
    db.session.expire_all()
    assert _criterion(shown.id, "5b").target == 30
    assert db.session.scalars(
        select(CriteriaSet).where(CriteriaSet.code == "antt-village")
    ).all() == [db.session.get(CriteriaSet, shown.id)]


def test_a_criterion_without_words_is_refused_and_the_input_kept(client, cycle, login):
    shown = sets.set_for("antt-village", 2026)
    gate = _criterion(shown.id, "5b")
    login("congan.canbo")

    response = client.post(
        f"/assessments/sets/{shown.id}/criteria/{gate.id}",
        data={"version": str(shown.version), "text": " ", "target": "31", "evidence_hint": "Sổ"},
    )

    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Tiêu chí phải có nội dung." in body and 'value="31"' in body
    db.session.expire_all()
    assert _criterion(shown.id, "5b").target == 24


def test_a_correction_over_a_newer_version_of_the_set_saves_nothing(client, cycle, login):
    shown = sets.set_for("antt-village", 2026)
    gate = _criterion(shown.id, "5b")
    login("congan.canbo")
    data = {"text": gate.text, "target": "30", "evidence_hint": ""}
    assert (
        client.post(
            f"/assessments/sets/{shown.id}/criteria/{gate.id}", data=data | {"version": "1"}
        ).status_code
        == 303
    )

    stale = client.post(
        f"/assessments/sets/{shown.id}/criteria/{gate.id}",
        data=data | {"target": "5", "version": "1"},
    )

    assert stale.status_code == 409
    body = stale.get_data(as_text=True)
    assert 'id="criterion-conflict"' in body and 'value="5"' in body
    db.session.expire_all()
    assert _criterion(shown.id, "5b").target == 30
