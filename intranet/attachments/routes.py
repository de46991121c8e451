"""Attached files served through their record's rights check (issue 16).

An attachment is seen exactly by those who may see its record: the record is loaded and
``require``d as its own page would be (404 when hidden): an entry, a mediation case, a tip, an
award or gift (the register), a security team (the village page). Images are JPEGs the server wrote
itself and are shown inline; PDFs are always a download. Every answer says ``nosniff`` and
names the file safely (RFC 6266 with a UTF-8 ``filename*``). An approved entry's files may
stay in the browser's private cache but are checked again each time (``private, no-cache``
with an ETag, so a repeat costs one 304), as may an award's, a gift's or a team's decision;
anything not yet approved is ``no-store``, like the
pages that show it, so a shared tablet keeps nothing after sign-out. A tip's files are the
police's alone (404 for anyone else, as the tip itself), opened from their seal for the answer
and never cached anywhere (``no-store``).

Three sizes of an image: the file (1600 px), its ``thumbnail`` (320 px, the record's page and
forms) and its ``icon`` (a 128 px square, about 3 KB: every list that draws photos at 44–64 px),
each through the same check and with the same headers.
"""

import io

from flask import Blueprint
from flask import request
from flask import Response
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.utils import send_file

from intranet import evidence
from intranet.models import ActivityLog
from intranet.models import Attachment
from intranet.models import AttachmentContent
from intranet.models import AttachmentKind
from intranet.models import db
from intranet.models import LogStatus
from intranet.models import MediationCase
from intranet.models import SecurityTeam
from intranet.models import Tip
from intranet.permissions import Action
from intranet.permissions import require
from intranet.rendering import render_error
from intranet.sealing import UnreadableInformant

bp = Blueprint("attachments", __name__)


def load_attachment(attachment_id: int) -> tuple[Attachment, bool]:
    """The attachment if the current user may see its record (404 otherwise), and whether
    it may stay in the browser's private cache (an approved entry's file)."""
    attachment = db.get_or_404(Attachment, attachment_id)
    if attachment.tip_id is not None:
        require(Action.view_tip, db.session.get(Tip, attachment.tip_id))
        return attachment, False
    if attachment.case_id is not None:  # the parties' rule: justice, police, the village
        require(Action.view_case, db.session.get(MediationCase, attachment.case_id))
        return attachment, False
    if attachment.award_id is not None or attachment.gift_id is not None:
        require(Action.view_awards)  # the register's decisions and certificates
        return attachment, True
    if attachment.team_id is not None:  # the chair's decision, on the village page
        require(Action.view_villages, db.session.get(SecurityTeam, attachment.team_id).village)
        return attachment, True
    entry = db.session.get(ActivityLog, attachment.entry_id)
    require(Action.view_entry, entry)
    return attachment, entry.status == LogStatus.approved


@bp.route("/attachments/<int:attachment_id>")
def show(attachment_id: int) -> Response:
    """The file itself: an image inline, a PDF as a download."""
    attachment, shared = load_attachment(attachment_id)
    return _file(attachment, shared, AttachmentContent.data, attachment.content.media_type)


@bp.route("/attachments/<int:attachment_id>/thumbnail")
def thumbnail(attachment_id: int) -> Response:
    """An image's small copy for pages and lists (404 for a PDF, which has none)."""
    attachment, shared = load_attachment(attachment_id)
    if attachment.kind != AttachmentKind.image:
        return Response(status=404)
    return _file(attachment, shared, AttachmentContent.thumbnail, "image/jpeg", suffix="-t")


@bp.route("/attachments/<int:attachment_id>/icon")
def icon(attachment_id: int) -> Response:
    """An image's square for lists (404 for a PDF); made from the thumbnail the first time for
    an image stored before icons existed."""
    attachment, shared = load_attachment(attachment_id)
    if attachment.kind != AttachmentKind.image:
        return Response(status=404)
    return _file(attachment, shared, None, "image/jpeg", suffix="-i")


def _sealed_without_key() -> Response:
    return render_error(
        500,
        _(
            "This file is sealed with a key this server does not have. "
            "Report it to the administrator."
        ),
    )


def _file(
    attachment: Attachment,
    shared: bool,
    column: object | None,
    media_type: str,
    suffix: str = "",
) -> Response:
    """``column``: the stored bytes to answer with; None for the icon (made when missing)."""
    etag = f"{attachment.content_sha256}{suffix}"
    if shared and request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        try:
            if column is None:
                stored = evidence.stored_icon(attachment.content)
                if stored is None:  # a thumbnail that would not open: send it as it is
                    column = AttachmentContent.thumbnail
            if column is not None:
                stored = db.session.scalar(
                    select(column).where(AttachmentContent.sha256 == attachment.content_sha256)
                )
            data = evidence.opened(attachment.content, stored)
        except UnreadableInformant:
            return _sealed_without_key()
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
