"""The commune's papers of a set's year (issue 17, item 5), as Word documents in the Decree 30/2020
layout (intranet/documents.py): the commune police's proposal to the chair (Tờ trình, with the
list of units, their scores and proposed ratings), the steering committee's appraisal meeting
record (Biên bản, with each unit's vote) and the chair's decision (Quyết định, with its list).

Always in Vietnamese. Nothing a criteria set holds is written here: the subject of each paper is
made from the set's title, its kind and its labels ("đạt tiêu chuẩn …" is the set's first label),
the "Căn cứ" lines from its legal basis (one per line), the signer from the chair's decision.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from docx.document import Document as WordDocument
from docx.text.paragraph import Paragraph
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intranet import documents as layout
from intranet.assessments import appraisal
from intranet.assessments import scoring
from intranet.assessments import units
from intranet.assessments.units import Place
from intranet.documents import CENTER
from intranet.documents import LEFT
from intranet.documents import LEFT_CM
from intranet.documents import RIGHT
from intranet.documents import RIGHT_CM
from intranet.documents import TEXT_WIDTH_CM
from intranet.models import AppraisalMeeting
from intranet.models import AppraisalVote
from intranet.models import Assessment
from intranet.models import AssessmentStatus
from intranet.models import ChairDecision
from intranet.models import CriteriaSet
from intranet.models import db
from intranet.models import SetKind
from intranet.models import UnitKind
from intranet.models import Village

# A paper's table: its headers and its rows of text (the document's and the workbook's).
Table = tuple[list[str], list[list[str]]]
ACCEPTED = (AssessmentStatus.reviewed, AssessmentStatus.appraised, AssessmentStatus.decided)


@dataclass(frozen=True)
class UnitRow:
    """One unit in a paper's table: its own and reviewing totals and labels, and its vote."""

    number: int
    place: Place  # the village, or the commune or agency
    assessment: Assessment | None
    own_total: int | None
    review_total: int | None
    proposed: str  # the label the police propose (reviewed), or the state when not yet
    vote: AppraisalVote | None = None


def points(criteria_set: CriteriaSet) -> bool:
    """True when the set scores points (its papers show totals, not only labels)."""
    return criteria_set.kind != SetKind.pass_fail


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def units_word(criteria_set: CriteriaSet) -> str:
    """What the papers call the units the set judges ("khu dân cư")."""
    if criteria_set.unit_kind == UnitKind.village:
        return _("residential areas")
    return criteria_set.unit_kind.label.lower()


def subject(criteria_set: CriteriaSet) -> str:
    """What the papers are about: the units reaching the set's first label (pass or fail),
    else the result of the set's scoring (its title)."""
    if criteria_set.kind == SetKind.pass_fail and criteria_set.levels:
        return _(
            "%(units)s that reach %(label)s",
            units=units_word(criteria_set),
            label=_lower_first(criteria_set.levels[0].label),
        )
    return _("the result of %(title)s", title=_lower_first(criteria_set.title))


def _totals(criteria_set: CriteriaSet, assessment: Assessment) -> tuple[int, int | None]:
    own = {line.criterion_id: line.self_score for line in assessment.lines}
    review = {line.criterion_id: line.review_score for line in assessment.lines}
    tree, levels = criteria_set.criteria, criteria_set.levels
    reviewed = assessment.review_by_id is not None
    return (
        scoring.result(tree, levels, own).total,
        scoring.result(tree, levels, review).total if reviewed else None,
    )


def _latest(found: Iterable[Assessment]) -> dict[tuple[int | None, int | None], Assessment]:
    """Per place (village id, unit id): the latest version of its assessment (a correction
    replaces the version it corrects)."""
    latest: dict[tuple[int | None, int | None], Assessment] = {}
    for assessment in sorted(found, key=lambda a: a.revision):
        latest[assessment.village_id, assessment.unit_id] = assessment
    return latest


def _key(place: Place) -> tuple[int | None, int | None]:
    return (place.id, None) if isinstance(place, Village) else (None, place.id)


