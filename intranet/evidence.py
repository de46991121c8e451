"""Photos and scanned documents: checked, re-encoded, stored with their record (issue 16).

Every uploaded image is opened by Pillow with a pixel limit (a decompression bomb is refused
before it is decoded), turned upright from its EXIF orientation, scaled to at most 1600 px on
its long side and written again as a new JPEG. Nothing of the original survives: no EXIF, XMP
or IPTC field (GPS position, device, owner), no ICC profile, no trailing bytes where a script
could hide. A 320 px thumbnail is kept beside it for the record's page, and a 128 px square
icon for lists, which draw photos at 44–64 px (about 3 KB, where the thumbnail is 13). A PDF
is checked by its bytes (the ``%PDF-`` header and the ``%%EOF`` trailer), then rewritten by
qpdf (pikepdf) without what could say who made it or run anything: no /Info (author, creator,
producer, dates), no XMP metadata, no JavaScript, open or automatic actions, launch or
form-submitting actions, no embedded or attached files; one protected by a password is
refused. It is served only as a download. Anything else (an SVG, an HTML page renamed ``.jpg``,
a damaged photo) is refused with a message naming the file, and nothing of the form is saved.

``prepare_uploads`` does the checking and re-encoding before any database write (a form
posted twice must find its first row first, see ``saving.add_once``); ``attach`` stores what
was prepared. The model and where the bytes live: ``models/attachments.py``.
"""

import ctypes
import ctypes.util
import hashlib
import io
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from math import ceil
from typing import Any

import pikepdf
from flask import current_app
from flask import Request
from flask import request
from flask_babel import gettext as _
from PIL import Image
from PIL import ImageOps
from PIL import UnidentifiedImageError
from sqlalchemy import case
from sqlalchemy import delete
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from intranet import audit
from intranet import sealing
from intranet.models import ActivityLog
from intranet.models import Attachment
from intranet.models import AttachmentContent
from intranet.models import AttachmentKind
from intranet.models import AuditEvent
from intranet.models import Award
from intranet.models import db
from intranet.models import Gift
from intranet.models import MediationCase
from intranet.models import SecurityTeam
from intranet.models import Tip
from intranet.models import User

Record = ActivityLog | MediationCase | Tip | Award | Gift | SecurityTeam

LONG_SIDE = 1600
THUMBNAIL_SIDE = 320
JPEG_QUALITY = 80
THUMBNAIL_QUALITY = 70
# Lists draw a photo as a 44–64 px square (object-fit: cover): a 128 px square covers it on a
# screen of two device pixels per CSS pixel. JPEG like the rest (every browser, every tool);
# WebP would save 0.7 KB of its 3 KB.
ICON_SIDE = 128
ICON_QUALITY = 70
MB = 1024 * 1024
ACCEPTED_IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")
# Bytes that say "this is markup, not a photo", looked for at the start of a file.
MARKUP_STARTS = (b"<svg", b"<?xml", b"<!doctype", b"<html", b"<head", b"<body", b"<script")


