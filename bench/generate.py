"""Fill a database with realistic volume and shape for the benchmark.

Sizes: `commune` is the Ia Krai demo as `flask demo load` makes it; `100k` and `1m` add
activity-log entries (with the history the workflow would have written), accounts and mediation
cases in proportion, in bulk. The text is the demo's Vietnamese (intranet.demo.logs), so titles
and descriptions have realistic lengths and the same words people search for.

Shape, as decided for the benchmark: the schema has no commune level yet, so 100,000 entries are
"one commune for decades" (2000 to today, about 3,800 a year) and 1,000,000 a province's volume
on the same 36 villages (about 38,000 a year). That is the worst case for the per-year figures
and for every filter by village or organization; a real province would also have more villages.

Each kind of row has one fill function in FILLERS (entries, accounts, mediation cases, tips,
monthly incident figures); a new model needs one more there. Rows go in with SQLAlchemy Core
`insert()` in batches on SQLite and with COPY on PostgreSQL, so a million entries take minutes.

    python -m bench.generate --size 100k --url sqlite:///bench/data/bench-100k.db
"""

import argparse
import json
import random
import time
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import UTC
from itertools import chain
from itertools import islice
from typing import Any

from flask import Flask
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import JSON
from sqlalchemy import select
from sqlalchemy import Table
from sqlalchemy import text

from intranet import create_app
from intranet import demo
from intranet import search
from intranet.demo import logs as demo_logs
from intranet.demo import tips as demo_tips
from intranet.models import ActivityLog
from intranet.models import CaseStatus
from intranet.models import db
from intranet.models import IncidentCategory
from intranet.models import IncidentStat
from intranet.models import MediationCase
from intranet.models import Organization
from intranet.models import ReviewAction
from intranet.models import ReviewEvent
from intranet.models import Role
from intranet.models import Tip
from intranet.models import TipChannel
from intranet.models import TipStatus
from intranet.models import User
from intranet.models import Village
from intranet.models import VillageKind

SIZES = {"commune": 0, "100k": 100_000, "1m": 1_000_000}
SEED = 7
FIRST_DAY = date(2000, 1, 1)
BATCH = 10_000

# Who writes how much: the village tablets most (patrols), then the police and the unions.
VOICES = {
    "village": 55,
    "police": 15,
    "mttq": 7,
    "phunu": 8,
    "doanthanhnien": 8,
    "tuphap": 7,
}
VOICE_ORGS = {
    "police": "congan",
    "mttq": "mttq",
    "phunu": "phunu",
    "doanthanhnien": "doanthanhnien",
    "tuphap": "tuphap",
}
# Old entries are settled; a few were returned and never fixed, a few drafts abandoned.
OLD_PLANS = {"approved": 985, "returned": 5, "draft": 5, "submitted": 5}
# The last three weeks are still moving: the review queue, drafts, returned entries.
RECENT_PLANS = {"approved": 30, "submitted": 45, "returned": 10, "draft": 15}
# Mediation cases per entry (the demo: 60 cases beside about 400 entries).
CASES_PER_ENTRY = 0.12
# Tips per entry (the demo: about 60 a year beside some 250 entries).
TIPS_PER_ENTRY = 0.05
# One extra member account per this many entries (staff come and go over the years).
ENTRIES_PER_ACCOUNT = 2_000


@dataclass
class Context:
    """What every fill function needs: the size, the randomness and the people."""

    entries: int
    rng: random.Random
    today: date
    approver_id: int
    password_hash: str
    authors: dict[str, list[User]] = field(default_factory=dict)
    village_names: dict[int, str] = field(default_factory=dict)
    village_kinds: dict[int, VillageKind] = field(default_factory=dict)


def bulk_insert(table: Table, rows: Iterable[dict[str, Any]]) -> int:
    """Insert dicts fast: COPY on PostgreSQL, Core executemany in batches elsewhere."""
    connection = db.session.connection()
    count = 0
    if connection.dialect.name == "postgresql":
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        columns = list(first)
        json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
        names = ", ".join(f'"{c}"' for c in columns)
        cursor = connection.connection.driver_connection.cursor()
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for values in chain([first], rows):
                copy.write_row(
                    [json.dumps(values[c]) if c in json_columns else values[c] for c in columns]
                )
                count += 1
        cursor.close()
        return count
    for chunk in _batched(rows, BATCH):
        connection.execute(insert(table), chunk)
        count += len(chunk)
    return count