def _assessments(criteria_set: CriteriaSet, year: int, *where: object) -> list[Assessment]:
    found = db.session.scalars(
        select(Assessment)
        .where(Assessment.set_id == criteria_set.id, Assessment.year == year, *where)
        .options(selectinload(Assessment.lines))
    )
    return sorted(_latest(found).values(), key=lambda a: a.unit_code)


def _row(
    number: int,
    criteria_set: CriteriaSet,
    assessment: Assessment,
    vote: AppraisalVote | None = None,
) -> UnitRow:
    own, review = _totals(criteria_set, assessment)
    proposed = (
        assessment.reviewed_label if assessment.status in ACCEPTED else assessment.status.label
    )
    return UnitRow(number, assessment.place, assessment, own, review, proposed, vote)


def proposal_rows(criteria_set: CriteriaSet, year: int) -> list[UnitRow]:
    """Every unit the set judges (the villages in code order, or the agencies as placed), with
    the latest version of its assessment of the set's year (three queries)."""
    found = {_key(a.place): a for a in _assessments(criteria_set, year)}
    rows = []
    for number, place in enumerate(units.of_kind(criteria_set.unit_kind), start=1):
        assessment = found.get(_key(place))
        if assessment is None:
            rows.append(UnitRow(number, place, None, None, None, _("Not started")))
        else:
            rows.append(_row(number, criteria_set, assessment))
    return rows


def ready(criteria_set: CriteriaSet, year: int) -> bool:
    """True when every unit's assessment of the year (its latest version) is accepted by the
    police or further: the proposal is final."""
    places = units.of_kind(criteria_set.unit_kind)
    latest = _latest(
        db.session.scalars(
            select(Assessment).where(Assessment.set_id == criteria_set.id, Assessment.year == year)
        )
    )
    accepted = [latest.get(_key(place)) for place in places]
    return bool(places) and all(a is not None and a.status in ACCEPTED for a in accepted)


def meeting_rows(criteria_set: CriteriaSet, meeting: AppraisalMeeting) -> list[UnitRow]:
    """The units the meeting appraised, with their votes."""
    votes = appraisal.of_meeting(meeting)
    covered = _assessments(criteria_set, meeting.year, Assessment.meeting_id == meeting.id)
    return [_row(n, criteria_set, a, vote=votes.get(a.id)) for n, a in enumerate(covered, start=1)]


def decision_rows(criteria_set: CriteriaSet, decision: ChairDecision) -> list[UnitRow]:
    """The units the decision names: those recognised (pass or fail: the set's first label),
    else every unit decided, by label (the scale's order) then village code."""
    decided = _assessments(criteria_set, decision.year, Assessment.decision_id == decision.id)
    order = {level.label: n for n, level in enumerate(criteria_set.levels)}
    if not points(criteria_set):
        top = criteria_set.levels[0].label if criteria_set.levels else None
        decided = [a for a in decided if a.decided_label == top]
    decided.sort(key=lambda a: (order.get(a.decided_label, len(order)), a.unit_code))
    rows = []
    for number, assessment in enumerate(decided, start=1):
        own, review = _totals(criteria_set, assessment)
        rows.append(
            UnitRow(number, assessment.place, assessment, own, review, assessment.decided_label)
        )
    return rows


def counts(criteria_set: CriteriaSet, labels: list[str]) -> list[tuple[str, int]]:
    """How many units reach each of the set's labels, in the scale's order (unknown labels last)."""
    known = [level.label for level in criteria_set.levels]
    found = {label: labels.count(label) for label in labels}
    extra = [label for label in found if label not in known]
    return [(label, found.get(label, 0)) for label in (*known, *extra)]


# The documents' pieces


def _day(day: date) -> dict[str, str]:
    return {"day": f"{day.day:02d}", "month": f"{day.month:02d}", "year": str(day.year)}


