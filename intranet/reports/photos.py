"""The report's photos (issue 16, item 7): a few per section, chosen by a leader, on the page
and in the .docx.

What may be chosen for a section: the photos (image attachments) of approved entries of the
section's kinds (``SECTION_KINDS``) dated in the year's festival period that still count
(``figures.counted``: not replaced by an approved correction) and that the chooser may see
(``permissions.visible_logs``). Never a tip's file, a mediation case's (the parties' rule), a
draft's or a photo of another year: the choice is checked against the same query that lists
the candidates, so a forged id is refused (422) like any other.

Who chooses: whoever writes the report's words (``Action.choose_report_photos``, the leaders,
as ``write_narrative``). The choice is one versioned row per year and section
(``ReportPhotoChoice``): a stale form is refused (409) unless it asks for what is already
saved, so the same form sent twice answers as if saved once.

What is shown: the chosen photos whose entry still counts in the period shown. An entry later
replaced by an approved correction drops out with its photo (the correction's copy may be
chosen instead); a photo taken off its record takes its place in the choice with it (the
foreign key cascades). So the report never shows a photo its figures do not count.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy import tuple_
from sqlalchemy.exc import IntegrityError

from intranet import audit
from intranet import saving
from intranet.models import ActivityLog
from intranet.models import Attachment
from intranet.models import AttachmentContent
from intranet.models import AttachmentKind
from intranet.models import db
from intranet.models import LogKind
from intranet.models import PhotoSection
from intranet.models import ReportPhoto
from intranet.models import ReportPhotoChoice
from intranet.models import User
from intranet.models import utcnow
from intranet.pagination import Cursor
from intranet.pagination import keyset_page
from intranet.pagination import Page
from intranet.periods import festival_period
from intranet.periods import Period
from intranet.permissions import Action
from intranet.permissions import require
from intranet.permissions import visible_logs
from intranet.reports.figures import counted

PER_SECTION = 4
LARGEST_ID = 2**31 - 1  # attachment.id is an INTEGER: a larger number names no photo
PAGE_SIZE = 24
SECTION_KINDS: dict[PhotoSection, tuple[LogKind, ...]] = {
    PhotoSection.movement: (LogKind.patrol,),
    PhotoSection.activity: tuple(
        kind for kind in LogKind if kind not in (LogKind.patrol, LogKind.mediation)
    ),
    PhotoSection.mediation: (LogKind.mediation,),
}


class NotChosen(ValueError):
    """A choice refused as bad input (422): too many photos, or one that may not be chosen."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Photo:
    """A photo as the report shows it: its attachment, and its entry's title and date."""

    attachment_id: int
    entry_id: int
    title: str
    day: date
    width: int | None
    height: int | None

    @property
    def caption(self) -> str:
        """“Ảnh: <title> (<dd/mm/yyyy>)”, the .docx's caption (the page shows the same)."""
        return _("Photo: %(title)s (%(day)s)", title=self.title, day=f"{self.day:%d/%m/%Y}")


_COLUMNS = (
    Attachment.id,
    ActivityLog.id,
    ActivityLog.title,
    ActivityLog.date,
    AttachmentContent.width,
    AttachmentContent.height,
)


def _photo(row: tuple) -> Photo:  # type: ignore[type-arg]
    return Photo(*row[:6])


def _eligible(section: PhotoSection, period: Period, user: User) -> list:  # type: ignore[type-arg]
    """The WHERE clause of the photos that may be chosen for (or shown in) this section."""
    return [
        Attachment.kind == AttachmentKind.image,
        ActivityLog.kind.in_(SECTION_KINDS[section]),
        counted(period),
        visible_logs(user),
    ]


def _photos():  # type: ignore[no-untyped-def]
    """Attachments with their entry and size: only an entry's files ever join (an inner join
    on ``entry_id``, so a tip's or a case's file can never be among them)."""
    return (
        select(*_COLUMNS)
        .select_from(Attachment)
        .join(ActivityLog, Attachment.entry_id == ActivityLog.id)
        .join(AttachmentContent, Attachment.content_sha256 == AttachmentContent.sha256)
    )


def title(section: PhotoSection) -> str:
    """The section's title, as the report names it (intranet/reports/tables.py)."""
    return {
        PhotoSection.movement: _("The movement in figures"),
        PhotoSection.activity: _("What each organization did"),
        PhotoSection.mediation: _("Mediation at the grassroots"),
    }[section]


def eligible_photos(year: int, section: PhotoSection, user: User, ids: list[int]) -> list[Photo]:
    """Those of these photos that may be chosen for the section, in the order given."""
    if not ids:
        return []
    period = festival_period(year)
    query = _photos().where(Attachment.id.in_(ids), *_eligible(section, period, user))
    found = {row[0]: _photo(row) for row in db.session.execute(query)}
    return [found[photo_id] for photo_id in ids if photo_id in found]


def section_of(key: str) -> PhotoSection | None:
    """The section a URL names, None for a section without photos (tips, incidents …)."""
    try:
        return PhotoSection(key)
    except ValueError:
        return None


