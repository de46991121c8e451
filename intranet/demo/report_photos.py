"""The demo's report photos (issue 16, item 7): the leader's choice for the latest festival day.

Two photos for each section that may show some (the newest photos of approved entries of the
section's kinds in the festival period), chosen by the demo's leader through the same
``reports.photos.choose`` as the form, so they obey the same rules. The demo's attachments
(``demo/attachments.py``) go to the newest entries, most of them after 19 August; a section
without a photo in the period first gets a drawn one (a patrol at dusk, a meeting under a
banner: never a person's photo) on its newest approved entries, sent as an upload would be.
"""

import io
import random

from PIL import Image
from PIL import ImageDraw
from sqlalchemy import exists
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from intranet import evidence
from intranet.models import ActivityLog
from intranet.models import Attachment
from intranet.models import db
from intranet.models import ReportPhotoChoice
from intranet.models import Role
from intranet.models import User
from intranet.periods import festival_period
from intranet.reports import photos
from intranet.reports.figures import counted
from intranet.reports.routes import latest_year

PER_SECTION = 2
SEED = 19


def _picture(rng: random.Random) -> bytes:
    """A drawn scene: sky, hills, a road and a red flag; 1200 × 900, as a phone sends it."""
    picture = Image.new("RGB", (1200, 900), rng.choice([(120, 150, 200), (230, 170, 120)]))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((-200, 380, 700, 900), fill=(70, 120, 70))
    draw.ellipse((500, 420, 1500, 960), fill=(90, 140, 80))
    draw.polygon([(560, 900), (640, 900), (620, 520), (600, 520)], fill=(150, 130, 110))
    x = rng.randint(200, 900)
    draw.rectangle((x, 300, x + 8, 620), fill=(80, 60, 40))
    draw.rectangle((x + 8, 300, x + 150, 390), fill=(200, 30, 30))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=88)
    return out.getvalue()


def _give_photos(year: int, section: photos.PhotoSection, rng: random.Random) -> None:
    """Draw a photo onto the section's newest approved entries of the period that have none."""
    has_files = exists().where(Attachment.entry_id == ActivityLog.id)
    entries = db.session.scalars(
        select(ActivityLog)
        .where(
            counted(festival_period(year)),
            ActivityLog.kind.in_(photos.SECTION_KINDS[section]),
            ~has_files,
        )
        .order_by(ActivityLog.date.desc(), ActivityLog.id.desc())
        .limit(PER_SECTION)
    )
    for number, entry in enumerate(entries, start=1):
        upload = FileStorage(io.BytesIO(_picture(rng)), filename=f"anh-{section}-{number}.jpg")
        author = db.session.get(User, entry.author_id)
        for attachment in evidence.attach(entry, evidence.prepare_uploads([upload]), author):
            attachment.added_at = entry.created_at or attachment.added_at


def load_report_photos() -> int:
    """Choose photos for the latest report unless some were chosen; how many were chosen."""
    if db.session.scalar(select(ReportPhotoChoice.id).limit(1)) is not None:
        return 0
    leader = db.session.scalar(
        select(User).where(User.role == Role.leader, User.is_active.is_(True)).order_by(User.id)
    )
    if leader is None:
        return 0
    year, added, rng = latest_year(), 0, random.Random(SEED)
    for section in photos.SECTION_KINDS:
        if not photos.candidates(year, section, leader, None, []).rows:
            _give_photos(year, section, rng)
        page = photos.candidates(year, section, leader, None, [])
        ids = [photo.attachment_id for photo in page.rows[:PER_SECTION]]
        if ids:
            photos.choose(year, section, ids, leader, None)
            added += len(ids)
    db.session.flush()
    return added