def _heading(
    document: WordDocument, issuer: tuple[str, str], number: str, year: int, day: date | None
) -> None:
    """The two columns: the body above and the body issuing, with the number; the national
    title with the place and date (dots when not yet signed)."""
    commune = current_app.config["COMMUNE_NAME"]
    left, right = layout.two_columns(document, LEFT_CM, RIGHT_CM)
    layout.line(left, issuer[0], 13)
    layout.line(left, issuer[1], 13, bold=True)
    layout.rule(left, 2.0, LEFT_CM)
    if number:
        layout.line(left, number, 13)
    if day is None:
        layout.national_title(right, commune, year)
        return
    layout.line(right, _("SOCIALIST REPUBLIC OF VIET NAM"), 12, bold=True)
    layout.line(right, _("Independence - Freedom - Happiness"), 13, bold=True)
    layout.rule(right, 6.0, RIGHT_CM)
    layout.line(
        right,
        _("%(place)s, day %(day)s month %(month)s %(year)s", place=commune, **_day(day)),
        14,
        italic=True,
    )


def _above() -> str:
    commune = current_app.config["COMMUNE_NAME"]
    return _("%(commune)s COMMUNE PEOPLE'S COMMITTEE", commune=commune.upper())


def _titled(document: WordDocument, kind: str, about: str) -> None:
    layout.line(document, "", 8)
    layout.line(document, kind, 14, bold=True)
    layout.line(document, about, 14, bold=True)
    layout.rule(document, 4.0, TEXT_WIDTH_CM)


def _section(document: WordDocument, number: int, title: str) -> None:
    layout.body(document, f"{layout.roman(number)}. {title}", bold=True)


def _article(document: WordDocument, number: int, text: str) -> Paragraph:
    paragraph = layout.body(document, _("Article %(number)d.", number=number) + " ", bold=True)
    layout.run(paragraph, text, 14)
    return paragraph


def _bases(document: WordDocument, criteria_set: CriteriaSet) -> None:
    for basis in layout.paragraphs(criteria_set.legal_basis):
        layout.body(document, _("Pursuant to %(basis)s;", basis=basis.rstrip(";.")), italic=True)


def _table(
    document: WordDocument, headers: list[str], rows: list[list[str]], widths: list[float]
) -> None:
    grid = layout.grid(document, 1 + max(len(rows), 1), widths)
    for cell, header in zip(grid.rows[0].cells, headers, strict=True):
        layout.fill(cell, header, 12, bold=True, align=CENTER)
    if not rows:
        merged = grid.rows[1].cells[0].merge(grid.rows[1].cells[-1])
        layout.fill(merged, _("None."), 12, bold=False, align=CENTER)
    for row, values in zip(grid.rows[1:], rows, strict=False):
        for index, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            align = LEFT if index == 1 or (index == len(values) - 1 and index > 1) else RIGHT
            layout.fill(cell, text, 12, bold=False, align=CENTER if index == 0 else align)


def _score(value: int | None) -> str:
    return "" if value is None else str(value)


def proposal_table(criteria_set: CriteriaSet, rows: list[UnitRow]) -> Table:
    """The proposal's list (Thống kê danh sách chấm điểm, mức đề xuất phân loại): the document's
    table and the workbook's rows."""
    if points(criteria_set):
        headers = [_("No."), _("Unit"), _("Own score"), _("Reviewing score"), _("Proposed rating")]
        body = [
            [
                str(r.number),
                r.place.display_name,
                _score(r.own_total),
                _score(r.review_total),
                r.proposed,
            ]
            for r in rows
        ]
    else:
        headers = [_("No."), _("Unit"), _("Own assessment"), _("Proposed rating")]
        body = [
            [
                str(r.number),
                r.place.display_name,
                r.assessment.proposed_label if r.assessment else "",
                r.proposed,
            ]
            for r in rows
        ]
    return headers, body


def _summary(document: WordDocument, criteria_set: CriteriaSet, labels: list[str]) -> None:
    units = units_word(criteria_set)
    for label, count in counts(criteria_set, labels):
        layout.body(
            document, _("- %(label)s: %(count)d %(units)s;", label=label, count=count, units=units)
        )


