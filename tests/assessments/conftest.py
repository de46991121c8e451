"""The demo's people and villages with the shipped example sets installed."""

import pytest

from intranet.assessments import sets
from intranet.models import db


@pytest.fixture
def cycle(demo):
    """The demo accounts and villages, and the example sets (valid from 2025)."""
    sets.load_shipped()
    db.session.commit()
