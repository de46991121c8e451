"""Attached files served through their record's rights check (issue 16).

An attachment is seen exactly by those who may see its record: the record is loaded and
``require``d as its own page would be (404 when hidden). Images are JPEGs the server wrote
itself and are shown inline; PDFs are always a download. Every answer says ``nosniff`` and
names the file safely (RFC 6266 with a UTF-8 ``filename*``). An approved entry's files may
stay in the browser's private cache but are checked again each time (``private, no-cache``
with an ETag, so a repeat costs one 304); anything not yet approved is ``no-store``, like the
pages that show it, so a shared tablet keeps nothing after sign-out.
"""

import io

from flask import Blueprint
from flask import request
from flask import Response
from sqlalchemy import select
from werkzeug.utils import send_file

from intranet.models import ActivityLog
from intranet.models import Attachment
from intranet.models import AttachmentContent
from intranet.models import AttachmentKind
from intranet.models import db
from intranet.models import LogStatus
from intranet.permissions import Action
from intranet.permissions import require

bp = Blueprint("attachments", __name__)


def load_attachment(attachment_id: int) -> tuple[Attachment, ActivityLog]:
    """The attachment and its record if the current user may see the record; 404 otherwise."""
    attachment = db.get_or_404(Attachment, attachment_id)
    entry = db.session.get(ActivityLog, attachment.entry_id)
    require(Action.view_entry, entry)
    return attachment, entry


@bp.route("/attachments/<int:attachment_id>")
def show(attachment_id: int) -> Response:
    """The file itself: an image inline, a PDF as a download."""
    attachment, entry = load_attachment(attachment_id)
    return _file(attachment, entry, AttachmentContent.data, attachment.content.media_type)


@bp.route("/attachments/<int:attachment_id>/thumbnail")
def thumbnail(attachment_id: int) -> Response:
    """An image's small copy for pages and lists (404 for a PDF, which has none)."""
    attachment, entry = load_attachment(attachment_id)
    if attachment.kind != AttachmentKind.image:
        return Response(status=404)
    return _file(attachment, entry, AttachmentContent.thumbnail, "image/jpeg", small=True)


def _file(
    attachment: Attachment, entry: ActivityLog, column: object, media_type: str, small: bool = False
) -> Response:
    etag = f"{attachment.content_sha256}{'-t' if small else ''}"
    shared = entry.status == LogStatus.approved
    if shared and request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        data = db.session.scalar(
            select(column).where(AttachmentContent.sha256 == attachment.content_sha256)
        )
        response = send_file(
            io.BytesIO(data or b""),
            environ=request.environ,
            mimetype=media_type,
            as_attachment=attachment.kind == AttachmentKind.pdf,
            download_name=attachment.name,
            conditional=False,
            etag=False,
        )
    if shared:
        response.set_etag(etag)
        response.headers["Cache-Control"] = "private, no-cache"
    else:
        response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Nothing in a served file may run or load anything, even if a browser tried.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