def proposal_docx(criteria_set: CriteriaSet, year: int) -> bytes:
    """The commune police's proposal to the chair, with the list of units and their ratings."""
    with force_locale("vi"):
        commune = current_app.config["COMMUNE_NAME"]
        rows = proposal_rows(criteria_set, year)
        document = layout.new_document()
        number = _("No. %(number)s/TTr-CAX", number="…")
        _heading(document, (_above(), _("COMMUNE POLICE")), number, year, None)
        _titled(
            document,
            _("PROPOSAL"),
            _(
                "Proposing to recognise %(subject)s in %(year)d",
                subject=subject(criteria_set),
                year=year,
            ),
        )
        layout.line(
            document,
            _("To: the Chair of the %(commune)s commune People's Committee.", commune=commune),
            14,
            after=6,
        )
        _bases(document, criteria_set)
        accepted = [r for r in rows if r.assessment and r.assessment.status in ACCEPTED]
        layout.body(
            document,
            _(
                "The commune police, standing office of the steering committee, received the "
                "scoring of %(count)d %(units)s for %(year)d and reviewed it; %(accepted)d are "
                "reviewed and accepted. The result is as follows:",
                count=sum(1 for r in rows if r.assessment),
                units=units_word(criteria_set),
                year=year,
                accepted=len(accepted),
            ),
        )
        _section(document, 1, _("LIST OF SCORES AND PROPOSED RATINGS"))
        headers, body = proposal_table(criteria_set, rows)
        widths = [1.2, 6.3, 2.6, 2.6, 3.8] if points(criteria_set) else [1.2, 6.3, 4.5, 4.5]
        _table(document, headers, body, widths)
        layout.line(document, "", 6)
        _section(document, 2, _("SUMMARY"))
        _summary(document, criteria_set, [r.proposed for r in accepted])
        waiting = len(rows) - len(accepted)
        if waiting:
            layout.body(
                document,
                _(
                    "- Not yet reviewed and accepted: %(count)d %(units)s.",
                    count=waiting,
                    units=units_word(criteria_set),
                ),
            )
        _section(document, 3, _("WHAT IS PROPOSED"))
        layout.body(
            document,
            _(
                "The commune police propose that the steering committee appraise, and the Chair of "
                "the commune People's Committee consider and recognise, the results above."
            ),
        )
        left, right = layout.two_columns(document, 7.0, 9.5)
        layout.line(left, _("Recipients:"), 12, bold=True, italic=True, align=LEFT)
        for name in (_("As above"), _("The steering committee (to appraise)")):
            layout.line(left, f"- {name};", 11, align=LEFT)
        layout.line(left, _("- Filed: commune police."), 11, align=LEFT)
        layout.line(right, _("HEAD OF THE COMMUNE POLICE"), 14, bold=True)
    return layout.to_bytes(document)


def _time(meeting: AppraisalMeeting) -> str:
    if meeting.starts_at is None:
        return "…"
    return _(
        "%(hours)s:%(minutes)s",
        hours=f"{meeting.starts_at.hour:02d}",
        minutes=f"{meeting.starts_at.minute:02d}",
    )


def minutes_table(criteria_set: CriteriaSet, rows: list[UnitRow]) -> Table:
    """Each unit the meeting appraised: the reviewing result, the votes, the label agreed."""
    first = _("Reviewing score") if points(criteria_set) else _("Proposed rating")
    headers = [_("No."), _("Unit"), first, _("For"), _("Against"), _("Rating agreed")]
    body = []
    for r in rows:
        shown = _score(r.review_total) if points(criteria_set) else r.proposed
        vote = r.vote
        body.append(
            [
                str(r.number),
                r.place.display_name,
                shown,
                str(vote.votes_for) if vote else "",
                str(vote.votes_against) if vote else "",
                vote.conclusion if vote else r.proposed,
            ]
        )
    return headers, body


