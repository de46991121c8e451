"""Test data, made through the models (never raw SQL)."""

from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import UTC
from functools import cache
from itertools import count

from intranet.demo import DEMO_PASSWORD
from intranet.logs import workflow
from intranet.models import ActivityLog
from intranet.models import db
from intranet.models import hash_password
from intranet.models import LogKind
from intranet.models import LogStatus
from intranet.models import Organization
from intranet.models import OrgKind
from intranet.models import ReviewAction
from intranet.models import ReviewEvent
from intranet.models import Role
from intranet.models import User
from intranet.models import Village
from intranet.models import VillageKind
from intranet.review import workflow as review

# The demo accounts' password: one sign-in (the `login` fixture) for both kinds of account.
PASSWORD = DEMO_PASSWORD
_numbers = count(1)


@cache
def password_hash() -> str:
    """One hash per test session: hashing is deliberately slow."""
    return hash_password(PASSWORD)


def make_org(code: str | None = None, kind: OrgKind = OrgKind.front, **fields) -> Organization:
    """An organization, committed."""
    n = next(_numbers)
    org = Organization(
        code=code or f"org{n}", name=fields.pop("name", f"Tổ chức {n}"), kind=kind, **fields
    )
    db.session.add(org)
    db.session.commit()
    return org


def make_village(code: str | None = None, **fields) -> Village:
    """A village, committed."""
    n = next(_numbers)
    fields.setdefault("name", f"Làng {n}")
    fields.setdefault("kind", VillageKind.lang)
    fields.setdefault("population", 500)
    fields.setdefault("households", 110)
    fields.setdefault("minority_percent", 90)
    village = Village(code=code or f"v{n}", **fields)
    db.session.add(village)
    db.session.commit()
    return village


def make_user(
    username: str | None = None,
    role: Role = Role.member,
    org: Organization | None = None,
    **fields,
) -> User:
    """A user with the password PASSWORD, committed."""
    n = next(_numbers)
    user = User(
        username=username or f"user{n}",
        full_name=fields.pop("full_name", f"Người dùng {n}"),
        password_hash=password_hash(),
        role=role,
        organization=org or make_org(),
        **fields,
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_entry(
    status: LogStatus = LogStatus.draft,
    author: User | None = None,
    approver: User | None = None,
    **fields,
) -> ActivityLog:
    """An entry brought to `status` through the real workflow, committed."""
    author = author or make_user()
    values = {
        "date": fields.pop("date", date(2026, 5, 10)),
        "kind": fields.pop("kind", LogKind.propaganda),
        "village_id": fields.pop("village_id", author.village_id),
        "title": fields.pop("title", f"Hoạt động {next(_numbers)}"),
        "description": fields.pop("description", "Tuyên truyền phòng chống ma túy."),
        "participants": fields.pop("participants", 30),
    }
    entry = workflow.create(author, values, None)
    if status != LogStatus.draft:
        workflow.submit(entry, author)
    if status in (LogStatus.approved, LogStatus.returned):
        approver = approver or make_user(role=Role.approver, org=make_org(kind=OrgKind.police))
        if status == LogStatus.approved:
            review.approve(entry, approver)
        else:
            review.return_entry(entry, approver, "Thiếu số người tham gia")
    db.session.commit()
    return entry


def bulk_entries(count: int, author: User, approver: User) -> None:
    """Many entries at once, cycling approved, submitted and returned (for query counts)."""
    cycle = [LogStatus.approved, LogStatus.submitted, LogStatus.returned]
    moment = datetime(2026, 5, 10, 8, 0, tzinfo=UTC)
    entries = []
    for n in range(count):
        status = cycle[n % 3]
        entry = ActivityLog(
            organization_id=author.organization_id,
            author=author,
            village_id=author.village_id,
            date=date(2026, 1, 1) + timedelta(days=n % 300),
            kind=LogKind.patrol,
            title=f"Tuần tra số {n}",
            description="Tuần tra ban đêm.",
            participants=5,
            status=status,
            submitted_at=moment,
            approved_at=moment + timedelta(minutes=n) if status == LogStatus.approved else None,
        )
        entries.append(entry)
        if status == LogStatus.returned:
            db.session.add(
                ReviewEvent(entry=entry, actor=approver, action=ReviewAction.return_, comment="Sai")
            )
    db.session.add_all(entries)
    db.session.commit()


def waiting_entries(
    author: User, sent: list[datetime], title: str = "Chờ duyệt số {n}", start: int = 0
) -> list[int]:
    """Entries waiting for approval, one per moment in `sent` (made directly, no history):
    their ids, in the order given. `title` may name the entry's number as {n}."""
    entries = [
        ActivityLog(
            organization_id=author.organization_id,
            author=author,
            date=date(2026, 11, 19),
            kind=LogKind.propaganda,
            title=title.format(n=start + index),
            description="Nói chuyện với thanh niên trong làng về tác hại của ma túy.",
            participants=20 + index,
            status=LogStatus.submitted,
            submitted_at=moment,
        )
        for index, moment in enumerate(sent)
    ]
    db.session.add_all(entries)
    db.session.commit()
    return [entry.id for entry in entries]
