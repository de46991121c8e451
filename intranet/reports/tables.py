"""The report's sections and tables, built once and drawn three times: the page, the .docx
and the .xlsx. So the three always show the same figures, each a link to what it counts."""

from dataclasses import dataclass
from dataclasses import field

from flask_babel import gettext as _

from intranet.formatting import percent
from intranet.models import IncidentCategory
from intranet.periods import Change
from intranet.reports import links
from intranet.reports.figures import Report


@dataclass(frozen=True)
class Cell:
    """A value of a table: a number (perhaps linked), or a text."""

    value: int | str | None
    url: str | None = None

    @property
    def is_number(self) -> bool:
        return isinstance(self.value, int)


@dataclass(frozen=True)
class Table:
    key: str  # the sheet's name in the .xlsx, the table's id on the page
    title: str
    headers: list[str]
    rows: list[list[Cell]]
    foot: list[Cell] | None = None


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    tables: list[Table]
    notes: list[str] = field(default_factory=list)


def change_text(change: Change) -> str:
    """−5 (−50%), +2 (+25%), “new” where there was nothing, — for 0 → 0."""
    if change.is_new:
        return _("new")
    if change.percent is None:
        return "—"
    if change.difference == 0:
        return f"0 ({percent(0)})"
    return (
        f"{change.difference:+d}".replace("-", "−") + f" ({percent(change.percent, signed=True)})"
    )


def _compared(change: Change, url: str | None = None) -> list[Cell]:
    return [Cell(change.current, url), Cell(change.previous), Cell(change_text(change))]


def _comparison_headers(first: str) -> list[str]:
    return [first, _("This period"), _("Same period last year"), _("Change")]


def _shown(value: int | str, url: str | None = None) -> Cell:
    """A tip count: linked when exact, the masked text ("< 3", "≥ 3", "*") otherwise."""
    return Cell(value, url if isinstance(value, int) else None)


def _tip_tables(r: Report) -> tuple[list[Table], list[str]]:
    """The tips' tables as the reader may see them (intranet.tips.figures decides)."""
    t, p = r.tips, r.period
    totals = Table(
        "tips",
        _("Tips received"),
        _comparison_headers(_("Figure")),
        [
            [Cell(_("Number received")), *_compared(t.received, links.tips_url(p))],
            [Cell(_("Proved valuable")),
             *_compared(t.valuable, links.tips_url(p, status="valuable"))],
        ],
    )  # fmt: skip
    if t.categories is None or t.villages is None:
        return [totals], [t.why_no_breakdown]
    headers = [
        _("Category"),
        _("Number received"),
        _("Received last year"),
        _("Valuable"),
        _("Valuable last year"),
    ]
    categories = Table(
        "tip-categories",
        _("Tips per category"),
        headers,
        [
            [Cell(line.subject.label),
             _shown(line.received, links.tips_url(p, category=line.subject.value)),
             _shown(line.received_before), _shown(line.valuable), _shown(line.valuable_before)]
            for line in t.categories
        ],
    )  # fmt: skip
    villages = Table(
        "tip-villages",
        _("Tips per village"),
        [_("Village"), *headers[1:]],
        [
            [Cell(line.subject.display_name), _shown(line.received),
             _shown(line.received_before), _shown(line.valuable), _shown(line.valuable_before)]
            for line in t.villages
        ],
    )  # fmt: skip
    if t.exact:
        note = _("Exact counts, shown to the police only: others see counts below 3 masked.")
    else:
        note = _(
            "Counts only; a count below 3 is shown as “< 3”, and “≥ 3” hides a count that "
            "the totals would give away; “*”: too few tips to show this table at all."
        )
    return [totals, categories, villages], [note]