def minutes_docx(criteria_set: CriteriaSet, meeting: AppraisalMeeting) -> bytes:
    """The steering committee's appraisal meeting record, with each unit's vote."""
    with force_locale("vi"):
        rows = meeting_rows(criteria_set, meeting)
        units = units_word(criteria_set)
        document = layout.new_document()
        _heading(document, (_above(), _("STEERING COMMITTEE")), "", meeting.year, meeting.held_on)
        _titled(
            document,
            _("RECORD"),
            _(
                "Appraisal meeting: %(subject)s in %(year)d",
                subject=subject(criteria_set),
                year=meeting.year,
            ),
        )
        _section(document, 1, _("TIME AND PLACE"))
        held = meeting.held_on
        layout.body(
            document,
            _(
                "At %(time)s on %(day)s/%(month)s/%(year)s, at %(place)s.",
                time=_time(meeting),
                place=meeting.place or "…",
                **_day(held),
            ),
        )
        _section(document, 2, _("PARTICIPANTS"))
        layout.body(document, _("Chair: %(name)s.", name=meeting.chaired_by or "…"))
        layout.body(document, _("Secretary: %(name)s.", name=meeting.secretary or "…"))
        if meeting.members_present is not None:
            layout.body(document, _("Members present: %(count)d.", count=meeting.members_present))
        layout.body(document, _("Attending:"))
        for text in layout.paragraphs(meeting.attendees):
            layout.body(document, text)
        _section(document, 3, _("CONTENT"))
        layout.body(
            document,
            _(
                "The commune police, standing office of the steering committee, reported the "
                "scoring and review of %(count)d %(units)s; the members discussed each one and "
                "voted.",
                count=len(rows),
                units=units,
            ),
        )
        layout.body(document, _("Opinions of the members:"))
        for text in layout.paragraphs(meeting.opinions) or [_("No other opinion.")]:
            layout.body(document, text)
        _section(document, 4, _("VOTES AND CONCLUSION"))
        headers, body = minutes_table(criteria_set, rows)
        _table(document, headers, body, [1.2, 5.0, 2.4, 1.9, 1.9, 4.1])
        layout.line(document, "", 6)
        if meeting.votes_for or meeting.votes_against:
            whole = _(
                "On the list as a whole: %(votes_for)d for, %(votes_against)d against.",
                votes_for=meeting.votes_for,
                votes_against=meeting.votes_against,
            )
            layout.body(document, whole)
        agreed = [r.vote.conclusion if r.vote else r.proposed for r in rows]
        _summary(document, criteria_set, agreed)
        layout.body(
            document,
            _(
                "The committee agrees to propose that the Chair of the commune People's Committee "
                "decide on the results above."
            ),
        )
        layout.body(
            document,
            _(
                "The meeting closed the same day; the record was read to those present, who agreed "
                "with it."
            ),
        )
        left, right = layout.two_columns(document, 8.0, 8.5)
        layout.line(left, _("SECRETARY"), 13, bold=True)
        layout.line(right, _("CHAIR OF THE MEETING"), 13, bold=True)
        for _blank in range(4):
            layout.line(left, "", 14)
            layout.line(right, "", 14)
        layout.line(left, meeting.secretary, 14, bold=True)
        layout.line(right, meeting.chaired_by, 14, bold=True)
    return layout.to_bytes(document)


def decision_table(criteria_set: CriteriaSet, rows: list[UnitRow]) -> Table:
    """The decision's list: the units recognised (pass or fail), else each one's score and label."""
    if points(criteria_set):
        headers = [_("No."), _("Unit"), _("Score"), _("Rating")]
        body = [
            [str(r.number), r.place.display_name, _score(r.review_total), r.proposed] for r in rows
        ]
    else:
        # Every unit listed is recognised (the title says so): a column for notes instead.
        headers = [_("No."), _("Unit"), _("Note")]
        body = [[str(r.number), r.place.display_name, ""] for r in rows]
    return headers, body


def annex_title(criteria_set: CriteriaSet, year: int) -> str:
    """The decision's list's title (a sentence: its first letter capital)."""
    if points(criteria_set):
        title = _(
            "Result of %(title)s in %(year)d", title=_lower_first(criteria_set.title), year=year
        )
    else:
        title = _(
            "%(units)s recognised as %(label)s in %(year)d",
            units=units_word(criteria_set),
            label=_lower_first(criteria_set.levels[0].label),
            year=year,
        )
    return title[:1].upper() + title[1:]


