"""Tips on the demo's organizations and accounts; each test plants what it needs."""

from collections.abc import Callable
from datetime import date

import pytest

from intranet.models import db
from intranet.models import Tip
from intranet.models import TipCategory
from intranet.models import TipChannel
from intranet.tips import workflow
from tests.helpers import user
from tests.helpers import village


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
