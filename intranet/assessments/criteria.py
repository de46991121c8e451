"""Correcting a criteria set (the commune police): never under an assessment already scored
(nor under the team ratings' drafts, for the team-rating set).

A version no assessment uses is corrected in place. Once assessments use it, a correction
makes a new version valid from the first year no assessment uses (at the earliest the
current one): the assessments already scored, decided ones included, keep the version and
the words, points and targets they were scored with. Only a version still open-ended (the
latest) is corrected.
"""

from typing import Any

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from intranet import audit
from intranet import saving
from intranet.assessments import sets
from intranet.models import Assessment
from intranet.models import CriteriaSet
from intranet.models import Criterion
from intranet.models import CriterionMode
from intranet.models import db
from intranet.models import RatingDraft
from intranet.models import User
from intranet.permissions import Action
from intranet.permissions import require

FIELDS = ("text", "max_points", "target", "deduct_per", "evidence_hint")


def applies_from(criteria_set: CriteriaSet, year: int) -> int | None:
    """The first year a correction would apply to: None when it applies to this version
    itself (no assessment uses it yet)."""
    years = [
        db.session.scalar(select(func.max(model.year)).where(model.set_id == criteria_set.id))
        for model in (Assessment, RatingDraft)  # the team ratings' drafts use a version too
    ]
    last_used = max((y for y in years if y is not None), default=None)
    if last_used is None:
        return None
    return max(year, last_used + 1, criteria_set.valid_from + 1)


def _regroup(criteria: list[Criterion], parent_id: int | None) -> None:
    """A group's maximum stays the sum of its children's points."""
    if parent_id is None:
        return
    parent = next(c for c in criteria if c.id == parent_id)
    parent.max_points = sum(
        c.max_points for c in criteria if c.parent_id == parent_id and c.mode != CriterionMode.gate
    )


def update(
    criteria_set: CriteriaSet,
    criterion: Criterion,
    values: dict[str, Any],
    actor: User,
    year: int,
    version: str | None,
) -> CriteriaSet:
    """Save a corrected criterion; the version that holds it now (the same or a new one).
    Conflict when the set changed since the form was shown or is no longer the latest."""
    require(Action.manage_criteria, criteria_set, user=actor)
    saving.check_version(criteria_set, version)
    if criteria_set.valid_to is not None:
        raise saving.Conflict(criteria_set)
    start = applies_from(criteria_set, year)
    if start is None:
        holder, target, tree = criteria_set, criterion, criteria_set.criteria
        flag_modified(criteria_set, "title")  # the set's version moves with its lines
    else:
        copy = sets.new_version(criteria_set, start, actor)
        holder, target = copy.criteria_set, copy.criteria[criterion.id]
        tree = list(copy.criteria.values())
    before = {name: getattr(target, name) for name in FIELDS}
    for name in FIELDS:
        setattr(target, name, values[name])
    _regroup(tree, target.parent_id)
    changed = [name for name in FIELDS if before[name] != values[name]]
    audit.record(
        "criterion_update",
        holder,
        actor=actor,
        code=target.code,
        fields=changed,
        new_version=start is not None,
    )
    return holder
