"""The demo's report photos (issue 16, item 7): the leader's choice for the latest festival day.

Up to two photos for each section that has some (the newest photos of approved entries of the
section's kinds in the festival period), chosen by the demo's leader through the same
``reports.photos.choose`` as the form, so they obey the same rules.
"""

from sqlalchemy import select

from intranet.models import db
from intranet.models import ReportPhotoChoice
from intranet.models import Role
from intranet.models import User
from intranet.reports import photos
from intranet.reports.routes import latest_year

PER_SECTION = 2


def load_report_photos() -> int:
    """Choose photos for the latest report unless some were chosen; how many were chosen."""
    if db.session.scalar(select(ReportPhotoChoice.id).limit(1)) is not None:
        return 0
    leader = db.session.scalar(
        select(User).where(User.role == Role.leader, User.is_active.is_(True)).order_by(User.id)
    )
    if leader is None:
        return 0
    year, added = latest_year(), 0
    for section in photos.SECTION_KINDS:
        page = photos.candidates(year, section, leader, None, [])
        ids = [photo.attachment_id for photo in page.rows[:PER_SECTION]]
        if ids:
            photos.choose(year, section, ids, leader, None)
            added += len(ids)
    db.session.flush()
    return added