def chosen(year: int, period: Period, user: User) -> dict[str, list[Photo]]:
    """Every section's chosen photos that still count in the period shown: one query."""
    rows = db.session.execute(
        _photos()
        .add_columns(ReportPhotoChoice.section, ActivityLog.kind)
        .join(ReportPhoto, ReportPhoto.attachment_id == Attachment.id)
        .join(ReportPhotoChoice, ReportPhoto.choice_id == ReportPhotoChoice.id)
        .where(
            ReportPhotoChoice.year == year,
            Attachment.kind == AttachmentKind.image,
            counted(period),
            visible_logs(user),
        )
        .order_by(ReportPhotoChoice.section, ReportPhoto.position, ReportPhoto.id)
    ).all()
    shown: dict[str, list[Photo]] = {}
    for row in rows:
        section, kind = row[6], row[7]
        if kind in SECTION_KINDS[section]:  # an entry whose kind was corrected moves out
            shown.setdefault(section.value, []).append(_photo(row))
    return shown


def candidates(
    year: int, section: PhotoSection, user: User, cursor: Cursor | None, exclude: Iterable[int]
) -> Page[Photo]:
    """A page of the photos that may be chosen, newest entry first (the chosen ones apart)."""
    period = festival_period(year)
    excluded = list(exclude)

    def fetch(at: Cursor | None) -> list[tuple]:  # type: ignore[type-arg]
        query = _photos().where(*_eligible(section, period, user))
        if excluded:
            query = query.where(Attachment.id.not_in(excluded))
        key = tuple_(ActivityLog.date, Attachment.id)
        if at is not None and at.newer:
            query = query.where(key > at.key).order_by(ActivityLog.date, Attachment.id)
        else:
            if at is not None:
                query = query.where(key < at.key)
            query = query.order_by(ActivityLog.date.desc(), Attachment.id.desc())
        return list(db.session.execute(query.limit(PAGE_SIZE + 1)).all())

    page = keyset_page(fetch, cursor, lambda row: (row[3], row[0]), PAGE_SIZE)
    return Page([_photo(row) for row in page.rows], page.next_cursor, page.prev_cursor)


def choice_of(year: int, section: PhotoSection) -> ReportPhotoChoice | None:
    return db.session.scalar(
        select(ReportPhotoChoice).where(
            ReportPhotoChoice.year == year, ReportPhotoChoice.section == section
        )
    )


def current(year: int, section: PhotoSection, user: User) -> list[Photo]:
    """The section's chosen photos that may still be shown for the year's festival period."""
    return chosen(year, festival_period(year), user).get(section.value, [])


def parse_ids(values: Iterable[str]) -> list[int]:
    """The ticked photos' ids, in order, once each; anything but an id is refused (422)."""
    ids: list[int] = []
    for value in values:
        text = (value or "").strip()
        if not text.isascii() or not text.isdigit() or len(text) > 18 or int(text) > LARGEST_ID:
            raise NotChosen(_("The photos sent are not photos of this report. Choose again."))
        if int(text) not in ids:
            ids.append(int(text))
    return ids


def choose(
    year: int, section: PhotoSection, ids: list[int], user: User, shown_version: str | None
) -> ReportPhotoChoice:
    """Save the section's photos (replacing the earlier choice); the caller commits.

    Raises ``NotChosen`` (422) for too many photos or one that may not be chosen, and
    ``saving.Conflict`` (409) when another leader saved a different choice since the form
    was shown.
    """
    require(Action.choose_report_photos, user=user)
    if len(ids) > PER_SECTION:
        raise NotChosen(
            ngettext(
                "Choose at most %(num)d photo for a section.",
                "Choose at most %(num)d photos for a section.",
                PER_SECTION,
            )
        )
    period = festival_period(year)
    allowed = {photo.attachment_id for photo in eligible_photos(year, section, user, ids)}
    if any(photo_id not in allowed for photo_id in ids):
        raise NotChosen(
            _(
                "A photo sent cannot go into this section: choose among the photos of approved "
                "entries of this section dated from %(start)s to %(end)s.",
                start=f"{period.start:%d/%m/%Y}",
                end=f"{period.end:%d/%m/%Y}",
            )
        )
    choice = choice_of(year, section)
    if choice is not None and [p.attachment_id for p in choice.photos] == ids:
        return choice  # the same form sent again, or the same choice: nothing to change
    if choice is None:
        if shown_version:
            raise saving.Conflict(None)  # the choice the form showed was deleted meanwhile
        choice = ReportPhotoChoice(year=year, section=section)
        db.session.add(choice)
        try:
            with db.session.begin_nested():  # another leader's first choice, at the same time
                db.session.flush()
        except IntegrityError as error:
            raise saving.Conflict(None) from error
    else:
        saving.check_version(choice, shown_version)
    kept = {p.attachment_id: p for p in choice.photos}
    for photo in list(choice.photos):
        if photo.attachment_id not in ids:
            choice.photos.remove(photo)
    for position, photo_id in enumerate(ids):
        if photo_id in kept:
            kept[photo_id].position = position
        else:
            choice.photos.append(ReportPhoto(attachment_id=photo_id, position=position))
    choice.updated_by_id = user.id
    choice.updated_at = utcnow()  # the version moves even when only the photos changed
    audit.record(
        "report_photos_chosen", choice, actor=user, year=year, section=section.value, photos=ids
    )
    return choice


def image_bytes(photos: Iterable[Photo]) -> dict[int, bytes]:
    """The full images of these photos, for the .docx: one query. An entry's files are never
    sealed (only a tip's are), so the bytes are the JPEG the server wrote."""
    ids = [photo.attachment_id for photo in photos]
    if not ids:
        return {}
    rows = db.session.execute(
        select(Attachment.id, AttachmentContent.data)
        .join(AttachmentContent, Attachment.content_sha256 == AttachmentContent.sha256)
        .where(Attachment.id.in_(ids), AttachmentContent.sealed.is_(False))
    ).all()
    return {attachment_id: data for attachment_id, data in rows}
