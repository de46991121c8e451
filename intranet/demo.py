"""The Ia Krai demo: organizations, 36 villages and the demo accounts (DESIGN section 4).

The people, places and figures are made up, shaped after CONTEXT.md: about 30,000 people,
nearly 47 % of them from ethnic minorities (Jrai and Bahnar), 36 villages, 5 state enterprises.
Loading is idempotent: rows that exist (by code or username) are left as they are.
"""

import random
from dataclasses import dataclass
from datetime import date
from datetime import timedelta

from sqlalchemy import select

from intranet import demo_logs
from intranet import demo_stats
from intranet import demo_tips
from intranet.models import CaseStatus
from intranet.models import db
from intranet.models import DisputeKind
from intranet.models import Gender
from intranet.models import hash_password
from intranet.models import MediationCase
from intranet.models import MediationTeam
from intranet.models import Mediator
from intranet.models import Organization
from intranet.models import OrgKind
from intranet.models import Position
from intranet.models import Role
from intranet.models import SecurityTeam
from intranet.models import TeamMember
from intranet.models import User
from intranet.models import Village
from intranet.models import VillageKind

DEMO_PASSWORD = "iakrai2025"

# code, name, kind, parent code
ORGANIZATIONS: tuple[tuple[str, str, OrgKind, str | None], ...] = (
    ("danguy", "Đảng ủy xã Ia Krai", OrgKind.party, None),
    ("ubnd", "Ủy ban nhân dân xã Ia Krai", OrgKind.people_committee, None),
    ("bcd", "Ban Chỉ đạo phong trào Toàn dân bảo vệ ANTQ xã", OrgKind.steering_committee, None),
    ("congan", "Công an xã Ia Krai", OrgKind.police, None),
    ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam xã", OrgKind.front, None),
    ("phunu", "Hội Liên hiệp Phụ nữ xã", OrgKind.women, "mttq"),
    ("doanthanhnien", "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", OrgKind.youth, "mttq"),
    ("cuuchienbinh", "Hội Cựu chiến binh xã", OrgKind.veterans, "mttq"),
    ("nongdan", "Hội Nông dân xã", OrgKind.farmers, "mttq"),
    ("tuphap", "Tư pháp – Hộ tịch xã", OrgKind.justice, None),
    ("toantt", "Tổ bảo vệ an ninh, trật tự ở cơ sở", OrgKind.steering_committee, "bcd"),
    ("dn-caosu", "Công ty TNHH MTV Cao su Ia Krai", OrgKind.enterprise, None),
    ("dn-caphe", "Công ty TNHH MTV Cà phê Ia Krai", OrgKind.enterprise, None),
    ("dn-lamnghiep", "Công ty TNHH MTV Lâm nghiệp Ia Krai", OrgKind.enterprise, None),
    ("dn-che", "Công ty TNHH MTV Chè Bàu Cạn", OrgKind.enterprise, None),
    ("dn-thuyloi", "Công ty TNHH MTV Khai thác công trình thủy lợi", OrgKind.enterprise, None),
)

L, T, B, P = VillageKind.lang, VillageKind.thon, VillageKind.buon, VillageKind.plei