class Refused(ValueError):
    """A file the intranet will not keep; ``status`` is 413 (too large) or 422 (not valid)."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Prepared:
    """A file ready to store: re-encoded bytes, their digest, a thumbnail for images."""

    name: str
    kind: AttachmentKind
    media_type: str
    data: bytes
    thumbnail: bytes | None
    width: int | None
    height: int | None
    icon: bytes | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def limit(name: str) -> int:
    """One of the ATTACHMENT_* settings (config.py)."""
    return int(current_app.config[f"ATTACHMENT_{name}"])


def accepts_uploads(view: Any) -> Any:
    """Mark a view whose form carries files: its requests may be as large as UPLOAD_MAX_REQUEST.

    Every other request keeps MAX_CONTENT_LENGTH. The limit must be known before Flask-WTF
    reads the form for its CSRF check, hence a mark on the view read by ``UploadAwareRequest``.
    """
    view.accepts_uploads = True
    return view


class UploadAwareRequest(Request):
    """Flask's request, with the larger body limit for files sent to views marked
    ``accepts_uploads`` (a multipart body); any other body keeps MAX_CONTENT_LENGTH."""

    @property
    def max_content_length(self) -> int | None:  # type: ignore[override]
        multipart = self.mimetype == "multipart/form-data"  # a form without files keeps 2 MB
        if self._max_content_length is None and multipart and self.endpoint and current_app:
            view = current_app.view_functions.get(self.endpoint)
            if getattr(view, "accepts_uploads", False):
                return int(current_app.config["UPLOAD_MAX_REQUEST"])
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value


def uploads(field_name: str = "attachments") -> list[FileStorage]:
    """The files a form sent under this name, without the empty part of an unused input."""
    return [f for f in request.files.getlist(field_name) if f and (f.filename or "").strip()]


def clean_name(filename: str, extension: str) -> str:
    """The sender's file name without path, control or markup characters, and our extension."""
    base = unicodedata.normalize("NFC", filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = "".join(
        c for c in stem if unicodedata.category(c)[0] not in "CZ" or c == " "
    )  # no control, format or separator characters but the plain space
    stem = "".join(c for c in stem if c not in '<>:"|?*;').strip(" .")[:80]
    return f"{stem or 'tep'}.{extension}"


def prepare_uploads(
    files: Iterable[FileStorage], already: int = 0, stored: int = 0
) -> list[Prepared]:
    """Check and re-encode every file, or refuse the lot with the first file's problem.

    ``already`` and ``stored`` are the record's current count and stored bytes, so the record's
    limits (ATTACHMENT_MAX_COUNT files, ATTACHMENT_MAX_TOTAL bytes) hold across several edits.
    """
    files = list(files)
    if already + len(files) > limit("MAX_COUNT"):
        raise Refused(
            _(
                "A record keeps at most %(count)d files; it has %(already)d and you sent "
                "%(sent)d. Choose fewer files.",
                count=limit("MAX_COUNT"),
                already=already,
                sent=len(files),
            ),
            413,
        )
    try:
        prepared = [prepare(f) for f in files]
    finally:
        release_memory()
    total = stored + sum(len(p.data) for p in prepared)
    if total > limit("MAX_TOTAL"):
        raise Refused(
            _(
                "A record keeps at most %(size)s of files in all; these would make %(total)s. "
                "Send fewer or smaller files.",
                size=_megabytes(limit("MAX_TOTAL")),
                total=_megabytes(total),
            ),
            413,
        )
    return prepared


def prepare(upload: FileStorage) -> Prepared:
    """One file checked and made safe to keep: a new JPEG and its thumbnail, or a real PDF."""
    shown = (upload.filename or "").strip()[:80] or _("(no name)")
    data = upload.stream.read(limit("MAX_FILE") + 1)
    if len(data) > limit("MAX_FILE"):
        raise Refused(
            _(
                "“%(name)s” is larger than %(size)s. Take the photo at a lower resolution, "
                "or scan the document again in black and white.",
                name=shown,
                size=_megabytes(limit("MAX_FILE")),
            ),
            413,
        )
    if not data:
        raise Refused(_("“%(name)s” is empty.", name=shown))
    if data.startswith(b"%PDF-"):
        return _prepare_pdf(data, upload.filename or "", shown)
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(MARKUP_STARTS):
        raise Refused(
            _(
                "“%(name)s” is a web page or an SVG drawing, not a photo, whatever its name "
                "says. Send photos (JPEG, PNG, WebP) or PDF scans only.",
                name=shown,
            )
        )
    return _prepare_image(data, upload.filename or "", shown)


def _prepare_pdf(data: bytes, filename: str, shown: str) -> Prepared:
    if len(data) > limit("MAX_PDF"):
        raise Refused(
            _(
                "The PDF “%(name)s” is larger than %(size)s. Scan it again at a lower "
                "resolution or in black and white.",
                name=shown,
                size=_megabytes(limit("MAX_PDF")),
            ),
            413,
        )
    if b"%%EOF" not in data[-1024:]:
        raise Refused(
            _(
                "“%(name)s” is not a complete PDF (perhaps cut off while sending). Send it again.",
                name=shown,
            )
        )
    return Prepared(
        name=clean_name(filename, "pdf"),
        kind=AttachmentKind.pdf,
        media_type="application/pdf",
        data=_clean_pdf(data, shown),
        thumbnail=None,
        width=None,
        height=None,
    )


# Keys dropped wherever they appear: metadata, actions that run on opening or on an event,
# scripts, attached files, XFA forms (which carry scripts), private application data.
PDF_DROPPED_KEYS = (
    "/Info", "/Metadata", "/OpenAction", "/AA", "/JavaScript", "/JS", "/EmbeddedFiles",
    "/FS", "/EF", "/XFA", "/PieceInfo", "/AF", "/Collection",
)  # fmt: skip
# Actions that run a script, start a program, send or fetch data or open an attached file.
PDF_UNSAFE_ACTIONS = (
    "/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE", "/RichMediaExecute",
    "/Rendition", "/Sound", "/Movie",
)  # fmt: skip


def _clean_pdf(data: bytes, shown: str) -> bytes:
    """The PDF written again by qpdf with none of PDF_DROPPED_KEYS and no unsafe action.

    Every object reachable from the trailer is visited once; what is no longer reachable (an
    attached file, the XMP stream, an earlier revision's leftovers) is not written at all.
    """
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            _strip_pdf(pdf)
            out = io.BytesIO()
            pdf.save(out, encryption=False, deterministic_id=True, fix_metadata_version=False)
    except pikepdf.PasswordError as error:
        raise Refused(
            _(
                "The PDF “%(name)s” is protected by a password. Send a copy without the password.",
                name=shown,
            )
        ) from error
    except (pikepdf.PdfError, ValueError, RecursionError) as error:
        raise Refused(
            _("“%(name)s” is a damaged PDF we cannot read. Scan or save it again.", name=shown)
        ) from error
    return out.getvalue()


def _strip_pdf(pdf: pikepdf.Pdf) -> None:
    stack: list[Any] = [pdf.trailer]
    seen: set[tuple[int, int]] = set()
    while stack:
        node = stack.pop()
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        if isinstance(node, pikepdf.Array):
            stack.extend(item for item in node if _container(item))
            continue
        if node.get("/S") in PDF_UNSAFE_ACTIONS:
            for key in list(node.keys()):
                del node[key]  # an empty action does nothing
            continue
        if node.get("/Subtype") == "/FileAttachment":
            node["/Subtype"] = pikepdf.Name("/Text")  # a note left without its file
        for key in list(node.keys()):
            if key in PDF_DROPPED_KEYS:
                del node[key]
            else:
                value = node[key]
                if _container(value):
                    stack.append(value)


def _container(value: Any) -> bool:
    return isinstance(value, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream)


def _not_an_image(shown: str) -> Refused:
    return Refused(
        _(
            "“%(name)s” is not a photo we can read (JPEG, PNG or WebP) nor a PDF. "
            "If it is a photo, it may be damaged: send it again.",
            name=shown,
        )
    )


def _prepare_image(data: bytes, filename: str, shown: str) -> Prepared:
    """Open within the pixel limit, turn upright, scale, and write a new JPEG and thumbnail."""
    with warnings.catch_warnings():
        # Pillow warns, then raises, on huge images; our own limit below is lower still.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=ACCEPTED_IMAGE_FORMATS) as opened:
                if opened.width * opened.height > limit("MAX_PIXELS"):
                    raise _too_many_pixels(shown)
                if opened.format == "JPEG":
                    # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that still covers
                    # 1600 px: a 12-megapixel photo then costs a quarter of the work.
                    ratio = min(1.0, LONG_SIDE / max(opened.size))
                    opened.draft("RGB", (ceil(opened.width * ratio), ceil(opened.height * ratio)))
                # Only the first frame of an animated WebP or PNG is kept.
                opened.load()
                upright = ImageOps.exif_transpose(opened)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _too_many_pixels(shown) from error
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
            raise _not_an_image(shown) from error
    picture = _flatten(upright)
    picture.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
    small = picture.copy()
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    width, height, data = picture.width, picture.height, _jpeg(picture, JPEG_QUALITY)
    del picture, upright  # the full-size buffers go before the small copies are written
    return Prepared(
        name=clean_name(filename, "jpg"),
        kind=AttachmentKind.image,
        media_type="image/jpeg",
        data=data,
        thumbnail=_jpeg(small, THUMBNAIL_QUALITY),
        width=width,
        height=height,
        icon=_icon(small),
    )


def _icon(image: Image.Image) -> bytes:
    """The list's square: the middle of the picture, ICON_SIDE px, as a small JPEG."""
    square = ImageOps.fit(image, (ICON_SIDE, ICON_SIDE), Image.Resampling.LANCZOS)
    return _jpeg(square, ICON_QUALITY)


def icon_from_thumbnail(thumbnail: bytes) -> bytes:
    """The list's square made from a stored thumbnail (a file kept before icons existed)."""
    with Image.open(io.BytesIO(thumbnail), formats=("JPEG",)) as small:
        small.load()
        return _icon(_flatten(small))


def _libc() -> Any:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


LIBC = _libc()


def release_memory() -> None:
    """Give the decode and resize buffers back to the system after re-encoding.

    glibc raises its mmap threshold each time a large block is freed, so a photo's buffers of
    10–50 MB end up on the heap, which is kept after the request: a worker grew by 10–50 MB
    with each size of photo it saw (bench/NOTES.md, "Photos"). ``malloc_trim`` returns the
    free heap at once: 10–20 ms after a 12-megapixel photo, a few % of its re-encoding, and
    nothing after a request that made no large buffers. Elsewhere than glibc, nothing.
    """
    if LIBC is not None:
        LIBC.malloc_trim(0)


def _too_many_pixels(shown: str) -> Refused:
    return Refused(
        _(
            "“%(name)s” has more than %(count)d million pixels. "
            "Take the photo at a lower resolution.",
            name=shown,
            count=limit("MAX_PIXELS") // 1_000_000,
        ),
        413,
    )


def _flatten(image: Image.Image) -> Image.Image:
    """A new RGB image with the pixels only: transparency on white, no metadata carried over."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        clean = Image.new("RGB", rgba.size, "white")
        clean.paste(rgba, mask=rgba.getchannel("A"))
        return clean
    rgb = image.convert("RGB")
    clean = Image.new("RGB", rgb.size)
    clean.paste(rgb)
    return clean


def _jpeg(image: Image.Image, quality: int) -> bytes:
    """The image as a progressive JPEG with no EXIF, XMP, IPTC, comment or ICC profile."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def _megabytes(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= 10 * MB else f"{size / MB:.1f} MB"


def for_tip(tip_id: int) -> list[Attachment]:
    """The tip's attachments, oldest first, without their bytes (police only: callers check)."""
    return list(
        db.session.scalars(
            select(Attachment).where(Attachment.tip_id == tip_id).order_by(Attachment.id)
        )
    )


def opened(content: AttachmentContent, data: bytes | None) -> bytes | None:
    """The bytes to serve: a sealed file opened with the informant keys, others as stored."""
    if data is None or not content.sealed:
        return data
    return sealing.unseal_bytes(data)


def for_entry(entry_id: int) -> list[Attachment]:
    """The entry's attachments, oldest first, without their bytes."""
    return list(
        db.session.scalars(
            select(Attachment).where(Attachment.entry_id == entry_id).order_by(Attachment.id)
        )
    )


def usage(entry_id: int) -> tuple[int, int]:
    """How many files the entry has and how many bytes they take: its limits' starting point."""
    count, size = db.session.execute(
        select(func.count(Attachment.id), func.coalesce(func.sum(AttachmentContent.size), 0))
        .join(AttachmentContent)
        .where(Attachment.entry_id == entry_id)
    ).one()
    return int(count), int(size)


@dataclass(frozen=True)
class Summary:
    """What a list row shows of an entry's files: how many, and the first photo's thumbnail."""

    count: int
    first_image_id: int | None


def summaries(entry_ids: Iterable[int]) -> dict[int, Summary]:
    """Each listed entry's files in brief, in one query whatever the number of rows."""
    ids = list(entry_ids)
    if not ids:
        return {}
    first_image = func.min(
        case((Attachment.kind == AttachmentKind.image, Attachment.id), else_=None)
    )
    rows = db.session.execute(
        select(Attachment.entry_id, func.count(Attachment.id), first_image)
        .where(Attachment.entry_id.in_(ids))
        .group_by(Attachment.entry_id)
    )
    return {entry_id: Summary(int(count), image) for entry_id, count, image in rows}


def _store(prepared: Prepared, sealed: bool = False) -> str:
    """Keep the bytes once (content-addressed); the same photo sent again is not copied again.

    Sealed (a tip's file): the file, its thumbnail and its icon are Fernet tokens, keyed by the
    token's digest; a token is never the same twice, so sealed files are never shared.
    """
    data, thumbnail, icon = prepared.data, prepared.thumbnail, prepared.icon
    if sealed:
        data = sealing.seal_bytes(data)
        thumbnail = sealing.seal_bytes(thumbnail) if thumbnail is not None else None
        icon = sealing.seal_bytes(icon) if icon is not None else None
    sha256 = hashlib.sha256(data).hexdigest()
    if db.session.get(AttachmentContent, sha256) is None:
        content = AttachmentContent(
            sha256=sha256,
            media_type=prepared.media_type,
            size=len(prepared.data),
            width=prepared.width,
            height=prepared.height,
            data=data,
            thumbnail=thumbnail,
            icon=icon,
            sealed=sealed,
        )
        try:
            with db.session.begin_nested():  # the same bytes stored by another request just now
                db.session.add(content)
        except IntegrityError:  # the savepoint is rolled back; the other request's row stays
            if db.session.get(AttachmentContent, sha256) is None:
                raise
    return sha256


def owner_column(record: Record) -> Any:
    """The attachment column that points at this kind of record."""
    for kind, column in (
        (Tip, Attachment.tip_id),
        (MediationCase, Attachment.case_id),
        (Award, Attachment.award_id),
        (Gift, Attachment.gift_id),
        (SecurityTeam, Attachment.team_id),
    ):
        if isinstance(record, kind):
            return column
    return Attachment.entry_id


def files_of(record: Record) -> list[Attachment]:
    """The record's attachments, oldest first, without their bytes (callers check rights)."""
    column = owner_column(record)
    return list(
        db.session.scalars(select(Attachment).where(column == record.id).order_by(Attachment.id))
    )


def attach(record: Record, prepared: Iterable[Prepared], actor: User) -> list[Attachment]:
    """Store the prepared files on an entry, a case, a tip, an award, a gift or a team (the
    caller has checked its right).

    A tip's files are sealed with the informant keys: police-only, and unreadable at rest.
    """
    owner = {owner_column(record).key: record.id}
    added = []
    for item in prepared:
        attachment = Attachment(
            **owner,
            content_sha256=_store(item, sealed=isinstance(record, Tip)),
            kind=item.kind,
            name=item.name,
            added_by_id=actor.id,
        )
        db.session.add(attachment)
        added.append(attachment)
    db.session.flush()
    return added


def copy_all(source: ActivityLog, target: ActivityLog, actor: User) -> None:
    """Show the source entry's files on the target too (a correction starts with them)."""
    for attachment in for_entry(source.id):
        db.session.add(
            Attachment(
                entry_id=target.id,
                content_sha256=attachment.content_sha256,
                kind=attachment.kind,
                name=attachment.name,
                added_by_id=actor.id,
            )
        )
    db.session.flush()


def add_files(
    record: Record, prepared: list[Prepared], actor: User, token: str | None = None
) -> list[Attachment]:
    """Files added to a record after it was written (the caller has checked its right),
    audited with their names: a tip's audit says how many, never what they are called.

    ``token`` (the form's client_token) makes a form posted twice add its files once: the
    audit entry of the first post carries it.
    """
    if token and _already_added(record, token):
        return []
    added = attach(record, prepared, actor)
    if added:
        named = {} if isinstance(record, Tip) else {"names": [a.name for a in added]}
        if token:
            named["token"] = token
        audit.record("attachments_added", record, actor=actor, count=len(added), **named)
    return added


def _already_added(record: Record, token: str) -> bool:
    """Whether files were added to the record by a post carrying this token."""
    details = db.session.scalars(
        select(AuditEvent.details).where(
            AuditEvent.target_type == record.__tablename__,
            AuditEvent.target_id == record.id,
            AuditEvent.action == "attachments_added",
        )
    )
    return any((d or {}).get("token") == token for d in details)


def remove_files(record: Record, ids: Iterable[int], actor: User) -> list[Attachment]:
    """Take these of the record's files off it (others' ids are ignored), audited."""
    wanted = set(ids)
    gone = [a for a in files_of(record) if a.id in wanted]
    if gone:
        named = {} if isinstance(record, Tip) else {"names": [a.name for a in gone]}
        audit.record("attachments_removed", record, actor=actor, count=len(gone), **named)
        remove(gone)
    return gone


def usage_of(record: Record) -> tuple[int, int]:
    """How many files the record has and how many bytes they take."""
    count, size = db.session.execute(
        select(func.count(Attachment.id), func.coalesce(func.sum(AttachmentContent.size), 0))
        .join(AttachmentContent)
        .where(owner_column(record) == record.id)
    ).one()
    return int(count), int(size)


def files_by(column: Any, ids: Iterable[int]) -> dict[int, list[Attachment]]:
    """The files of each of these records (``column``: an owner column), in one query."""
    found: dict[int, list[Attachment]] = {}
    for attachment in db.session.scalars(
        select(Attachment).where(column.in_(list(ids))).order_by(Attachment.id)
    ):
        found.setdefault(getattr(attachment, column.key), []).append(attachment)
    return found


def counts(column: Any, ids: Iterable[int]) -> dict[int, int]:
    """How many files each of these records has (``column``: an owner column), in one query."""
    ids = list(ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(column, func.count(Attachment.id)).where(column.in_(ids)).group_by(column)
    )
    return {owner: int(count) for owner, count in rows}


def remove(attachments: Iterable[Attachment]) -> None:
    """Take files off their record, and their bytes too when no other record shows them."""
    digests = set()
    for attachment in attachments:
        digests.add(attachment.content_sha256)
        db.session.delete(attachment)
    db.session.flush()
    forget_unused(digests)


def forget_unused(digests: Iterable[str] | None = None) -> int:
    """Delete stored bytes that no attachment shows (these digests, or all); how many."""
    unused = ~exists().where(Attachment.content_sha256 == AttachmentContent.sha256)
    statement = delete(AttachmentContent).where(unused)
    if digests is not None:
        digests = list(digests)
        if not digests:
            return 0
        statement = statement.where(AttachmentContent.sha256.in_(digests))
    result = db.session.execute(statement.execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


def unused_contents() -> list[tuple[str, int]]:
    """Stored files that no record shows any more: (digest, size), for the cleanup command."""
    unused = ~exists().where(Attachment.content_sha256 == AttachmentContent.sha256)
    rows = db.session.execute(
        select(AttachmentContent.sha256, AttachmentContent.size)
        .where(unused)
        .order_by(AttachmentContent.sha256)
    )
    return [(sha, int(size)) for sha, size in rows]


def names(entry_id: int) -> list[str]:
    """The entry's file names, for its history's snapshot: what was attached at each step."""
    return [a.name for a in for_entry(entry_id)]


def stored_icon(content: AttachmentContent) -> bytes | None:
    """The list's square of an image as stored (sealed for a tip's file), made from its
    thumbnail and kept the first time it is asked for when the file predates icons.

    Written with ``icon IS NULL`` in the condition: two servers filling it at once keep one.
    Raises ``UnreadableInformant`` for a sealed thumbnail no configured key opens.
    """
    sha256 = content.sha256
    icon = db.session.scalar(
        select(AttachmentContent.icon).where(AttachmentContent.sha256 == sha256)
    )
    if icon is not None:
        return icon
    thumbnail = db.session.scalar(
        select(AttachmentContent.thumbnail).where(AttachmentContent.sha256 == sha256)
    )
    clear = opened(content, thumbnail)
    if clear is None:
        return None
    try:
        icon = icon_from_thumbnail(clear)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None  # a thumbnail that does not open: the list shows the thumbnail instead
    if content.sealed:
        icon = sealing.seal_bytes(icon)
    db.session.execute(
        update(AttachmentContent)
        .where(AttachmentContent.sha256 == sha256, AttachmentContent.icon.is_(None))
        .values(icon=icon)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return icon
