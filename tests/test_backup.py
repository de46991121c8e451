"""`flask backup` copies the records and their attached files together, and a restore gives
them back (issue 16): on SQLite a database file, on PostgreSQL a pg_dump archive."""

import io
import shutil
import stat
import subprocess
import uuid

import pytest
from PIL import Image
from sqlalchemy import create_engine
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.engine import make_url
from werkzeug.datastructures import FileStorage

from intranet import evidence
from intranet.logs import workflow
from intranet.models import Attachment
from intranet.models import AttachmentContent
from intranet.models import db
from intranet.models import LogKind
from tests.clock import TODAY
from tests.conftest import POSTGRES_URI
from tests.factories import make_user
from tests.factories import PASSWORD
from tests.helpers import pdf


def _entry_with_files() -> tuple[int, bytes]:
    """A draft with a photo and a PDF, committed; the photo's stored bytes."""
    author = make_user("phunu")
    picture = io.BytesIO()
    Image.new("RGB", (900, 600), (120, 60, 20)).save(picture, "JPEG")
    uploads = [
        FileStorage(io.BytesIO(picture.getvalue()), filename="hop.jpg"),
        FileStorage(io.BytesIO(pdf()), filename="qd.pdf"),
    ]
    values = {
        "date": TODAY,
        "kind": LogKind.propaganda,
        "village_id": None,
        "title": "Họp dân",
        "description": "",
        "participants": 40,
    }
    workflow.create(author, values, None, files=evidence.prepare_uploads(uploads))
    db.session.commit()
    photo = db.session.scalar(select(Attachment).where(Attachment.name == "hop.jpg"))
    stored = db.session.scalar(
        select(AttachmentContent.data).where(AttachmentContent.sha256 == photo.content_sha256)
    )
    return photo.id, stored


def _served_by(app, attachment_id: int) -> bytes:
    """The photo as an app on the restored database serves it to its author."""
    client = app.test_client()
    with app.app_context():
        signed_in = client.post("/login", data={"username": "phunu", "password": PASSWORD})
        assert signed_in.status_code == 303
        response = client.get(f"/attachments/{attachment_id}")
        assert response.status_code == 200
        count = db.session.scalar(select(func.count(Attachment.id)))
        db.session.remove()
        db.engine.dispose()
    assert count == 2
    return response.data


@pytest.mark.sqlite_only
def test_a_sqlite_backup_holds_the_files_and_a_restored_copy_serves_them(
    runner, make_app, tmp_path
):
    attachment_id, stored = _entry_with_files()
    target = tmp_path / "backups" / "intranet.db"

    result = runner.invoke(args=["backup", str(target)])

    assert result.exit_code == 0, result.output
    restored = tmp_path / "restored" / "intranet.db"
    restored.parent.mkdir()
    shutil.copy(target, restored)  # the restore: the copy put in place of the database
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{restored}")
    assert _served_by(app, attachment_id) == stored


@pytest.mark.postgres_only
def test_a_postgresql_backup_holds_the_files_and_pg_restore_gives_them_back(
    runner, make_app, tmp_path
):
    attachment_id, stored = _entry_with_files()
    target = tmp_path / "intranet.dump"

    result = runner.invoke(args=["backup", str(target)])

    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    name = f"intranet_restore_{uuid.uuid4().hex[:8]}"
    server = make_url(POSTGRES_URI).set(database="postgres")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    restored = make_url(POSTGRES_URI).set(database=name)
    try:
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                f"--dbname={restored.set(drivername='postgresql').render_as_string(False)}",
                str(target),
            ],
            check=True,
            capture_output=True,
        )
        app = make_app(SQLALCHEMY_DATABASE_URI=restored.render_as_string(hide_password=False))
        assert _served_by(app, attachment_id) == stored
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_the_orphan_command_reports_unused_files_and_deletes_them_when_asked(runner):
    _entry_with_files()
    db.session.add(AttachmentContent(sha256="0" * 64, media_type="image/jpeg", size=3, data=b"abc"))
    db.session.commit()

    report = runner.invoke(args=["attachments", "orphans"])
    deleted = runner.invoke(args=["attachments", "orphans", "--delete"])
    again = runner.invoke(args=["attachments", "orphans"])

    assert report.exit_code == 0, report.output
    assert f"{'0' * 64}  3 bytes" in report.output
    assert "1 stored files (3 bytes)" in report.output
    assert "Deleted 1 stored files" in deleted.output
    assert "0 stored files (0 bytes)" in again.output
    assert db.session.scalar(select(func.count()).select_from(AttachmentContent)) == 2
