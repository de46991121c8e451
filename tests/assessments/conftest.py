"""The demo's people and villages with the shipped example sets installed."""

from datetime import date

import pytest

from intranet.assessments import ratings_workflow
from intranet.assessments import sets
from intranet.models import db
from tests.helpers import user

XS, TOT = "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ"


@pytest.fixture
def cycle(demo):
    """The demo accounts and villages, and the example sets (valid from 2025)."""
    sets.load_shipped()
    db.session.commit()


@pytest.fixture
def decided(cycle):
    """The 2026 ratings, one team "xuất sắc" (its proof on paper), five "tốt", decided as
    230/QĐ-UBND."""
    criteria_set = ratings_workflow.rating_set(2026)
    draft = ratings_workflow.start(criteria_set, 2026, user("congan.canbo"))
    teams = [r for r in ratings_workflow.rows_of(draft) if r.member_id is None]
    typed = {teams[0].id: (XS, "Sổ tuần tra giấy")} | {r.id: (TOT, "") for r in teams[1:6]}
    ratings_workflow.save(draft, criteria_set, user("congan.canbo"), typed, str(draft.version))
    values = {"number": "230/QĐ-UBND", "signed_on": date(2026, 11, 20), "signer": "Ksor Hương"}
    ratings_workflow.decide(draft, criteria_set, user("lanhdao"), values, str(draft.version))
    db.session.commit()
    return draft