# name, kind, population, households, ethnic-minority share in %, team leader (lang01 …)
VILLAGES: tuple[tuple[str, VillageKind, int, int, int, str], ...] = (
    ("Dồn", L, 812, 176, 97, "Rơ Mah Bliu"),
    ("Yam", L, 655, 141, 96, "Siu Hyoanh"),
    ("Bi", L, 590, 128, 98, "Ksor Tlang"),
    ("Klăh", L, 734, 160, 95, "Rơ Châm Phơ"),
    ("Bồ", L, 688, 149, 97, "Kpă Thuân"),
    ("Ring", L, 540, 117, 99, "Nay Blếch"),
    ("Dơ Nâu", L, 702, 153, 94, "Puih Khiêm"),
    ("Tơ Nêh", L, 615, 134, 96, "Rơ Lan Yơn"),
    ("Grôp", L, 770, 168, 93, "Siu Đinh"),
    ("Hlũ", L, 520, 113, 98, "Ksor Nglang"),
    ("Chuet", L, 845, 184, 92, "Rơ Mah Dôn"),
    ("Krăi", L, 760, 165, 95, "Kpă Hlin"),
    ("Bông", P, 690, 150, 97, "Nay Hiên"),
    ("Ngol", P, 610, 133, 98, "Rơ Châm Kheo"),
    ("Jut", P, 575, 125, 96, "Siu Blơi"),
    ("Kte", P, 640, 139, 95, "Ksor Yuh"),
    ("Dơr", P, 585, 127, 99, "Puih Thoan"),
    ("Kơ Tu", P, 720, 157, 94, "Rơ Lan Tha"),
    ("Ia Chía", B, 665, 145, 96, "Kpă Nguyên"),
    ("Ia Pết", B, 630, 137, 97, "Nay Phai"),
    ("Tân Lập", T, 1130, 298, 6, "Nguyễn Văn Hùng"),
    ("Hòa Bình", T, 1045, 276, 4, "Trần Văn Bình"),
    ("Thanh Bình", T, 980, 259, 8, "Lê Văn Thắng"),
    ("Đồng Tâm", T, 1010, 267, 5, "Phạm Quốc Việt"),
    ("Quyết Thắng", T, 940, 248, 3, "Hoàng Văn Tuấn"),
    ("Bình Minh", T, 1090, 288, 7, "Đỗ Văn Lực"),
    ("Đoàn Kết", T, 965, 255, 12, "Vũ Đình Khoa"),
    ("Thống Nhất", T, 1020, 270, 6, "Bùi Văn Tài"),
    ("Tiến Thành", T, 905, 239, 4, "Ngô Văn Sơn"),
    ("Hợp Thành", T, 1075, 284, 9, "Đặng Văn Phúc"),
    ("Ia Krai 1", T, 1160, 306, 10, "Trương Văn Long"),
    ("Ia Krai 2", T, 995, 263, 8, "Huỳnh Văn Tâm"),
    ("Tân Sơn", T, 930, 246, 5, "Phan Văn Hòa"),
    ("Thanh Hà", T, 1005, 265, 3, "Lý Văn Nam"),
    ("Hưng Thịnh", T, 960, 254, 6, "Mai Văn Đức"),
    ("Đức Thành", T, 1040, 275, 7, "Võ Văn Kiên"),
)

# username, full name, organization code, role
ACCOUNTS: tuple[tuple[str, str, str, Role], ...] = (
    ("admin", "Lê Thị Hồng Nhung", "ubnd", Role.admin),
    ("congan.truong", "Nguyễn Văn Quang", "congan", Role.approver),
    ("congan.canbo", "Rơ Mah Hling", "congan", Role.member),
    ("mttq", "Trần Thị Mai", "mttq", Role.member),
    ("phunu", "Siu H'Nhi", "phunu", Role.member),
    ("doanthanhnien", "Phạm Minh Tuấn", "doanthanhnien", Role.member),
    ("tuphap", "Đinh Văn Lâm", "tuphap", Role.member),
    ("lanhdao", "Ksor Hương", "ubnd", Role.leader),
)


@dataclass
class LoadResult:
    """How many rows the demo load added."""

    organizations: int = 0
    villages: int = 0
    users: int = 0
    entries: int = 0
    team_members: int = 0
    cases: int = 0
    tips: int = 0


def village_code(number: int) -> str:
    """lang01 … lang36: the village's code, also its tablet account's username."""
    return f"lang{number:02d}"


