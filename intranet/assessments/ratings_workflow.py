"""State changes of the team and member ratings (issue 17 item 4): start, save, decide.

The commune police (the steering committee's standing office) start the year's draft, which
lists every team and every member on the roster with a label pre-filled from the records, and
edit it as the chair's draft (optimistic locking on the draft). A draft may be saved while it
breaks a rule (the page says which and how to fix it) but not decided: the chair's decision
(``decide_ratings``, the same right as the other decisions) refuses with ``Broken``. Every
step checks its right itself, writes an AuditEvent and leaves the commit to the caller.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy import select

from intranet import audit
from intranet import saving
from intranet.assessments import metrics
from intranet.assessments import ratings
from intranet.assessments.ratings import Gate
from intranet.assessments.ratings import Rules
from intranet.assessments.ratings import Unit
from intranet.assessments.sets import SETS_FOLDER
from intranet.assessments.sets import sets_for
from intranet.assessments.sets import with_tree
from intranet.models import CriteriaSet
from intranet.models import CriterionMode
from intranet.models import db
from intranet.models import period_dates
from intranet.models import Position
from intranet.models import RatingDraft
from intranet.models import RatingRow
from intranet.models import RatingStatus
from intranet.models import SecurityTeam
from intranet.models import SetKind
from intranet.models import TeamMember
from intranet.models import UnitKind
from intranet.models import User
from intranet.models import utcnow
from intranet.periods import Period
from intranet.permissions import Action
from intranet.permissions import require

RULES_KEY = "rating_rules"
# "Assigned tasks" are the patrols of the commune's plan: the approved patrols of the period
# against the number the plan assigns (the criterion's metric_param).
TASKS_METRIC = "tasks_done_percent"
POSITION_ORDER = {Position.leader: 1, Position.deputy: 2, Position.member: 3}


class Broken(ValueError):
    """The draft breaks a rule: it cannot be decided."""

    def __init__(self, problems: list[ratings.Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


class BadLabels(ValueError):
    """Labels that are not on the scale, per row id (a forged or stale form)."""

    def __init__(self, errors: dict[int, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def rating_set(year: int) -> CriteriaSet | None:
    """The team-rating set valid in ``year``, with its criteria and scale."""
    for found in sets_for(year):
        if found.unit_kind == UnitKind.team and found.kind == SetKind.rating:
            return with_tree(found.id)
    return None


def shipped_rules(code: str) -> dict[str, Any]:
    """The ``rating_rules`` of the shipped set file with this code (the set's data)."""
    for path in sorted(SETS_FOLDER.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("code") == code and RULES_KEY in data:
            return dict(data[RULES_KEY])
    raise LookupError(f"no {RULES_KEY} for set {code!r}")


def rules_data(criteria_set: CriteriaSet) -> dict[str, Any]:
    """The set version's rating rules: as the commune police edited them, else the shipped
    file's. A draft copies them when it starts, so a decided year keeps its rules."""
    if criteria_set.rating_rules:
        return dict(criteria_set.rating_rules)
    return shipped_rules(criteria_set.code)


def find(criteria_set: CriteriaSet, year: int) -> RatingDraft | None:
    """The year's latest ratings: the correction under way, else the latest decided."""
    return db.session.scalar(
        select(RatingDraft)
        .where(RatingDraft.set_id == criteria_set.id, RatingDraft.year == year)
        .order_by(RatingDraft.revision.desc())
        .limit(1)
    )


def versions(criteria_set: CriteriaSet, year: int) -> list[RatingDraft]:
    """Every revision of the year's ratings, the first first (a correction is the next)."""
    return list(
        db.session.scalars(
            select(RatingDraft)
            .where(RatingDraft.set_id == criteria_set.id, RatingDraft.year == year)
            .order_by(RatingDraft.revision)
        )
    )


def latest_decided(criteria_set: CriteriaSet, year: int) -> RatingDraft | None:
    """What stands while a correction is under way: the latest decided revision."""
    return db.session.scalar(
        select(RatingDraft)
        .where(
            RatingDraft.set_id == criteria_set.id,
            RatingDraft.year == year,
            RatingDraft.status == RatingStatus.decided,
        )
        .order_by(RatingDraft.revision.desc())
        .limit(1)
    )


def rows_of(draft: RatingDraft) -> list[RatingRow]:
    """The draft's rows in list order: each team, then its leader, deputy and members."""
    return list(
        db.session.scalars(
            select(RatingRow)
            .where(RatingRow.draft_id == draft.id)
            .order_by(RatingRow.team_id, RatingRow.position_order, RatingRow.id)
        )
    )


def tallies(draft: RatingDraft) -> dict[str, dict[str, int]]:
    """How many teams and members have each label (one query)."""
    rows = db.session.execute(
        select(RatingRow.member_id.is_(None), RatingRow.label, func.count(RatingRow.id))
        .where(RatingRow.draft_id == draft.id, RatingRow.label != "")
        .group_by(RatingRow.member_id.is_(None), RatingRow.label)
    )
    result: dict[str, dict[str, int]] = {}
    for is_team, label, count in rows:
        kind = ratings.TEAM if is_team else ratings.MEMBER
        result.setdefault(kind, {})[label] = result.get(kind, {}).get(label, 0) + count
    return result


def period_of(criteria_set: CriteriaSet, year: int) -> tuple[date, date]:
    return period_dates(criteria_set, year)


def rules_of(draft: RatingDraft, criteria_set: CriteriaSet) -> Rules:
    """The draft's rules with the scale of the set it was made with."""
    levels = criteria_set.levels
    return Rules(
        labels=tuple(level.label for level in levels),
        cap_label=draft.cap_label,
        cap_of_label=draft.cap_of_label,
        cap_percent=draft.cap_percent,
        min_months=draft.min_months,
        not_rated=draft.not_rated_label,
        gated_labels=frozenset(level.label for level in levels if level.all_gates),
    )


@dataclass
class Roster:
    """The teams and the members on them at the period's end, in village order."""

    teams: list[SecurityTeam]
    members: dict[int, list[TeamMember]]


def roster(period: tuple[date, date]) -> Roster:
    """Two queries: the teams and the members who had joined by the period's end and had
    not left by then."""
    teams = list(db.session.scalars(select(SecurityTeam).order_by(SecurityTeam.village_id)))
    members: dict[int, list[TeamMember]] = {team.id: [] for team in teams}
    end = period[1]
    found = db.session.scalars(
        select(TeamMember)
        .where(
            (TeamMember.since.is_(None)) | (TeamMember.since <= end),
            (TeamMember.left_on.is_(None)) | (TeamMember.left_on > end),
        )
        .order_by(TeamMember.team_id, TeamMember.id)
    )
    for member in found:
        if member.left_on is None and not member.is_active:
            continue
        members.setdefault(member.team_id, []).append(member)
    return Roster(teams, members)


def team_start(team: SecurityTeam, members: list[TeamMember]) -> date | None:
    """When the team began: the chair's decision setting it up, else its first member's date."""
    if team.decision_date is not None:
        return team.decision_date
    return min((m.since for m in members if m.since is not None), default=None)


def measure(
    criteria_set: CriteriaSet, year: int, teams: list[SecurityTeam]
) -> dict[int, list[Gate]]:
    """Per team id, the set's gate conditions with the figures of the team's village: one
    aggregate per measured condition, whatever the number of teams."""
    period = Period(*period_of(criteria_set, year))
    conditions = [c for c in criteria_set.criteria if c.mode == CriterionMode.gate]
    per_village: dict[str, dict[int, int]] = {}
    for criterion in conditions:
        key = criterion.metric
        if key == TASKS_METRIC:
            per_village[key] = metrics.patrols(period)
        elif key in metrics.METRICS:
            per_village[key] = metrics.METRICS[key].compute(period, criterion.metric_param)
    result: dict[int, list[Gate]] = {}
    for team in teams:
        gates = []
        for criterion in conditions:
            key = criterion.metric
            if key is None or key not in per_village:
                gates.append(Gate(criterion.code, criterion.text))
                continue
            raw = per_village[key].get(team.village_id)
            if raw is None and (key == TASKS_METRIC or metrics.METRICS[key].missing_is_zero):
                raw = 0
            at_most = criterion.compare.value == "at_most"
            if key == TASKS_METRIC:
                assigned = criterion.metric_param or 0
                share = Fraction(100 * raw, assigned) if assigned else None
                shown = f"{raw}/{assigned} ({ratings.percent_shown(share)})"
                met = ratings.gate_met(share, criterion.target, at_most, strict=True)
            else:
                unit = metrics.METRICS[key].unit
                shown = "—" if raw is None else f"{raw}{unit}"
                met = ratings.gate_met(raw, criterion.target, at_most, strict=False)
            gates.append(Gate(criterion.code, criterion.text, shown, met))
        result[team.id] = gates
    return result


def units(rows: list[RatingRow], listed: Roster) -> list[Unit]:
    """The rows as the rules see them, with the roster's dates."""
    teams = {team.id: team for team in listed.teams}
    people = {m.id: m for members in listed.members.values() for m in members}
    result = []
    for row in rows:
        if row.member_id is None:
            team = teams.get(row.team_id)
            start = team_start(team, listed.members.get(row.team_id, [])) if team else None
            result.append(
                Unit(row.id, ratings.TEAM, row.team_id, row.full_name, row.label, start,
                     note=row.note)
            )  # fmt: skip
            continue
        member = people.get(row.member_id)
        result.append(
            Unit(
                row.id,
                ratings.MEMBER,
                row.team_id,
                row.full_name,
                row.label,
                member.since if member else None,
                member.left_on if member else None,
                is_leader=member is not None and member.position == Position.leader,
            )
        )
    return result


@dataclass
class State:
    """Everything the rules need about a draft: its rows, their units, the gates, problems."""

    rules: Rules
    period: tuple[date, date]
    rows: list[RatingRow]
    units: list[Unit]
    gates: dict[int, list[Gate]]
    problems: list[ratings.Problem]

    def by_row(self) -> dict[int, list[ratings.Problem]]:
        found: dict[int, list[ratings.Problem]] = {}
        for problem in self.problems:
            for key in problem.keys:
                found.setdefault(key, []).append(problem)
        return found


def state(
    draft: RatingDraft,
    criteria_set: CriteriaSet,
    typed: Mapping[int, tuple[str, str]] | None = None,
) -> State:
    """The draft checked against its rules; ``typed`` (row id → (label, note)) replaces what
    is saved, for a check while editing, nothing saved."""
    period = period_of(criteria_set, draft.year)
    rows = rows_of(draft)
    listed = roster(period)
    found = units(rows, listed)
    for unit in found:
        if typed is not None and unit.key in typed:
            unit.label, unit.note = typed[unit.key]
    rules = rules_of(draft, criteria_set)
    gates = measure(criteria_set, draft.year, listed.teams)
    return State(rules, period, rows, found, gates, ratings.check(found, rules, period, gates))


def _suggest(
    unit: Unit,
    rules: Rules,
    period: tuple[date, date],
    gates: list[Gate],
    wanted: Mapping[str, str],
) -> str:
    if not ratings.eligible(unit, period, rules):
        return rules.not_rated
    if any(g.met is False for g in gates):
        return wanted["otherwise"]
    return wanted["gates_met"]


def _audit(action: str, draft: RatingDraft, actor: User, **details: Any) -> None:
    audit.record(action, draft, actor=actor, year=draft.year, **details)


def start(criteria_set: CriteriaSet, year: int, actor: User) -> RatingDraft:
    """The year's draft, every team and member pre-filled from the records: a team meeting
    every measured condition is proposed at the set's "gates met" label, else "otherwise";
    those short of the months "not rated"; a member as his team (a leader never above it)."""
    require(Action.edit_ratings, None, user=actor)
    draft = new_draft(criteria_set, year, actor)
    _audit("rating_draft_start", draft, actor, set=criteria_set.code)
    return draft


def new_draft(criteria_set: CriteriaSet, year: int, actor: User) -> RatingDraft:
    """The draft with the set's rules and its pre-filled rows (no right checked, no audit:
    ``start`` and the demo call it)."""
    data = rules_data(criteria_set)
    draft = RatingDraft(
        set_id=criteria_set.id,
        year=year,
        cap_label=data["cap"]["label"],
        cap_of_label=data["cap"]["of_label"],
        cap_percent=int(data["cap"]["percent"]),
        min_months=int(data["min_months"]),
        not_rated_label=data["not_rated"],
        created_by_id=actor.id,
    )
    db.session.add(draft)
    db.session.flush()
    _fill(draft, criteria_set, data["suggest"])
    return draft


def _fill(draft: RatingDraft, criteria_set: CriteriaSet, wanted: Mapping[str, str]) -> None:
    """Rows for every team and member of the roster that the draft does not list yet."""
    period = period_of(criteria_set, draft.year)
    listed = roster(period)
    rules = rules_of(draft, criteria_set)
    gates = measure(criteria_set, draft.year, listed.teams)
    have = {(r.team_id, r.member_id) for r in rows_of(draft)}
    for team in listed.teams:
        members = listed.members.get(team.id, [])
        name = team.village.display_name
        unit = Unit(0, ratings.TEAM, team.id, name, "", team_start(team, members))
        team_label = _suggest(unit, rules, period, gates.get(team.id, []), wanted)
        if (team.id, None) not in have:
            db.session.add(RatingRow(draft_id=draft.id, team_id=team.id, full_name=name,
                                     label=team_label, suggested=team_label))  # fmt: skip
        for member in members:
            if (team.id, member.id) in have:
                continue
            person = Unit(0, ratings.MEMBER, team.id, member.full_name, "", member.since,
                          member.left_on)  # fmt: skip
            label = rules.not_rated if not ratings.eligible(person, period, rules) else team_label
            if label == rules.not_rated and ratings.eligible(person, period, rules):
                label = wanted["otherwise"]
            db.session.add(
                RatingRow(
                    draft_id=draft.id,
                    team_id=team.id,
                    member_id=member.id,
                    full_name=member.full_name,
                    position_order=POSITION_ORDER[member.position],
                    label=label,
                    suggested=label,
                )
            )
    db.session.flush()


def _follow_roster(draft: RatingDraft, criteria_set: CriteriaSet) -> None:
    """The draft follows the roster until decided: a member who joined since it started gets
    a pre-filled row, one who left (or was removed) by the period's end loses his."""
    listed = roster(period_of(criteria_set, draft.year))
    present = {m.id for members in listed.members.values() for m in members}
    for row in rows_of(draft):
        if row.member_id is not None and row.member_id not in present:
            db.session.delete(row)
    db.session.flush()
    _fill(draft, criteria_set, rules_data(criteria_set)["suggest"])


def save(
    draft: RatingDraft,
    criteria_set: CriteriaSet,
    actor: User,
    typed: Mapping[int, tuple[str, str]],
    version: str | None,
) -> int:
    """Save the labels and notes typed (row id → (label, note)) after following the roster;
    rules may be broken (the page shows them). BadLabels for a label not on the scale;
    Conflict when someone saved first. Returns how many rows changed."""
    require(Action.edit_ratings, draft, user=actor)
    saving.check_version(draft, version)
    _follow_roster(draft, criteria_set)
    rows = rows_of(draft)
    allowed = set(rules_of(draft, criteria_set).choices()) | {""}
    errors = {
        row.id: _("Choose a rating from the list.")
        for row in rows
        if row.id in typed and typed[row.id][0] not in allowed
    }
    if errors:
        raise BadLabels(errors)
    changed = 0
    for row in rows:
        if row.id not in typed:
            continue
        label, note = typed[row.id]
        if (row.label, row.note) != (label, note.strip()):
            row.label, row.note = label, note.strip()
            changed += 1
    draft.updated_by_id = actor.id
    draft.updated_at = utcnow()
    _audit("rating_draft_save", draft, actor, rows_changed=changed)
    return changed


def correct(draft: RatingDraft, actor: User, reason: str, version: str | None) -> RatingDraft:
    """Open a correction of the decided ratings (a police approver, with the reason): the next
    revision, with the same rules and a copy of every row; it is edited and checked as a draft
    and decided again with a new number. The decided revision stays as it was."""
    require(Action.correct_ratings, draft, user=actor)
    saving.check_version(draft, version)
    copy = RatingDraft(
        set_id=draft.set_id,
        year=draft.year,
        revision=draft.revision + 1,
        reason=reason.strip(),
        cap_label=draft.cap_label,
        cap_of_label=draft.cap_of_label,
        cap_percent=draft.cap_percent,
        min_months=draft.min_months,
        not_rated_label=draft.not_rated_label,
        created_by_id=actor.id,
    )
    db.session.add(copy)
    db.session.flush()
    db.session.add_all(
        RatingRow(
            draft_id=copy.id,
            team_id=row.team_id,
            member_id=row.member_id,
            full_name=row.full_name,
            position_order=row.position_order,
            label=row.label,
            suggested=row.suggested,
            note=row.note,
        )
        for row in rows_of(draft)
    )
    db.session.flush()
    _audit("rating_draft_correct", copy, actor, corrects=draft.revision, reason=copy.reason)
    return copy


def decide(
    draft: RatingDraft,
    criteria_set: CriteriaSet,
    actor: User,
    values: Mapping[str, Any],
    version: str | None,
) -> None:
    """Record the chair's decision (number, date, signer): refused with Broken while a rule
    is broken; the ratings are then locked."""
    require(Action.decide_ratings, draft, user=actor)
    saving.check_version(draft, version)
    problems = state(draft, criteria_set).problems
    if problems:
        raise Broken(problems)
    draft.status = RatingStatus.decided
    draft.number = values["number"]
    draft.signed_on = values["signed_on"]
    draft.signer = values["signer"]
    draft.decided_by_id = actor.id
    draft.decided_at = utcnow()
    _audit("rating_draft_decide", draft, actor, number=draft.number)
