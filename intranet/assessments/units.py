"""The units judged beside the villages: the commune itself and its agencies and enterprises.

A unit's page is ``/assessments/<year>/<set code>/<unit code>``: a village by its code
(lang07), the commune as ``xa``, an agency or enterprise by its own code. Villages are looked
up first, so a unit code never hides a village. `flask assessments load-units` (and the demo)
add the commune and one unit per state enterprise of the reference organizations (whose
accounts may then self-score it); the demo adds made-up schools, the health station and the
cooperative, marked ``is_demo`` (the commune enters its real agencies).
"""

from sqlalchemy import select

from intranet.models import AssessedUnit
from intranet.models import db
from intranet.models import Organization
from intranet.models import OrgKind
from intranet.models import UnitKind
from intranet.models import Village

COMMUNE_CODE = "xa"
COMMUNE_NAME = "Xã Ia Krai"

# Plausible agencies of a Gia Lai commune, for the demo only: code, name.
DEMO_AGENCIES: tuple[tuple[str, str], ...] = (
    ("mn-hoasen", "Trường Mầm non Hoa Sen"),
    ("th-iakrai", "Trường Tiểu học Ia Krai"),
    ("thcs-iakrai", "Trường THCS Ia Krai"),
    ("tramyte", "Trạm Y tế xã Ia Krai"),
    ("htx-iakrai", "Hợp tác xã Nông nghiệp dịch vụ Ia Krai"),
)

Place = Village | AssessedUnit


def load(with_demo: bool = False) -> int:
    """Add the commune, a unit per state enterprise and (``with_demo``) the demo's agencies
    when missing; the caller commits. How many were added."""
    existing = set(db.session.scalars(select(AssessedUnit.code)))
    wanted: list[AssessedUnit] = [
        AssessedUnit(code=COMMUNE_CODE, name=COMMUNE_NAME, kind=UnitKind.commune, position=0)
    ]
    if with_demo:
        wanted += [
            AssessedUnit(code=code, name=name, kind=UnitKind.agency, is_demo=True, position=n)
            for n, (code, name) in enumerate(DEMO_AGENCIES, start=1)
        ]
    enterprises = db.session.scalars(
        select(Organization)
        .where(Organization.kind == OrgKind.enterprise, Organization.is_active.is_(True))
        .order_by(Organization.code)
    )
    wanted += [
        AssessedUnit(
            code=org.code[:16],
            name=org.name,
            kind=UnitKind.agency,
            organization_id=org.id,
            position=len(DEMO_AGENCIES) + n,
        )
        for n, org in enumerate(enterprises, start=1)
    ]
    added = [unit for unit in wanted if unit.code not in existing]
    db.session.add_all(added)
    db.session.flush()
    return len(added)


def find(code: str) -> Place | None:
    """The village with that code, else the commune or agency with it."""
    village = db.session.scalar(select(Village).where(Village.code == code))
    if village is not None:
        return village
    return db.session.scalar(select(AssessedUnit).where(AssessedUnit.code == code))


def of_kind(kind: UnitKind) -> list[Place]:
    """The units a set of that kind judges, in the workspace's order: the villages by code,
    the commune, the agencies and enterprises as placed."""
    if kind == UnitKind.village:
        return list(db.session.scalars(select(Village).order_by(Village.code)))
    return list(
        db.session.scalars(
            select(AssessedUnit)
            .where(AssessedUnit.kind == kind)
            .order_by(AssessedUnit.position, AssessedUnit.code)
        )
    )