def load(with_accounts: bool = True, with_entries: bool = True) -> LoadResult:
    """Add whatever part of the demo is missing; never duplicate, never overwrite.

    Without accounts it gives a real installation its organizations and villages to edit.
    """
    result = LoadResult()
    organizations = {o.code: o for o in db.session.scalars(select(Organization))}
    for code, name, kind, parent in ORGANIZATIONS:
        if code not in organizations:
            organizations[code] = Organization(
                code=code, name=name, kind=kind, parent=organizations.get(parent or "")
            )
            db.session.add(organizations[code])
            result.organizations += 1

    villages = {v.code: v for v in db.session.scalars(select(Village))}
    for number, (name, kind, population, households, minority, _leader) in enumerate(
        VILLAGES, start=1
    ):
        code = village_code(number)
        if code not in villages:
            villages[code] = Village(
                code=code,
                name=name,
                kind=kind,
                population=population,
                households=households,
                minority_percent=minority,
            )
            db.session.add(villages[code])
            result.villages += 1

    result.team_members = _load_teams(villages)
    if with_accounts:
        result.users = _load_accounts(organizations, villages)
        db.session.flush()
        result.cases = _load_mediation(villages)
        if with_entries:
            result.entries = demo_logs.load_entries()
            result.tips = demo_tips.load_tips()
            demo_stats.load()  # incident figures, awards and gifts (issue 6)
    db.session.commit()
    return result


JRAI_FAMILIES = ("Rơ Mah", "Siu", "Ksor", "Rơ Châm", "Kpă", "Nay", "Puih", "Rơ Lan", "Rah Lan")
JRAI_GIVEN = (
    "Blơi Hyun Thoan Yuh Khăm Dok H'Luih Tlang Mlô Phơ Hiăk Nglang Kheo Djuih Bet Ngơl".split()
)
KINH_FAMILIES = (
    "Nguyễn Văn", "Trần Văn", "Lê Văn", "Phạm Văn", "Hoàng Văn", "Võ Văn", "Đỗ Thị", "Bùi Thị",
)  # fmt: skip
KINH_GIVEN = "An Bảo Cường Dũng Hải Hưng Khánh Lợi Minh Nga Oanh Quân Sang Thủy Trung Vinh".split()
ORIGINS = (
    "Nguyên dân quân",
    "Người có uy tín",
    "Đoàn viên thanh niên",
    "Cựu chiến binh",
    "Hội viên nông dân",
)
# 12 teams of four and 24 of three: the 120 members of CONTEXT.md.
TEAM_SIZES = (4, 3, 3) * 12


def _load_teams(villages: dict[str, Village]) -> int:
    """Each village's team, set up in September 2024 under Law 30/2023; 120 members in all."""
    existing = set(db.session.scalars(select(SecurityTeam.village_id)))
    rng = random.Random(302023)
    added = 0
    for number, (_name, kind, *_figures, leader) in enumerate(VILLAGES, start=1):
        village = villages[village_code(number)]
        if village.id is not None and village.id in existing:
            continue
        team = SecurityTeam(
            village=village,
            decision_number=f"{number + 140}/QĐ-UBND",
            decision_date=date(2024, 9, 16),
        )
        minority = kind != VillageKind.thon
        families, given = (JRAI_FAMILIES, JRAI_GIVEN) if minority else (KINH_FAMILIES, KINH_GIVEN)
        names = [leader] + [
            f"{rng.choice(families)} {rng.choice(given)}" for _ in range(TEAM_SIZES[number - 1] - 1)
        ]
        for index, full_name in enumerate(names):
            position = (Position.leader, Position.deputy)[index] if index < 2 else Position.member
            db.session.add(
                TeamMember(
                    team=team,
                    full_name=full_name,
                    position=position,
                    phone=_phone(rng),
                    since=date(2024, 9, 16),
                    origin=rng.choice(ORIGINS),
                )
            )
            added += 1
        db.session.add(team)
    return added


# Villages whose mediation team falls short of Law 35/2013, so that the warnings show.
SHORT_OF_MEDIATORS, WITHOUT_WOMAN, WITHOUT_MINORITY = "lang03", "lang05", "lang12"
DISPUTES = (
    (DisputeKind.land, "Tranh chấp ranh giới đất rẫy giữa hai hộ."),
    (DisputeKind.neighbours, "Mâu thuẫn do gia súc phá hoa màu của hộ bên cạnh."),
    (DisputeKind.family, "Mâu thuẫn vợ chồng, đề nghị tổ hòa giải giúp đỡ."),
    (DisputeKind.debt, "Tranh chấp khoản vay mua phân bón chưa trả."),
    (DisputeKind.other, "Tranh chấp lối đi chung ra rẫy."),
)


