"""Criteria sets as data: the shipped example files, reading a set for a year, new versions.

The files in ``sets/`` are examples marked ``"example": true``, to be checked against the
province's current text: `flask assessments load-sets` (and the demo) install them once. The
commune police edit a set on its page; the first edit for a year that assessments already use
makes a new version valid from that year, so what was scored keeps its version
(``new_version``).
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intranet import audit
from intranet.models import Compare
from intranet.models import CriteriaSet
from intranet.models import Criterion
from intranet.models import CriterionMode
from intranet.models import db
from intranet.models import RatingLevel
from intranet.models import SetKind
from intranet.models import UnitKind
from intranet.models import User

SETS_FOLDER = Path(__file__).parent / "sets"


class BadSetFile(ValueError):
    """A set file that does not describe a set: which file, and what is wrong."""


def _month_day(text: str, where: str) -> tuple[int, int]:
    try:
        month, day = (int(part) for part in text.split("-"))
    except (ValueError, AttributeError) as error:
        raise BadSetFile(f"{where}: expected MM-DD, got {text!r}") from error
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise BadSetFile(f"{where}: expected MM-DD, got {text!r}")
    return month, day


Node = tuple[Criterion, Criterion | None]  # a criterion and its parent, before ids exist


def _criteria(items: list[dict[str, Any]], parent: Criterion | None, made: list[Node]) -> None:
    """Criteria in tree order (each parent before its children); a group's maximum is the sum
    of its children's points."""
    for item in items:
        criterion = Criterion(
            position=len(made),
            code=str(item["code"]),
            text=item["text"],
            mode=CriterionMode(item.get("mode", "range")),
            max_points=int(item.get("max", 0)),
            metric=item.get("metric"),
            target=item.get("target"),
            compare=Compare(item.get("compare", "at_least")),
            deduct_per=item.get("deduct_per"),
            metric_param=item.get("metric_param"),
            evidence_hint=item.get("hint", ""),
        )
        made.append((criterion, parent))
        children = item.get("children", [])
        if children:
            first = len(made)
            _criteria(children, criterion, made)
            criterion.max_points = sum(
                child.max_points
                for child, above in made[first:]
                if above is criterion and child.mode != CriterionMode.gate
            )


@dataclass(frozen=True)
class Built:
    """A set read from a file, not yet in the database."""

    criteria_set: CriteriaSet
    criteria: list[Node]
    levels: list[RatingLevel]


def build(data: dict[str, Any], where: str = "set") -> Built:
    """A set (not yet added) from a set file's content; BadSetFile when it is wrong."""
    try:
        start = _month_day(data["period"]["start"], f"{where}: period.start")
        end = _month_day(data["period"]["end"], f"{where}: period.end")
        deadline = _month_day(data["deadline"], f"{where}: deadline")
        criteria_set = CriteriaSet(
            code=data["code"],
            title=data["title"],
            legal_basis=data["legal_basis"],
            unit_kind=UnitKind(data["unit_kind"]),
            kind=SetKind(data["kind"]),
            valid_from=int(data["valid_from"]),
            valid_to=data.get("valid_to"),
            period_start_month=start[0],
            period_start_day=start[1],
            period_end_month=end[0],
            period_end_day=end[1],
            deadline_month=deadline[0],
            deadline_day=deadline[1],
            is_example=bool(data.get("example", False)),
            note=data.get("note", ""),
        )
        criteria: list[Node] = []
        _criteria(data["criteria"], None, criteria)
        levels = [
            RatingLevel(
                position=n,
                label=level["label"],
                min_points=level.get("min_points"),
                all_gates=bool(level.get("all_gates", False)),
            )
            for n, level in enumerate(data["scale"])
        ]
    except (KeyError, TypeError, ValueError) as error:
        raise BadSetFile(f"{where}: {error}") from error
    if not levels:
        raise BadSetFile(f"{where}: the scale has no level")
    codes = [c.code for c, _parent in criteria]
    if len(codes) != len(set(codes)):
        raise BadSetFile(f"{where}: two criteria share a code")
    return Built(criteria_set, criteria, levels)