def attached_to(decision: ChairDecision) -> str:
    """The line under the list's title naming the decision it belongs to."""
    return _(
        "(Attached to decision No. %(number)s of %(day)s/%(month)s/%(year)s of the Chair of the "
        "%(commune)s commune People's Committee)",
        number=decision.number,
        commune=current_app.config["COMMUNE_NAME"],
        **_day(decision.signed_on),
    )


def list_title(criteria_set: CriteriaSet, year: int) -> str:
    """The proposal list's title."""
    return _(
        "List of scores and proposed ratings: %(subject)s in %(year)d",
        subject=subject(criteria_set),
        year=year,
    )


def decision_docx(
    criteria_set: CriteriaSet, decision: ChairDecision, meeting: AppraisalMeeting | None
) -> bytes:
    """The chair's decision: the bases, the articles, the signature, the list on its own page."""
    with force_locale("vi"):
        commune = current_app.config["COMMUNE_NAME"]
        year = decision.year
        rows = decision_rows(criteria_set, decision)
        units = units_word(criteria_set)
        document = layout.new_document()
        issuer = (_("PEOPLE'S COMMITTEE"), _("%(commune)s COMMUNE", commune=commune.upper()))
        number = _("Document No. %(number)s", number=decision.number)
        _heading(document, issuer, number, year, decision.signed_on)
        _titled(
            document,
            _("DECISION"),
            _("Recognising %(subject)s in %(year)d", subject=subject(criteria_set), year=year),
        )
        layout.line(
            document,
            _("CHAIR OF THE %(commune)s COMMUNE PEOPLE'S COMMITTEE", commune=commune.upper()),
            14,
            bold=True,
            after=6,
        )
        _bases(document, criteria_set)
        if meeting is not None:
            layout.body(
                document,
                _(
                    "Pursuant to the record of the steering committee's appraisal meeting of "
                    "%(day)s/%(month)s/%(year)s;",
                    **_day(meeting.held_on),
                ),
                italic=True,
            )
        layout.body(document, _("At the proposal of the head of the commune police."), italic=True)
        layout.line(document, _("DECIDES:"), 14, bold=True, after=6)
        if points(criteria_set):
            _article(
                document,
                1,
                _(
                    "Recognise %(subject)s in %(year)d for %(count)d %(units)s (list attached):",
                    subject=subject(criteria_set),
                    year=year,
                    count=len(rows),
                    units=units,
                ),
            )
            _summary(document, criteria_set, [r.proposed for r in rows])
        else:
            _article(
                document,
                1,
                _(
                    "Recognise %(count)d %(units)s as %(label)s in %(year)d (list attached).",
                    count=len(rows),
                    units=units,
                    label=_lower_first(criteria_set.levels[0].label),
                    year=year,
                ),
            )
        _article(document, 2, _("This decision takes effect from the day it is signed."))
        _article(
            document,
            3,
            _(
                "The Office of the commune People's Council and People's Committee, the "
                "commune police, the heads of the %(units)s named in Article 1 and the bodies "
                "concerned carry out this decision.",
                units=units,
            ),
        )
        layout.recipients_and_signature(
            document,
            _("ON BEHALF OF THE PEOPLE'S COMMITTEE"),
            _("CHAIR"),
            decision.signer,
            extra=(_("As in Article 3"),),
        )
        document.add_page_break()
        layout.line(document, _("LIST"), 14, bold=True)
        layout.line(document, annex_title(criteria_set, year), 14, bold=True)
        layout.line(document, attached_to(decision), 14, italic=True, after=6)
        headers, body = decision_table(criteria_set, rows)
        widths = [1.2, 8.0, 2.3, 5.0] if points(criteria_set) else [1.2, 10.3, 5.0]
        _table(document, headers, body, widths)
    return layout.to_bytes(document)
