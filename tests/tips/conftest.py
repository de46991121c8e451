"""Tips on the demo's organizations and accounts; each test plants what it needs."""

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import select

from intranet.models import db
from intranet.models import Tip
from intranet.models import TipCategory
from intranet.models import TipChannel
from intranet.models import User
from intranet.models import Village
from intranet.tips import workflow


def user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def village(code: str) -> Village:
    return db.session.scalar(select(Village).where(Village.code == code))


@pytest.fixture
def plant(demo) -> Callable[..., Tip]:
    """Relay a tip as someone (a village account by default) and commit it."""

    def planter(
        summary: str = "Có người lạ tụ tập ở rẫy cuối làng",
        *,
        by: str = "lang07",
        village_code: str = "lang07",
        category: TipCategory = TipCategory.drugs,
        received_on: date | None = None,
        informant: tuple[str, str] | None = None,
    ) -> Tip:
        name, contact = informant or ("", "")
        tip = workflow.relay(
            user(by),
            {
                "received_on": received_on,
                "channel": TipChannel.in_person,
                "village_id": village(village_code).id,
                "category": category,
                "summary": summary,
                "informant_name": name,
                "informant_contact": contact,
            },
            None,
        )
        db.session.commit()
        return tip

    return planter


def form(**changes: str) -> dict[str, str]:
    """A valid relay form as a village account would post it."""
    return {
        "channel": "village_team",
        "village": str(village("lang07").id),
        "category": "theft",
        "summary": "Nhà ông A bị mất trộm hai con bò trong đêm.",
        "informant_name": "",
        "informant_contact": "",
        "client_token": "",
    } | changes