def sections(r: Report) -> list[Section]:
    """The report's body, in order (the leaders' words follow it)."""
    p = r.period
    villages_url = links.url_for_villages()
    m = r.movement
    movement = Section(
        "movement",
        _("The movement in figures"),
        [
            Table(
                "movement",
                _("Security and order teams and patrols"),
                _comparison_headers(_("Figure")),
                [
                    [Cell(_("Security and order teams")), Cell(m.teams, villages_url),
                     Cell(None), Cell(None)],
                    [Cell(_("Active team members")), Cell(m.members, villages_url),
                     Cell(None), Cell(None)],
                    [Cell(_("Number of patrols")),
                     *_compared(m.patrols, links.logs_url(p, kind="patrol"))],
                    [Cell(_("Participants in patrols")),
                     Cell(m.patrol_participants, links.logs_url(p, kind="patrol")),
                     Cell(None), Cell(None)],
                ],
            )
        ],
        [_("Teams and members are those on record today.")],
    )  # fmt: skip
    a = r.activity
    organizations = Table(
        "organizations",
        _("Approved entries per organization"),
        [_("Organization"), _("Number of activities"), _("Participants")],
        [
            [Cell(line.name), Cell(line.entries, links.logs_url(p, org=line.code)),
             Cell(line.participants, links.logs_url(p, org=line.code))]
            for line in a.organizations
        ],
        [Cell(_("Total")), Cell(a.entries.current, links.logs_url(p)),
         Cell(a.participants, links.logs_url(p))],
    )  # fmt: skip
    kinds = Table(
        "kinds",
        _("Approved entries per kind of activity"),
        [*_comparison_headers(_("Kind of activity")), _("Participants")],
        [
            [Cell(line.kind.label),
             *_compared(line.entries, links.logs_url(p, kind=line.kind.value)),
             Cell(line.participants, links.logs_url(p, kind=line.kind.value))]
            for line in a.kinds
        ],
        [Cell(_("Total")), *_compared(a.entries, links.logs_url(p)),
         Cell(a.participants, links.logs_url(p))],
    )  # fmt: skip
    activity = Section(
        "activity",
        _("What each organization did"),
        [organizations, kinds],
        [_("Approved entries only; an entry replaced by an approved correction counts once.")],
    )
    tips = Section("tips", _("Information from residents"), *_tip_tables(r))
    md = r.mediation
    share = percent(md.settled_percent)
    mediation = Section(
        "mediation",
        _("Mediation at the grassroots"),
        [
            Table(
                "mediation",
                _("Mediation cases"),
                _comparison_headers(_("Figure")),
                [
                    [Cell(_("Cases received")), *_compared(md.received, villages_url)],
                    [Cell(_("Cases settled")), Cell(md.settled, villages_url), Cell(None),
                     Cell(None)],
                    [Cell(_("Cases not settled")), Cell(md.not_settled, villages_url), Cell(None),
                     Cell(None)],
                    [Cell(_("Still being mediated")), Cell(md.open, villages_url), Cell(None),
                     Cell(None)],
                    [Cell(_("Settled share of closed cases")), Cell(share), Cell(None),
                     Cell(None)],
                ],
            )
        ],
        [_("Cases received in the period; the settled share counts the closed cases only.")],
    )  # fmt: skip
    inc = r.incidents
    stats_url = links.stats_url(p)
    incident_rows = []
    for category in IncidentCategory:
        f = inc.categories[category]
        incident_rows.append(
            [Cell(category.label), *_compared(f.cases, stats_url), Cell(f.deaths.current),
             Cell(f.deaths.previous), Cell(f.injuries.current), Cell(f.injuries.previous)]
        )  # fmt: skip
    total = inc.total
    months_note = _(
        "Months with figures: %(now)d in this period, %(before)d in the same period last year.",
        now=inc.months,
        before=inc.months_before,
    )
    incidents = Section(
        "incidents",
        _("Crime, social evils and accidents against the same period last year"),
        [
            Table(
                "incidents",
                _("Incidents"),
                [
                    _("Kind of incident"),
                    _("Number of cases"),
                    _("Cases last year"),
                    _("Change"),
                    _("Deaths"),
                    _("Deaths last year"),
                    _("Injuries"),
                    _("Injuries last year"),
                ],
                incident_rows,
                [Cell(_("Total")), *_compared(total.cases, stats_url), Cell(total.deaths.current),
                 Cell(total.deaths.previous), Cell(total.injuries.current),
                 Cell(total.injuries.previous)],
            )
        ],
        [months_note],
    )  # fmt: skip
    award_rows = [
        [Cell(line.giver.label), Cell(line.form.label),
         Cell(line.collectives, links.awards_url(r.year, "awards-list")),
         Cell(line.individuals, links.awards_url(r.year, "awards-list"))]
        for line in r.award_lines
    ]  # fmt: skip
    gift_rows = [
        [Cell(line.giver), Cell(line.poor, links.awards_url(r.year, "gifts-list")),
         Cell(line.policy, links.awards_url(r.year, "gifts-list")),
         Cell(line.total, links.awards_url(r.year, "gifts-list")), Cell(line.value)]
        for line in r.gift_lines
    ]  # fmt: skip
    gifts_url = links.awards_url(r.year, "gifts-list")
    awards = Section(
        "awards",
        _("Awards and gifts"),
        [
            Table(
                "awards",
                _("Commendations"),
                [_("Given by"), _("Form"), _("Collectives"), _("Individuals")],
                award_rows,
                [Cell(_("Total")), Cell(None),
                 Cell(sum(line.collectives for line in r.award_lines), links.awards_url(r.year)),
                 Cell(sum(line.individuals for line in r.award_lines), links.awards_url(r.year))],
            ),
            Table(
                "award-list",
                _("Those commended"),
                [_("Recipient"), _("Given by"), _("Form"), _("For what")],
                [[Cell(award.recipient), Cell(award.giver.label), Cell(award.form.label),
                  Cell(award.reason)] for award in r.awards],
            ),
            Table(
                "gifts",
                _("Gifts to poor and policy households"),
                [_("Given by"), _("Poor households"), _("Policy households"), _("Gifts"),
                 _("Value (đồng)")],
                gift_rows,
                [Cell(_("Total")), Cell(sum(line.poor for line in r.gift_lines), gifts_url),
                 Cell(sum(line.policy for line in r.gift_lines), gifts_url),
                 Cell(r.gifts, gifts_url), Cell(r.gifts_value)],
            ),
        ],
    )  # fmt: skip
    return [movement, activity, tips, mediation, incidents, awards]
