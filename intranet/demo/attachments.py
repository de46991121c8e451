"""The demo's attachments (issue 16): pictures drawn with Pillow, never photos of people.

Thirty entries get a "photo" (a village scene: sky, hills, a communal house, a banner) and
some a "scanned" attendance sheet (ruled lines, signatures, a red stamp); six settled mediation
cases get their signed record; the newest tip gets one photo, sealed like any tip's; a few
commendations get their certificate (a drawn page with a red border and a stamp, as a PDF or a
photo of it) and a few village security teams the chair's decision setting them up (a drawn
page with the national title and a stamp, as a PDF).
Every picture goes through ``evidence.prepare_uploads`` exactly as an upload would, so the
demo shows what the intranet really keeps.
"""

import io
import math
import random
from datetime import datetime

from PIL import Image
from PIL import ImageDraw
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from intranet import evidence
from intranet.models import ActivityLog
from intranet.models import Attachment
from intranet.models import Award
from intranet.models import CaseStatus
from intranet.models import db
from intranet.models import LogStatus
from intranet.models import MediationCase
from intranet.models import SecurityTeam
from intranet.models import Tip
from intranet.models import User

SEED = 16
ENTRIES_WITH_FILES = 30
CASES_WITH_FILES = 6
AWARDS_WITH_FILES = 5
TEAMS_WITH_FILES = 4
SKIES = ((135, 190, 235), (170, 205, 230), (240, 200, 150), (200, 215, 225))
GROUNDS = ((70, 130, 60), (110, 150, 70), (150, 110, 70), (90, 120, 80))


def _star(draw: ImageDraw.ImageDraw, cx: int, cy: int, radius: int, fill: tuple) -> None:
    """A five-pointed star (the flag's, the stamp's)."""
    points = []
    for n in range(10):
        r = radius if n % 2 == 0 else radius * 0.4
        angle = math.pi / 2 + n * math.pi / 5
        points.append((cx + r * math.cos(angle), cy - r * math.sin(angle)))
    draw.polygon(points, fill=fill)


