"""The commune's reference data: its organizations and its 36 villages, and their loader.

This is what a real installation starts from (`flask reference load`, or `flask demo load
--without-accounts`), then edits on the administration pages; the demo (intranet.demo) builds
its made-up people, entries and tips on top of it. The figures (population, households, the
ethnic-minority share) are shaped after CONTEXT.md: about 30,000 people, nearly 47% of them
from ethnic minorities (Jrai and Bahnar), 36 villages, 5 state enterprises. Loading is
idempotent: rows that exist (by code) are left as they are, never overwritten.
"""

from dataclasses import dataclass
from dataclasses import field

from sqlalchemy import select

from intranet.models import db
from intranet.models import Organization
from intranet.models import OrgKind
from intranet.models import Village
from intranet.models import VillageKind

# code, name, kind, parent code
ORGANIZATIONS: tuple[tuple[str, str, OrgKind, str | None], ...] = (
    ("danguy", "Đảng ủy xã Ia Krai", OrgKind.party, None),
    ("ubnd", "Ủy ban nhân dân xã Ia Krai", OrgKind.people_committee, None),
    (
        "bcd",
        "Ban Chỉ đạo phong trào “Toàn dân bảo vệ an ninh Tổ quốc” xã Ia Krai",
        OrgKind.steering_committee,
        None,
    ),
    ("congan", "Công an xã Ia Krai", OrgKind.police, None),
    ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam xã Ia Krai", OrgKind.front, None),
    ("phunu", "Hội Liên hiệp Phụ nữ xã Ia Krai", OrgKind.women, "mttq"),
    ("doanthanhnien", "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Ia Krai", OrgKind.youth, "mttq"),
    ("cuuchienbinh", "Hội Cựu chiến binh xã Ia Krai", OrgKind.veterans, "mttq"),
    ("nongdan", "Hội Nông dân xã Ia Krai", OrgKind.farmers, "mttq"),
    ("tuphap", "Tư pháp – Hộ tịch xã Ia Krai", OrgKind.justice, None),
    ("toantt", "Các tổ bảo vệ an ninh, trật tự xã Ia Krai", OrgKind.steering_committee, "bcd"),
    ("dn-caosu", "Công ty TNHH MTV Cao su Ia Krai", OrgKind.enterprise, None),
    ("dn-caphe", "Công ty TNHH MTV Cà phê Ia Krai", OrgKind.enterprise, None),
    ("dn-lamnghiep", "Công ty TNHH MTV Lâm nghiệp Ia Krai", OrgKind.enterprise, None),
    ("dn-che", "Công ty TNHH MTV Chè Bàu Cạn", OrgKind.enterprise, None),
    ("dn-thuyloi", "Công ty TNHH MTV Khai thác công trình thủy lợi", OrgKind.enterprise, None),
)

L, T, B, P = VillageKind.lang, VillageKind.thon, VillageKind.buon, VillageKind.plei

# name, kind, population, households, ethnic-minority share in %; codes lang01 … lang36 in order
VILLAGES: tuple[tuple[str, VillageKind, int, int, int], ...] = (
    ("Dồn", L, 812, 176, 97),
    ("Yam", L, 655, 141, 96),
    ("Bi", L, 590, 128, 98),
    ("Klăh", L, 734, 160, 95),
    ("Bồ", L, 688, 149, 97),
    ("Ring", L, 540, 117, 99),
    ("Dơ Nâu", L, 702, 153, 94),
    ("Tơ Nêh", L, 615, 134, 96),
    ("Grôp", L, 770, 168, 93),
    ("Hlũ", L, 520, 113, 98),
    ("Chuet", L, 845, 184, 92),
    ("Krăi", L, 760, 165, 95),
    ("Bông", P, 690, 150, 97),
    ("Ngol", P, 610, 133, 98),
    ("Jut", P, 575, 125, 96),
    ("Kte", P, 640, 139, 95),
    ("Dơr", P, 585, 127, 99),
    ("Kơ Tu", P, 720, 157, 94),
    ("Ia Chía", B, 665, 145, 96),
    ("Ia Pết", B, 630, 137, 97),
    ("Tân Lập", T, 1130, 298, 6),
    ("Hòa Bình", T, 1045, 276, 4),
    ("Thanh Bình", T, 980, 259, 8),
    ("Đồng Tâm", T, 1010, 267, 5),
    ("Quyết Thắng", T, 940, 248, 3),
    ("Bình Minh", T, 1090, 288, 7),
    ("Đoàn Kết", T, 965, 255, 12),
    ("Thống Nhất", T, 1020, 270, 6),
    ("Tiến Thành", T, 905, 239, 4),
    ("Hợp Thành", T, 1075, 284, 9),
    ("Ia Krai 1", T, 1160, 306, 10),
    ("Ia Krai 2", T, 995, 263, 8),
    ("Tân Sơn", T, 930, 246, 5),
    ("Thanh Hà", T, 1005, 265, 3),
    ("Hưng Thịnh", T, 960, 254, 6),
    ("Đức Thành", T, 1040, 275, 7),
)


def village_code(number: int) -> str:
    """lang01 … lang36: the village's code (also its tablet account's username in the demo)."""
    return f"lang{number:02d}"


@dataclass
class Places:
    """The organizations and villages on record by code, and how many the load added."""

    organizations: dict[str, Organization] = field(default_factory=dict)
    villages: dict[str, Village] = field(default_factory=dict)
    organizations_added: int = 0
    villages_added: int = 0


def load() -> Places:
    """Add the organizations and villages that are missing; the caller commits."""
    places = Places(organizations={o.code: o for o in db.session.scalars(select(Organization))})
    for code, name, kind, parent in ORGANIZATIONS:
        if code not in places.organizations:
            places.organizations[code] = Organization(
                code=code, name=name, kind=kind, parent=places.organizations.get(parent or "")
            )
            db.session.add(places.organizations[code])
            places.organizations_added += 1

    places.villages = {v.code: v for v in db.session.scalars(select(Village))}
    for number, (name, kind, population, households, minority) in enumerate(VILLAGES, start=1):
        code = village_code(number)
        if code not in places.villages:
            places.villages[code] = Village(
                code=code,
                name=name,
                kind=kind,
                population=population,
                households=households,
                minority_percent=minority,
            )
            db.session.add(places.villages[code])
            places.villages_added += 1
    return places