def _batched(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def fill_accounts(ctx: Context) -> int:
    """Extra member accounts in the writing organizations, one per ENTRIES_PER_ACCOUNT entries."""
    organizations = {
        u.organization.code: u.organization_id
        for u in db.session.scalars(select(User).where(User.role == Role.member))
    }
    rows = []
    for number in range(ctx.entries // ENTRIES_PER_ACCOUNT):
        voice = list(VOICE_ORGS)[number % len(VOICE_ORGS)]
        username, full_name = f"bench.{voice}.{number:04d}", f"Cán bộ {number:04d}"
        rows.append(
            {
                "username": username,
                "full_name": full_name,
                "search_text": search.search_text(username, full_name),
                "search_title": search.search_text(full_name),
                "password_hash": ctx.password_hash,
                "organization_id": organizations[VOICE_ORGS[voice]],
                "role": Role.member.value,
                "village_id": None,
                "is_active": True,
                "locale": "vi",
                "session_token": f"{number:032x}",
                "created_at": datetime(2020, 1, 1, tzinfo=UTC),
                "version": 1,
            }
        )
    return bulk_insert(User.__table__, rows)


def _load_authors(ctx: Context) -> None:
    """The writing accounts by voice: village tablets, then each union's members."""
    members = db.session.scalars(select(User).where(User.role == Role.member)).all()
    ctx.authors = {voice: [] for voice in VOICES}
    for user in members:
        if user.village_id is not None:
            ctx.authors["village"].append(user)
            continue
        for voice, code in VOICE_ORGS.items():
            if user.organization.code == code:
                ctx.authors[voice].append(user)
    villages = db.session.scalars(select(Village)).all()
    ctx.village_names = {v.id: f"{v.kind.value} {v.name}" for v in villages}
    ctx.village_kinds = {v.id: v.kind for v in villages}


def _entry_days(ctx: Context) -> list[date]:
    """Every entry's date, oldest first, so ids grow with time as they do in real use."""
    span = (ctx.today - FIRST_DAY).days
    return sorted(FIRST_DAY + timedelta(days=ctx.rng.randrange(span)) for _ in range(ctx.entries))


def _moment(rng: random.Random, day: date, horizon: date) -> datetime:
    """A working-hours moment in Vietnam (stored in UTC), never after the horizon."""
    day = min(day, horizon)
    return datetime(day.year, day.month, day.day, rng.randint(1, 9), rng.randrange(60), tzinfo=UTC)


def fill_entries(ctx: Context) -> int:
    """The entries and their histories (create, submit, approve or return), in date order."""
    _load_authors(ctx)
    first_id = (db.session.scalar(select(func.max(ActivityLog.id))) or 0) + 1
    days = _entry_days(ctx)
    added = 0
    for start in range(0, len(days), BATCH):
        entries, events = _entry_batch(ctx, days[start : start + BATCH], first_id + start)
        added += bulk_insert(ActivityLog.__table__, entries)
        bulk_insert(ReviewEvent.__table__, events)
    _reset_sequence(ActivityLog.__table__)
    return added


def _entry_batch(
    ctx: Context, days: list[date], first_id: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rng = ctx.rng
    horizon = ctx.today - timedelta(days=1)
    recent = ctx.today - timedelta(days=demo_logs.RECENT_DAYS)
    voices, weights = list(VOICES), list(VOICES.values())
    entries, events = [], []
    for offset, day in enumerate(days):
        entry_id = first_id + offset
        voice = rng.choices(voices, weights)[0]
        author = rng.choice(ctx.authors[voice])
        activity = demo_logs._pick(rng, voice)
        village_id = author.village_id
        if village_id is None and activity.place != "commune":
            if activity.place == "village" or rng.random() < 0.5:
                village_id = rng.choice(list(ctx.village_names))
        place = ctx.village_names[village_id] if village_id else demo_logs.COMMUNE
        values = {"place": place, "year": day.year, "awards": demo_logs.AWARDS}
        lead, *others = (s.format(**values) for s in activity.sentences)
        extra = rng.sample(others, rng.randint(0, min(3, len(others))))
        plans = RECENT_PLANS if day >= recent else OLD_PLANS
        plan = rng.choices(list(plans), list(plans.values()))[0]
        created = _moment(rng, day + timedelta(days=rng.choice((0, 0, 1, 2))), horizon)
        submitted = _moment(rng, created.date() + timedelta(days=rng.randint(0, 2)), horizon)
        decided = _moment(rng, submitted.date() + timedelta(days=rng.randint(1, 5)), horizon)
        submitted = max(submitted, created + timedelta(minutes=5))
        decided = max(decided, submitted + timedelta(minutes=5))
        entry = {
            "id": entry_id,
            "organization_id": author.organization_id,
            "village_id": village_id,
            "author_id": author.id,
            "date": day,
            "kind": activity.kind.value,
            "title": activity.title.format(**values),
            "description": " ".join([lead, *extra]),
            "search_text": "",
            "participants": rng.randint(*activity.participants),
            "status": plan,
            "corrects_id": None,
            "client_token": None,
            "created_at": created,
            "updated_at": created if plan == "draft" else decided,
            "submitted_at": None if plan == "draft" else submitted,
            "approved_at": decided if plan == "approved" else None,
            "version": {"draft": 1, "submitted": 2}.get(plan, 3),
        }
        # Bulk inserts pass the session hook by: fold here what the hook would have.
        entry["search_text"] = search.search_text(entry["title"], entry["description"])
        entry["search_title"] = search.search_text(entry["title"])
        entries.append(entry)
        snapshot = {
            "date": day.isoformat(),
            "kind": entry["kind"],
            "village_id": village_id,
            "title": entry["title"],
            "description": entry["description"],
            "participants": entry["participants"],
        }
        steps = [(author.id, ReviewAction.create, created, "")]
        if plan != "draft":
            steps.append((author.id, ReviewAction.submit, submitted, ""))
        if plan == "approved":
            steps.append((ctx.approver_id, ReviewAction.approve, decided, ""))
        if plan == "returned":
            reason = rng.choice(demo_logs.RETURN_REASONS)[0]
            steps.append((ctx.approver_id, ReviewAction.return_, decided, reason))
        for actor_id, action, at, comment in steps:
            events.append(
                {
                    "entry_id": entry_id,
                    "actor_id": actor_id,
                    "action": action.value,
                    "comment": comment,
                    "at": at,
                    "snapshot": snapshot,
                }
            )
    return entries, events


def fill_mediation_cases(ctx: Context) -> int:
    """Mediation cases in proportion to the entries, most of them settled long ago."""
    rng = ctx.rng
    recorder = {u.village_id: u.id for u in ctx.authors["village"]}
    span = (ctx.today - FIRST_DAY).days
    rows = []
    for _ in range(int(ctx.entries * CASES_PER_ENTRY)):
        village_id = rng.choice(list(ctx.village_names))
        received = FIRST_DAY + timedelta(days=rng.randrange(span))
        kind, summary = rng.choice(demo.DISPUTES)
        jrai = ctx.village_kinds[village_id] != VillageKind.thon
        families = demo.JRAI_FAMILIES if jrai else demo.KINH_FAMILIES
        given = demo.JRAI_GIVEN if jrai else demo.KINH_GIVEN
        status, outcome, closed, referred = CaseStatus.open, "", None, ""
        if (ctx.today - received).days > 30:
            closed = received + timedelta(days=rng.randint(3, 20))
            if rng.random() < 0.75:
                status, outcome = CaseStatus.settled, "Hai bên thống nhất, ký biên bản."
            else:
                status, outcome, referred = (
                    CaseStatus.referred,
                    "Hòa giải không thành.",
                    "UBND xã Ia Krai",
                )
        rows.append(
            {
                "village_id": village_id,
                "recorded_by_id": recorder.get(village_id, ctx.approver_id),
                "received_on": received,
                "kind": kind.value,
                "parties": f"Ông {rng.choice(families)} {rng.choice(given)} và "
                f"ông {rng.choice(families)} {rng.choice(given)}",
                "summary": summary,
                "status": status.value,
                "outcome": outcome,
                "referred_to": referred,
                "closed_on": closed,
                "client_token": None,
                "created_at": _moment(rng, received, ctx.today),
                "version": 1,
            }
        )
    return bulk_insert(MediationCase.__table__, rows)


def fill_tips(ctx: Context) -> int:
    """Tips in proportion to the entries, relayed mostly by the village tablets; no informants.

    Informants are sealed apart and read only when an approver opens one, so the lists and
    figures the bench measures never touch them.
    """
    rng = ctx.rng
    police = db.session.scalars(
        select(User.id).where(User.organization_id == _organization_id("congan"))
    ).all()
    relayers = {u.village_id: u.id for u in ctx.authors["village"]}
    span = (ctx.today - FIRST_DAY).days
    categories = list(demo_tips.CATEGORY_WEIGHTS)
    weights = list(demo_tips.CATEGORY_WEIGHTS.values())
    rows = []
    for _ in range(int(ctx.entries * TIPS_PER_ENTRY)):
        received = FIRST_DAY + timedelta(days=rng.randrange(span))
        village_id = rng.choice(list(ctx.village_names))
        category = rng.choices(categories, weights)[0]
        status, closed = TipStatus.verifying, None
        if (ctx.today - received).days > 30:
            status = rng.choices(
                [TipStatus.valuable, TipStatus.not_valuable, TipStatus.referred], [7, 2, 1]
            )[0]
            closed = received + timedelta(days=rng.randint(1, 20))
        rows.append(
            {
                "received_on": received,
                "channel": rng.choice(list(TipChannel)).value,
                "village_id": village_id,
                "category": category.value,
                "summary": (summary := rng.choice(demo_tips.SUMMARIES[category])),
                "status": status.value,
                "handling_officer_id": rng.choice(police),
                "outcome": (outcome := rng.choice(demo_tips.OUTCOMES.get(status, ("",)))),
                "search_text": search.search_text(summary, outcome),
                "search_title": search.search_text(summary),
                "referred_to": "Công an huyện" if status == TipStatus.referred else "",
                "relayed_by_id": relayers.get(village_id, ctx.approver_id),
                "client_token": None,
                "created_at": _moment(rng, received, ctx.today),
                "closed_on": closed,
                "version": 1,
            }
        )
    return bulk_insert(Tip.__table__, rows)


def fill_incident_figures(ctx: Context) -> int:
    """Monthly incident figures before the demo's: each village's now and then, the commune's."""
    first_loaded = db.session.scalar(select(func.min(IncidentStat.month))) or ctx.today
    rng, rows = ctx.rng, []
    month = FIRST_DAY
    while month < first_loaded.replace(day=1):
        for category in IncidentCategory:
            for village_id in [None, *ctx.village_names]:
                if village_id is not None and rng.random() > 0.2:
                    continue
                rows.append(
                    {
                        "month": month,
                        "category": category.value,
                        "village_id": village_id,
                        "cases": rng.randint(0, 3),
                        "deaths": int(category == IncidentCategory.traffic and rng.random() < 0.1),
                        "injuries": rng.randint(0, 2)
                        if category == IncidentCategory.traffic
                        else 0,
                        "updated_by_id": ctx.approver_id,
                        "updated_at": _moment(rng, month + timedelta(days=31), ctx.today),
                    }
                )
        month = (month + timedelta(days=32)).replace(day=1)
    return bulk_insert(IncidentStat.__table__, rows)


def _organization_id(code: str) -> int:
    return db.session.scalar(select(Organization.id).where(Organization.code == code))


def _reset_sequence(table: Table) -> None:
    """PostgreSQL: move the id sequence past rows inserted with explicit ids."""
    if db.session.connection().dialect.name == "postgresql":
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f'(SELECT max(id) FROM "{table.name}"))'
            )
        )


# In order; a new kind of row (awards, gifts, …) is one more function here.
FILLERS: tuple[tuple[str, Callable[[Context], int]], ...] = (
    ("accounts", fill_accounts),
    ("entries", fill_entries),
    ("mediation cases", fill_mediation_cases),
    ("tips", fill_tips),
    ("monthly incident figures", fill_incident_figures),
)


def generate(app: Flask, size: str, today: date | None = None) -> dict[str, int]:
    """Load the demo, then add the rows of the size in bulk; how many rows of each were added.

    The database must be upgraded already (`flask db upgrade`). A database that holds more than
    the demo's entries is left as it is, so a second run adds nothing.
    """
    with app.app_context():
        if db.session.scalar(select(func.count(ActivityLog.id))) > 1_000:
            return {}
        loaded = demo.load()
        added = {"demo entries": loaded.entries}
        approver = db.session.scalar(select(User).where(User.username == demo_logs.APPROVER))
        ctx = Context(
            entries=SIZES[size],
            rng=random.Random(SEED),
            today=today or date.today(),
            approver_id=approver.id,
            password_hash=approver.password_hash,
        )
        for name, fill in FILLERS if ctx.entries else ():
            added[name] = fill(ctx)
            db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # A live database has been through autovacuum; freshly copied rows have no
            # visibility map yet, so index-only counts would visit every row (bench/NOTES.md).
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        return added


def main() -> None:
    """Command line: generate one size into one database."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=SIZES, default="commune")
    parser.add_argument("--url", required=True, help="SQLAlchemy URL of an upgraded database")
    args = parser.parse_args()
    started = time.monotonic()
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.url, "SECRET_KEY": "bench"})
    added = generate(app, args.size)
    took = time.monotonic() - started
    print(f"generated {args.size} in {took:.0f} s: {added or 'nothing, already filled'}")


if __name__ == "__main__":
    main()