def _scene(rng: random.Random, width: int = 1400, height: int = 1050) -> bytes:
    """A made-up village scene as a JPEG, the way a phone would send it."""
    picture = Image.new("RGB", (width, height), rng.choice(SKIES))
    draw = ImageDraw.Draw(picture)
    horizon = int(height * rng.uniform(0.45, 0.6))
    for _ in range(3):  # hills
        x = rng.randint(-200, width)
        draw.ellipse(
            (x, horizon - rng.randint(80, 220), x + rng.randint(400, 900), horizon + 300),
            fill=tuple(max(0, c - 20) for c in rng.choice(GROUNDS)),
        )
    draw.rectangle((0, horizon, width, height), fill=rng.choice(GROUNDS))
    # A communal house (nhà rông): a tall roof on stilts.
    left = rng.randint(width // 6, width // 2)
    roof_w, roof_h = rng.randint(260, 380), rng.randint(320, 440)
    base = horizon + 60
    draw.polygon(
        [
            (left, base - 120),
            (left + roof_w // 2, base - 120 - roof_h),
            (left + roof_w, base - 120),
        ],
        fill=(120, 80, 40),
    )
    draw.rectangle((left + 30, base - 120, left + roof_w - 30, base - 40), fill=(160, 115, 70))
    for post in range(left + 40, left + roof_w - 30, 50):
        draw.rectangle((post, base - 40, post + 8, base + 20), fill=(90, 60, 30))
    # A red banner with a yellow star, as at every commune meeting.
    banner = (width - 520, horizon - 260, width - 120, horizon - 160)
    draw.rectangle(banner, fill=(200, 30, 30))
    cx, cy = banner[0] + 50, (banner[1] + banner[3]) // 2
    _star(draw, cx, cy, 32, (250, 220, 0))
    for row in range(3):
        y = banner[1] + 25 + row * 25
        draw.line((banner[0] + 100, y, banner[2] - 30, y), fill=(250, 220, 0), width=6)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)
    return out.getvalue()


def _sheet(rng: random.Random) -> bytes:
    """A made-up signed attendance sheet, as a scanner or a phone would send it."""
    picture = Image.new("RGB", (1240, 1754), (250, 250, 246))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((420, 120, 820, 150), fill=(60, 60, 60))  # the title
    for row in range(24):
        y = 260 + row * 52
        draw.line((120, y, 1120, y), fill=(170, 170, 170), width=2)
        draw.line((180, y + 35, 180 + rng.randint(250, 520), y + 35), fill=(40, 40, 90), width=3)
        x = rng.randint(820, 960)
        draw.arc((x, y + 8, x + 120, y + 48), 200, 340, fill=(30, 30, 120), width=3)  # a signature
    draw.ellipse((820, 1500, 1020, 1700), outline=(200, 20, 20), width=8)  # the stamp
    _star(draw, 920, 1600, 45, (200, 20, 20))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def _paper(rng: random.Random, certificate: bool) -> Image.Image:
    """A made-up official page: a certificate (red double border, a big title) or a decision
    (the national title at the top right, ruled text); both signed and stamped."""
    page = Image.new("RGB", (1240, 1754) if not certificate else (1754, 1240), (252, 250, 240))
    draw = ImageDraw.Draw(page)
    width, height = page.size
    if certificate:
        draw.rectangle((40, 40, width - 40, height - 40), outline=(190, 30, 30), width=14)
        draw.rectangle((70, 70, width - 70, height - 70), outline=(220, 170, 40), width=6)
        _star(draw, width // 2, 220, 70, (200, 20, 20))
        draw.rectangle((width // 2 - 420, 330, width // 2 + 420, 400), fill=(190, 30, 30))
        lines = range(480, 820, 60)
    else:
        draw.rectangle((80, 100, 480, 125), fill=(60, 60, 60))  # the commune committee
        draw.rectangle((700, 100, 1160, 125), fill=(60, 60, 60))  # the national title
        draw.rectangle((770, 140, 1090, 160), fill=(90, 90, 90))
        draw.rectangle((420, 260, 820, 300), fill=(40, 40, 40))  # QUYẾT ĐỊNH
        lines = range(380, 1200, 44)
    for y in lines:
        draw.line((160, y, width - 160 - rng.randint(0, 300), y), fill=(80, 80, 110), width=4)
    x, y = width - 520, height - 420
    draw.arc((x, y + 120, x + 220, y + 190), 190, 350, fill=(30, 30, 120), width=4)  # signature
    draw.ellipse((x - 60, y, x + 160, y + 220), outline=(200, 20, 20), width=8)  # the stamp
    _star(draw, x + 50, y + 110, 45, (200, 20, 20))
    return page


def _as_pdf(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "PDF", resolution=150)
    return out.getvalue()


def _as_jpeg(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def _files(rng: random.Random, stem: str) -> list[evidence.Prepared]:
    uploads = [FileStorage(io.BytesIO(_scene(rng)), filename=f"{stem}.jpg")]
    if rng.random() < 0.4:
        uploads.append(FileStorage(io.BytesIO(_sheet(rng)), filename=f"{stem}-danh-sach.jpg"))
    return evidence.prepare_uploads(uploads)


def load_attachments() -> int:
    """Attach the demo's pictures unless there are attachments already; how many were added."""
    if db.session.scalar(select(Attachment.id).limit(1)) is not None:
        return 0
    rng = random.Random(SEED)
    entries = list(
        db.session.scalars(
            select(ActivityLog)
            .where(ActivityLog.status.in_([LogStatus.approved, LogStatus.submitted]))
            .order_by(ActivityLog.date.desc(), ActivityLog.id.desc())
            .limit(ENTRIES_WITH_FILES * 3)
        )
    )
    added = 0
    for number, entry in enumerate(rng.sample(entries, min(ENTRIES_WITH_FILES, len(entries)))):
        author = db.session.get(User, entry.author_id)
        files = evidence.attach(entry, _files(rng, f"anh-hoat-dong-{number + 1:02d}"), author)
        _uploaded_with(files, entry.created_at)
        added += len(files)
    closed = db.session.scalars(
        select(MediationCase)
        .where(MediationCase.status == CaseStatus.settled)
        .order_by(MediationCase.id)
        .limit(CASES_WITH_FILES)
    )
    for number, case in enumerate(closed):
        name = f"bien-ban-hoa-giai-{number + 1}.jpg"
        sheet = FileStorage(io.BytesIO(_sheet(rng)), filename=name)
        recorder = db.session.get(User, case.recorded_by_id)
        files = evidence.attach(case, evidence.prepare_uploads([sheet]), recorder)
        _uploaded_with(files, case.created_at)
        added += len(files)
    clerk = db.session.scalar(select(User).where(User.username == "admin"))
    awards = db.session.scalars(select(Award).order_by(Award.year.desc(), Award.id))
    for number, award in enumerate(list(awards)[:AWARDS_WITH_FILES]):
        paper = _paper(rng, certificate=True)
        if number % 2:  # a photo of the certificate, as a phone takes it
            sent = FileStorage(io.BytesIO(_as_jpeg(paper)), filename=f"giay-khen-{number + 1}.jpg")
        else:
            sent = FileStorage(io.BytesIO(_as_pdf(paper)), filename=f"giay-khen-{number + 1}.pdf")
        recorder = db.session.get(User, award.recorded_by_id) if award.recorded_by_id else clerk
        if recorder is not None:
            added += len(evidence.attach(award, evidence.prepare_uploads([sent]), recorder))
    teams = db.session.scalars(
        select(SecurityTeam)
        .where(SecurityTeam.decision_number != "")
        .order_by(SecurityTeam.id)
        .limit(TEAMS_WITH_FILES)
    )
    for team in teams:
        name = f"quyet-dinh-thanh-lap-to-{team.village.code}.pdf"
        sent = FileStorage(io.BytesIO(_as_pdf(_paper(rng, certificate=False))), filename=name)
        if clerk is not None:
            added += len(evidence.attach(team, evidence.prepare_uploads([sent]), clerk))
    tip = db.session.scalar(select(Tip).order_by(Tip.id.desc()).limit(1))
    if tip is not None:
        relayer = db.session.get(User, tip.relayed_by_id)
        photo = [FileStorage(io.BytesIO(_scene(rng, 1200, 900)), filename="anh-nguoi-dan-gui.jpg")]
        files = evidence.attach(tip, evidence.prepare_uploads(photo), relayer)
        _uploaded_with(files, tip.created_at)
        added += len(files)
    return added


def _uploaded_with(files: list[Attachment], moment: datetime | None) -> None:
    """The demo's files were sent with their record, not on the day the demo was loaded."""
    for attachment in files:
        attachment.added_at = moment or attachment.added_at
