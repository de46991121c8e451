"""The Ia Krai demo: made-up people and work on top of the commune's reference data.

`load()` adds the organizations and villages (intranet.reference), then the demo's security
teams, accounts, mediation, activity-log entries (`logs`), tips (`tips`), incident figures,
awards and gifts (`stats`). The people and their work are made up (DESIGN section 4). Loading
is idempotent: rows that exist (by code or username) are left as they are.
"""

import random
from dataclasses import dataclass
from datetime import date
from datetime import timedelta

from sqlalchemy import select

from intranet import reference
from intranet.demo import assessments as demo_assessments
from intranet.demo import attachments as demo_attachments
from intranet.demo import logs as demo_logs
from intranet.demo import ratings as demo_ratings
from intranet.demo import report_photos as demo_report_photos
from intranet.demo import stats as demo_stats
from intranet.demo import tips as demo_tips
from intranet.models import CaseStatus
from intranet.models import db
from intranet.models import DisputeKind
from intranet.models import Gender
from intranet.models import hash_password
from intranet.models import MediationCase
from intranet.models import MediationTeam
from intranet.models import Mediator
from intranet.models import Organization
from intranet.models import Position
from intranet.models import Role
from intranet.models import SecurityTeam
from intranet.models import TeamMember
from intranet.models import User
from intranet.models import Village
from intranet.models import VillageKind
from intranet.periods import local_today

DEMO_PASSWORD = "iakrai2025"

# The made-up leader of each village's security team, in the order of reference.VILLAGES.
TEAM_LEADERS: tuple[str, ...] = (
    "Rơ Mah Bliu",
    "Siu Hyoanh",
    "Ksor Tlang",
    "Rơ Châm Phơ",
    "Kpă Thuân",
    "Nay Blếch",
    "Puih Khiêm",
    "Rơ Lan Yơn",
    "Siu Đinh",
    "Ksor Nglang",
    "Rơ Mah Dôn",
    "Kpă Hlin",
    "Nay Hiên",
    "Rơ Châm Kheo",
    "Siu Blơi",
    "Ksor Yuh",
    "Puih Thoan",
    "Rơ Lan Tha",
    "Kpă Nguyên",
    "Nay Phai",
    "Nguyễn Văn Hùng",
    "Trần Văn Bình",
    "Lê Văn Thắng",
    "Phạm Quốc Việt",
    "Hoàng Văn Tuấn",
    "Đỗ Văn Lực",
    "Vũ Đình Khoa",
    "Bùi Văn Tài",
    "Ngô Văn Sơn",
    "Đặng Văn Phúc",
    "Trương Văn Long",
    "Huỳnh Văn Tâm",
    "Phan Văn Hòa",
    "Lý Văn Nam",
    "Mai Văn Đức",
    "Võ Văn Kiên",
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
    attachments: int = 0


village_code = reference.village_code


def load(with_accounts: bool = True, with_entries: bool = True) -> LoadResult:
    """Add whatever part of the demo is missing; never duplicate, never overwrite.

    Without accounts it loads the reference data alone (`reference.load`, what a real
    installation starts from), and none of the demo's made-up people.
    """
    places = reference.load()
    organizations, villages = places.organizations, places.villages
    result = LoadResult(organizations=places.organizations_added, villages=places.villages_added)
    if with_accounts:
        result.team_members = _load_teams(villages)
        result.users = _load_accounts(organizations, villages)
        db.session.flush()
        result.cases = _load_mediation(villages)
        if with_entries:
            result.entries = demo_logs.load_entries()
            result.tips = demo_tips.load_tips()
            demo_stats.load()  # incident figures, awards and gifts (issue 6)
            demo_assessments.load()  # the year's judgements (issue 17)
            demo_ratings.load()  # the team and member ratings (issue 17 item 4)
            db.session.flush()
            result.attachments = demo_attachments.load_attachments()  # issue 16
            demo_report_photos.load_report_photos()  # issue 16: the report's photos
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
    for number, ((_name, kind, *_figures), leader) in enumerate(
        zip(reference.VILLAGES, TEAM_LEADERS, strict=True), start=1
    ):
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
    today = local_today()
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
        for n, leader in enumerate(TEAM_LEADERS, start=1)
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