def _load_mediation(villages: dict[str, Village]) -> int:
    """Mediation teams (a few deliberately short of the law) and 18 months of cases."""
    if db.session.scalar(select(MediationTeam.id).limit(1)) is not None:
        return 0
    rng = random.Random(352013)
    users = {u.username: u for u in db.session.scalars(select(User))}
    for code, village in villages.items():
        minority = village.kind != VillageKind.thon
        families, given = (JRAI_FAMILIES, JRAI_GIVEN) if minority else (KINH_FAMILIES, KINH_GIVEN)
        team = MediationTeam(village=village)
        size = 2 if code == SHORT_OF_MEDIATORS else 3
        for index in range(size):
            woman = index == 1 and code != WITHOUT_WOMAN
            db.session.add(
                Mediator(
                    team=team,
                    full_name=f"{rng.choice(families)} {'H’' if woman and minority else ''}"
                    f"{rng.choice(given)}",
                    gender=Gender.female if woman else Gender.male,
                    is_minority=minority and code != WITHOUT_MINORITY,
                )
            )
        db.session.add(team)
    today = date.today()
    cases = 0
    for _ in range(60):
        code = rng.choice(sorted(villages))
        village = villages[code]
        received = today - timedelta(days=rng.randint(0, 540))
        kind, summary = rng.choice(DISPUTES)
        families = JRAI_FAMILIES if village.kind != VillageKind.thon else KINH_FAMILIES
        given = JRAI_GIVEN if village.kind != VillageKind.thon else KINH_GIVEN
        parties = (
            f"Ông {rng.choice(families)} {rng.choice(given)} và "
            f"ông {rng.choice(families)} {rng.choice(given)}"
        )
        case = MediationCase(
            village=village,
            recorded_by=users.get(code) or users["tuphap"],
            received_on=received,
            kind=kind,
            parties=parties,
            summary=summary,
        )
        if (today - received).days > 30:
            case.closed_on = min(received + timedelta(days=rng.randint(3, 20)), today)
            roll = rng.random()
            if roll < 0.75:
                case.status, case.outcome = CaseStatus.settled, "Hai bên thống nhất, ký biên bản."
            else:
                case.status = CaseStatus.referred
                case.outcome = "Hòa giải không thành."
                case.referred_to = "UBND xã Ia Krai"
        db.session.add(case)
        cases += 1
    return cases


def _phone(rng: random.Random) -> str:
    """A made-up mobile number in the usual 09xx xxx xxx shape."""
    return f"09{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"


def _load_accounts(organizations: dict[str, Organization], villages: dict[str, Village]) -> int:
    added = 0
    existing = set(db.session.scalars(select(User.username)))
    # One hash for every demo account: they share the documented demo password anyway,
    # and hashing 44 times would make loading slow.
    password_hash = hash_password(DEMO_PASSWORD)
    wanted = [
        (username, full_name, organizations[org], role, None)
        for username, full_name, org, role in ACCOUNTS
    ] + [
        (village_code(n), leader, organizations["toantt"], Role.member, villages[village_code(n)])
        for n, (*_rest, leader) in enumerate(VILLAGES, start=1)
    ]
    for username, full_name, organization, role, village in wanted:
        if username not in existing:
            db.session.add(
                User(
                    username=username,
                    full_name=full_name,
                    password_hash=password_hash,
                    organization=organization,
                    role=role,
                    village=village,
                )
            )
            added += 1
    return added


def account_lines() -> list[str]:
    """The demo accounts as printed by `make run`."""
    lines = [
        f"  {username:<15} {role.value:<9} {full_name}"
        for username, full_name, _o, role in ACCOUNTS
    ]
    lines.append(f"  {'lang01 … lang36':<15} {'member':<9} village security team tablets")
    lines.append(f"  password for every account: {DEMO_PASSWORD}")
    return lines
