"""The demo's incident figures, awards and gifts (CONTEXT.md), loaded once.

Monthly figures from January 2023 (so that the 2025 festival-day report has a whole year
before it to compare with) to November 2026: crime, social evils and traffic accidents fall
clearly from 2024 to 2025 and again in 2026. Most cases are tied to a village, a few to none.
For 2025: certificates of merit from the commune chair to 3 collectives and 9 individuals,
gifts from the provincial police to 7 individuals, and 50 gifts from the commune's five
enterprises to poor and policy households; 2024 and 2026 have their own, smaller lists.
Each part is loaded only when its table is empty, so loading twice adds nothing.
"""

import math
import random
from datetime import date

from sqlalchemy import select

from intranet.models import Award
from intranet.models import AwardForm
from intranet.models import AwardGiver
from intranet.models import db
from intranet.models import Gift
from intranet.models import HouseholdKind
from intranet.models import IncidentCategory
from intranet.models import IncidentStat
from intranet.models import Organization
from intranet.models import OrgKind
from intranet.models import RecipientKind
from intranet.models import Village

C = IncidentCategory
# Cases per month on average, by year: falling as CONTEXT.md says.
RATES = {
    2023: {C.crime: 2.2, C.social_evils: 1.6, C.traffic: 1.3, C.fire: 0.2, C.other: 0.6},
    2024: {C.crime: 2.0, C.social_evils: 1.5, C.traffic: 1.2, C.fire: 0.2, C.other: 0.5},
    2025: {C.crime: 1.2, C.social_evils: 0.8, C.traffic: 0.7, C.fire: 0.15, C.other: 0.5},
    2026: {C.crime: 0.9, C.social_evils: 0.6, C.traffic: 0.5, C.fire: 0.1, C.other: 0.4},
}
LAST_MONTH = date(2026, 11, 1)


def _poisson(rng: random.Random, rate: float) -> int:
    """Knuth's method: small rates only."""
    limit, count, product = math.exp(-rate), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def load_figures() -> int:
    """Monthly figures per category, mostly per village; returns the rows added."""
    if db.session.scalar(select(IncidentStat.id).limit(1)) is not None:
        return 0
    rng = random.Random(192025)
    villages = list(db.session.scalars(select(Village.id).order_by(Village.code)))
    rows: dict[tuple[date, C, int | None], IncidentStat] = {}
    for year, rates in RATES.items():
        for month in range(1, 13):
            first = date(year, month, 1)
            if first > LAST_MONTH:
                break
            for category, rate in rates.items():
                for _case in range(_poisson(rng, rate)):
                    village = rng.choice(villages) if rng.random() < 0.85 else None
                    key = (first, category, village)
                    row = rows.get(key)
                    if row is None:
                        row = rows[key] = IncidentStat(
                            month=first, category=category, village_id=village
                        )
                        row.cases = row.deaths = row.injuries = 0
                    row.cases += 1
                    if category == C.traffic:
                        row.deaths += rng.random() < 0.2
                        row.injuries += rng.choice((0, 1, 1, 2))
                    elif category in (C.crime, C.other, C.fire):
                        row.injuries += rng.random() < 0.25
            # The police record the months with nothing too (a zero is a figure).
            key = (first, C.fire, None)
            if key not in rows:
                rows[key] = IncidentStat(month=first, category=C.fire, cases=0, deaths=0,
                                         injuries=0)  # fmt: skip
    db.session.add_all(rows.values())
    return len(rows)


