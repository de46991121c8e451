"""The demo's people and villages with the shipped example sets installed."""

import pytest
from sqlalchemy import select

from intranet.assessments import sets
from intranet.models import db
from intranet.models import User
from intranet.models import Village


@pytest.fixture
def cycle(demo):
    """The demo accounts and villages, and the example sets (valid from 2025)."""
    sets.load_shipped()
    db.session.commit()


def user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def village(code: str) -> Village:
    return db.session.scalar(select(Village).where(Village.code == code))
