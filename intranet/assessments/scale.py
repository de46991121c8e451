"""Correcting a set's rating scale and, for the team ratings, their rules (issue 17 item 1: the
commune police edit them, versioned by year).

The scale's labels and point thresholds, and the team ratings' rules (the cap on the top label
as a percentage of another, the months needed to be rated, the label meaning "not rated", the
labels proposed when a team meets its conditions or not) are saved like a criterion
(criteria.py): in place while nothing uses the version, else in a new version from the first
year nothing uses. What was scored or decided keeps its version; a ratings draft also copied
the rules when it started.

The form names the rules' labels by their level's position, so a label renamed in the same
form keeps its role.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm.attributes import flag_modified

from intranet import audit
from intranet import saving
from intranet.assessments import criteria as criteria_edit
from intranet.assessments import sets
from intranet.assessments.ratings_workflow import rules_data
from intranet.models import CriteriaSet
from intranet.models import UnitKind
from intranet.models import User
from intranet.permissions import Action
from intranet.permissions import require

LABEL_LIMIT = 120
ROLES = ("cap", "of", "gates_met", "otherwise")  # the rules' labels, by level position


def has_rules(criteria_set: CriteriaSet) -> bool:
    """The team ratings' set carries rules besides its scale."""
    return criteria_set.unit_kind == UnitKind.team


def shown(criteria_set: CriteriaSet) -> dict[str, str]:
    """The form's values as saved: ``label-N``, ``min-N``, and the rules' fields."""
    values: dict[str, str] = {}
    labels = [level.label for level in criteria_set.levels]
    for n, level in enumerate(criteria_set.levels):
        values[f"label-{n}"] = level.label
        values[f"min-{n}"] = "" if level.min_points is None else str(level.min_points)
    if has_rules(criteria_set):
        data = rules_data(criteria_set)
        chosen = {
            "cap": data["cap"]["label"],
            "of": data["cap"]["of_label"],
            "gates_met": data["suggest"]["gates_met"],
            "otherwise": data["suggest"]["otherwise"],
        }
        for role, label in chosen.items():
            values[role] = str(labels.index(label)) if label in labels else ""
        values["percent"] = str(data["cap"]["percent"])
        values["months"] = str(data["min_months"])
        values["not_rated"] = data["not_rated"]
    return values


@dataclass
class Read:
    """What the form asked for, and the problems per field (empty: valid)."""

    labels: list[str] = field(default_factory=list)
    minimums: list[int | None] = field(default_factory=list)
    rules: dict[str, Any] | None = None
    errors: dict[str, str] = field(default_factory=dict)


def _whole(text: str, low: int, high: int) -> int | None:
    text = text.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 4:
        return None
    number = int(text)
    return number if low <= number <= high else None


def read(criteria_set: CriteriaSet, values: Mapping[str, str]) -> Read:
    """The scale and rules as typed, checked; every message in the user's language."""
    found = Read()
    errors = found.errors
    for n, level in enumerate(criteria_set.levels):
        label = (values.get(f"label-{n}") or "").strip()
        if not label:
            errors[f"label-{n}"] = _("Enter the level's label.")
        elif len(label) > LABEL_LIMIT:
            errors[f"label-{n}"] = _("At most %(n)d characters.", n=LABEL_LIMIT)
        elif label in found.labels:
            errors[f"label-{n}"] = _("Two levels cannot have the same label.")
        found.labels.append(label)
        minimum = None
        if level.min_points is not None:
            minimum = _whole(values.get(f"min-{n}") or "", 0, 100)
            if minimum is None:
                errors[f"min-{n}"] = _("Enter whole points from 0 to 100.")
            elif found.minimums and (above := found.minimums[-1]) is not None and minimum >= above:
                errors[f"min-{n}"] = _("A level needs fewer points than the level above it.")
        found.minimums.append(minimum)
    if has_rules(criteria_set):
        found.rules = _rules(found, values)
    return found


def _rules(found: Read, values: Mapping[str, str]) -> dict[str, Any] | None:
    errors = found.errors
    chosen: dict[str, str] = {}
    for role in ROLES:
        position = _whole(values.get(role) or "", 0, len(found.labels) - 1)
        if position is None:
            errors[role] = _("Choose a level of the scale.")
        else:
            chosen[role] = found.labels[position]
    if "cap" in chosen and chosen.get("cap") == chosen.get("of"):
        errors["of"] = _("The capped level is counted against another level: choose another.")
    percent = _whole(values.get("percent") or "", 0, 100)
    if percent is None:
        errors["percent"] = _("The cap is a whole percentage from 0 to 100.")
    months = _whole(values.get("months") or "", 1, 12)
    if months is None:
        errors["months"] = _("The months required are a whole number from 1 to 12.")
    not_rated = (values.get("not_rated") or "").strip()
    if not not_rated:
        errors["not_rated"] = _("Enter the label for those not rated.")
    elif len(not_rated) > LABEL_LIMIT:
        errors["not_rated"] = _("At most %(n)d characters.", n=LABEL_LIMIT)
    elif not_rated in found.labels:
        errors["not_rated"] = _("“Not rated” must differ from every level of the scale.")
    if errors.keys() & {*ROLES, "percent", "months", "not_rated"}:
        return None
    return {
        "cap": {"label": chosen["cap"], "of_label": chosen["of"], "percent": percent},
        "min_months": months,
        "not_rated": not_rated,
        "suggest": {"gates_met": chosen["gates_met"], "otherwise": chosen["otherwise"]},
    }


def update(
    criteria_set: CriteriaSet, typed: Read, actor: User, year: int, version: str | None
) -> CriteriaSet:
    """Save the scale and rules (``typed`` without errors): the version that holds them now.
    Conflict when the set changed since the form was shown or is no longer the latest."""
    require(Action.manage_criteria, criteria_set, user=actor)
    assert not typed.errors
    saving.check_version(criteria_set, version)
    if criteria_set.valid_to is not None:
        raise saving.Conflict(criteria_set)
    start = criteria_edit.applies_from(criteria_set, year)
    if start is None:
        holder, levels = criteria_set, list(criteria_set.levels)
        flag_modified(criteria_set, "title")  # the set's version moves with its scale
    else:
        copy = sets.new_version(criteria_set, start, actor)
        holder = copy.criteria_set
        levels = [copy.levels[level.id] for level in criteria_set.levels]
    before = {
        "labels": [level.label for level in levels],
        "minimums": [level.min_points for level in levels],
        "rules": rules_data(criteria_set) if typed.rules is not None else None,
    }
    for level, label, minimum in zip(levels, typed.labels, typed.minimums, strict=True):
        level.label, level.min_points = label, minimum
    if typed.rules is not None:
        holder.rating_rules = typed.rules
    after = {"labels": typed.labels, "minimums": typed.minimums, "rules": typed.rules}
    audit.record(
        "rating_scale_update",
        holder,
        actor=actor,
        code=holder.code,
        changed=[name for name in after if before[name] != after[name]],
        new_version=start is not None,
        rules=typed.rules,
    )
    return holder