COLLECTIVES = (
    "Tổ bảo vệ an ninh, trật tự làng Dồn",
    "Tổ bảo vệ an ninh, trật tự thôn Tân Lập",
    "Chi hội Phụ nữ plei Bông",
    "Chi đoàn thanh niên thôn Hòa Bình",
)
INDIVIDUALS = (
    "Rơ Mah Bliu", "Siu Hyoanh", "Nguyễn Văn Hùng", "Ksor Tlang", "Trần Văn Bình", "Nay Hiên",
    "Kpă Thuân", "Lê Văn Thắng", "Puih Khiêm", "Rơ Lan Yơn", "Phạm Quốc Việt", "Siu Đinh",
    "Hoàng Văn Tuấn", "Ksor Nglang", "Đỗ Văn Lực", "Rơ Châm Phơ",
)  # fmt: skip
REASONS = (
    "Có thành tích xuất sắc trong phong trào Toàn dân bảo vệ an ninh Tổ quốc",
    "Tích cực cung cấp thông tin, giúp lực lượng Công an phát hiện, xử lý vi phạm",
    "Duy trì tuần tra, giữ gìn an ninh, trật tự ở địa bàn dân cư",
    "Tham gia hòa giải thành nhiều vụ việc mâu thuẫn trong thôn, làng",
)
# year -> (collectives from the chair, individuals from the chair, individuals from the province)
AWARDS = {2024: (2, 6, 5), 2025: (3, 9, 7), 2026: (3, 8, 6)}
GIFTS = {2024: 40, 2025: 50, 2026: 50}
HOUSEHOLDS = (
    "Hộ ông Rơ Mah Blơi", "Hộ bà Siu H'Luih", "Hộ ông Ksor Djuih", "Hộ bà Nay H'Bet",
    "Hộ ông Kpă Ngơl", "Hộ bà Puih H'Dok", "Hộ ông Nguyễn Văn An", "Hộ bà Bùi Thị Nga",
    "Hộ ông Rơ Châm Mlô", "Hộ bà Rah Lan H'Khăm",
)  # fmt: skip


def load_awards() -> int:
    """The festival days' commendations (CONTEXT.md for 2025); returns the rows added."""
    if db.session.scalar(select(Award.id).limit(1)) is not None:
        return 0
    rng = random.Random(198)
    added = 0
    for year, (collectives, individuals, provincial) in AWARDS.items():
        people = rng.sample(INDIVIDUALS, individuals + provincial)
        wanted = (
            [(RecipientKind.collective, name, AwardGiver.commune_chair, AwardForm.certificate)
             for name in COLLECTIVES[:collectives]]
            + [(RecipientKind.individual, name, AwardGiver.commune_chair, AwardForm.certificate)
               for name in people[:individuals]]
            + [(RecipientKind.individual, name, AwardGiver.provincial_police, AwardForm.gift)
               for name in people[individuals:]]
        )  # fmt: skip
        for kind, name, giver, form in wanted:
            db.session.add(
                Award(year=year, recipient_kind=kind, recipient=name, giver=giver, form=form,
                      reason=rng.choice(REASONS))
            )  # fmt: skip
            added += 1
    return added


def load_gifts() -> int:
    """The enterprises' gifts to poor and policy households; returns the rows added."""
    if db.session.scalar(select(Gift.id).limit(1)) is not None:
        return 0
    givers = list(
        db.session.scalars(
            select(Organization.id)
            .where(Organization.kind == OrgKind.enterprise)
            .order_by(Organization.code)
        )
    )
    villages = list(db.session.scalars(select(Village.id).order_by(Village.code)))
    if not givers or not villages:
        return 0
    rng = random.Random(1908)
    added = 0
    for year, count in GIFTS.items():
        for n in range(count):
            db.session.add(
                Gift(
                    year=year,
                    household=f"{rng.choice(HOUSEHOLDS)} ({n + 1})",
                    village_id=rng.choice(villages),
                    household_kind=HouseholdKind.policy if n % 5 == 0 else HouseholdKind.poor,
                    giver_id=givers[n % len(givers)],
                    value=rng.choice((300_000, 500_000, 500_000, 1_000_000)),
                )
            )
            added += 1
    return added


def load() -> int:
    """Figures, awards and gifts: whatever is missing (rows added)."""
    added = load_figures() + load_awards() + load_gifts()
    db.session.flush()
    return added
