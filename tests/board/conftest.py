"""People of the activity-log tests: a union, its members, a village account, the police."""

import pytest

from intranet.models import OrgKind
from intranet.models import Role
from tests.factories import make_org
from tests.factories import make_user
from tests.factories import make_village


@pytest.fixture
def people(app):
    union = make_org("phunu", kind=OrgKind.women, name="Hội Liên hiệp Phụ nữ xã")
    teams = make_org("toantt", kind=OrgKind.steering_committee, name="Tổ bảo vệ ANTT")
    police = make_org("congan", kind=OrgKind.police, name="Công an xã")
    village, other_village = make_village("lang07", name="Dơ Nâu"), make_village("lang08")
    return {
        "union": union,
        "village": village,
        "other_village": other_village,
        "phunu": make_user("phunu", org=union, full_name="Siu H'Nhi"),
        "phunu2": make_user("phunu2", org=union),
        "mttq": make_user("mttq", org=make_org("mttq", kind=OrgKind.front)),
        "lang07": make_user("lang07", org=teams, village=village),
        "truong": make_user("congan.truong", role=Role.approver, org=police),
        "truong2": make_user("congan.pho", role=Role.approver, org=police),
        "lanhdao": make_user("lanhdao", role=Role.leader, org=make_org("ubnd")),
    }