def install(built: Built) -> CriteriaSet:
    """Add a built set with its criteria (parents before children) and levels."""
    criteria_set = built.criteria_set
    db.session.add(criteria_set)
    db.session.flush()
    for criterion, parent in built.criteria:
        criterion.set_id = criteria_set.id
        criterion.parent_id = parent.id if parent is not None else None
        db.session.add(criterion)
        db.session.flush()
    for level in built.levels:
        level.set_id = criteria_set.id
        db.session.add(level)
    db.session.flush()
    return criteria_set


def load_shipped(folder: Path = SETS_FOLDER) -> int:
    """Install the shipped sets that are not there yet (by code and first year): how many."""
    added = 0
    existing = set(db.session.execute(select(CriteriaSet.code, CriteriaSet.valid_from)))
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise BadSetFile(f"{path.name}: {error}") from error
        built = build(data, path.name)
        if (built.criteria_set.code, built.criteria_set.valid_from) in existing:
            continue
        install(built)
        added += 1
    return added


def sets_for(year: int) -> list[CriteriaSet]:
    """The version of each set that is valid in ``year``, in code order."""
    rows = db.session.scalars(
        select(CriteriaSet)
        .where(
            CriteriaSet.valid_from <= year,
            (CriteriaSet.valid_to.is_(None)) | (CriteriaSet.valid_to >= year),
        )
        .order_by(CriteriaSet.code, CriteriaSet.valid_from.desc())
    )
    chosen: dict[str, CriteriaSet] = {}
    for row in rows:
        chosen.setdefault(row.code, row)
    return list(chosen.values())


def set_for(code: str, year: int) -> CriteriaSet | None:
    """The version of the set ``code`` valid in ``year``, with its criteria and scale."""
    found = next((s for s in sets_for(year) if s.code == code), None)
    return with_tree(found.id) if found is not None else None


def with_tree(set_id: int) -> CriteriaSet:
    """One set version with its criteria and levels loaded."""
    return db.session.scalars(
        select(CriteriaSet)
        .where(CriteriaSet.id == set_id)
        .options(selectinload(CriteriaSet.criteria), selectinload(CriteriaSet.levels))
        .execution_options(populate_existing=True)  # also after a commit expired the rows
    ).one()


@dataclass(frozen=True)
class Copy:
    """A version copied for a year: the new row, and the old criterion id → new criterion."""

    criteria_set: CriteriaSet
    criteria: dict[int, Criterion]
    levels: dict[int, RatingLevel]


def new_version(old: CriteriaSet, year: int, actor: User) -> Copy:
    """A copy of ``old`` valid from ``year``; ``old`` now ends the year before. The caller
    changes the copy; assessments scored with ``old`` keep it."""
    copy = CriteriaSet(
        **{
            name: getattr(old, name)
            for name in (
                "code title legal_basis unit_kind kind period_start_month period_start_day "
                "period_end_month period_end_day deadline_month deadline_day is_example note "
                "rating_rules"
            ).split()
        },
        valid_from=year,
        valid_to=old.valid_to,
        created_by_id=actor.id,
    )
    old.valid_to = year - 1
    db.session.add(copy)
    db.session.flush()
    criteria: dict[int, Criterion] = {}
    for criterion in old.criteria:  # positions put parents first
        fresh = Criterion(
            set_id=copy.id,
            parent_id=criteria[criterion.parent_id].id if criterion.parent_id else None,
            **{
                name: getattr(criterion, name)
                for name in (
                    "position code text max_points mode metric target compare deduct_per "
                    "metric_param evidence_hint"
                ).split()
            },
        )
        db.session.add(fresh)
        db.session.flush()
        criteria[criterion.id] = fresh
    levels: dict[int, RatingLevel] = {}
    for level in old.levels:
        levels[level.id] = RatingLevel(
            set_id=copy.id,
            position=level.position,
            label=level.label,
            min_points=level.min_points,
            all_gates=level.all_gates,
        )
        db.session.add(levels[level.id])
    db.session.flush()
    audit.record("criteria_set_version", copy, actor=actor, code=copy.code, year=year)
    return Copy(copy, criteria, levels)
