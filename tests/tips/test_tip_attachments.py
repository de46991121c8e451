"""A tip's photos (issue 16): relayed with the tip, sealed at rest with the informant keys,
seen by the police only, never cached."""

import io

import pytest
from cryptography.fernet import Fernet
from flask import Flask
from PIL import Image
from sqlalchemy import select

from intranet import sealing
from intranet.models import Attachment
from intranet.models import AttachmentContent
from intranet.models import AuditEvent
from intranet.models import db
from intranet.models import Tip
from tests.helpers import GPS_IFD
from tests.helpers import photo
from tests.helpers import relay_form

KEY = "8tGIcZkx0uDJ1k-2p3J9yF3sH0n2sV5cO8qxq3fOa0Q="  # the tests' informant key (conftest)


@pytest.fixture
def relayed(client, demo, login) -> Attachment:
    """A village account relays a tip with a photo that has GPS in it, through the form."""
    login("lang07")
    files = [(io.BytesIO(photo(2000, 1500)), "bo-bi-mat.jpg")]
    response = client.post("/tips", data=relay_form(attachments=files))
    assert response.status_code == 303
    assert response.headers["Location"] == "/tips/receipt"
    client.post("/logout")
    return db.session.scalar(select(Attachment))


def _content(attachment: Attachment) -> AttachmentContent:
    return db.session.get(AttachmentContent, attachment.content_sha256)


def test_a_tips_photo_is_sealed_at_rest_with_the_informant_key(relayed):
    content = _content(relayed)
    tip = db.session.scalar(select(Tip))

    assert relayed.tip_id == tip.id and relayed.entry_id is None
    assert content.sealed
    assert not content.data.startswith(b"\xff\xd8")  # no JPEG in the database
    assert b"JFIF" not in content.data
    opened = Image.open(io.BytesIO(Fernet(KEY).decrypt(content.data)))
    assert opened.format == "JPEG" and max(opened.size) == 1600
    assert not opened.getexif().get_ifd(GPS_IFD)
    assert Fernet(KEY).decrypt(content.thumbnail).startswith(b"\xff\xd8")
    assert not content.icon.startswith(b"\xff\xd8")  # the list's square is sealed too
    assert Image.open(io.BytesIO(Fernet(KEY).decrypt(content.icon))).size == (128, 128)


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("congan.truong", 200),
        ("congan.canbo", 200),
        ("lang07", 404),  # the relayer gets a receipt, never the tip again
        ("mttq", 404),
        ("lanhdao", 404),
        ("admin", 404),
    ],
)
def test_a_tips_photo_is_served_to_the_police_only(relayed, client, login, username, status):
    login(username)

    full = client.get(f"/attachments/{relayed.id}")
    small = client.get(f"/attachments/{relayed.id}/thumbnail")
    icon = client.get(f"/attachments/{relayed.id}/icon")

    assert (full.status_code, small.status_code, icon.status_code) == (status, status, status)
    if status == 200:
        assert full.data.startswith(b"\xff\xd8")
        assert icon.data.startswith(b"\xff\xd8")
        assert full.headers["Cache-Control"] == "no-store"
        assert small.headers["Cache-Control"] == "no-store"
        assert icon.headers["Cache-Control"] == "no-store"
    else:
        assert b"\xff\xd8" not in full.data + icon.data


def test_a_tips_photo_kept_before_icons_gets_a_sealed_one_when_first_asked(relayed, client, login):
    content = _content(relayed)
    content.icon = None  # as the migration leaves a photo stored before it
    db.session.commit()
    login("congan.canbo")

    icon = client.get(f"/attachments/{relayed.id}/icon")

    assert icon.status_code == 200
    assert Image.open(io.BytesIO(icon.data)).size == (128, 128)
    db.session.expire_all()
    kept = _content(relayed).icon
    assert not kept.startswith(b"\xff\xd8")  # made from the opened thumbnail, sealed again
    assert Fernet(KEY).decrypt(kept) == icon.data


def test_the_tip_page_shows_its_photo_to_the_police(relayed, client, login):
    login("congan.canbo")

    page = client.get(f"/tips/{relayed.tip_id}").get_data(as_text=True)

    assert f"/attachments/{relayed.id}/thumbnail" in page


def test_a_tips_photos_still_open_after_a_key_rotation(relayed, app, client, login):
    new_key = Fernet.generate_key().decode()
    app.config["INFORMANT_KEYS"] = f"{new_key},{KEY}"  # the new key seals, both open
    login("congan.truong")

    old = client.get(f"/attachments/{relayed.id}")
    client.post("/logout")
    login("lang07")
    client.post(
        "/tips",
        data=relay_form(
            attachments=[(io.BytesIO(photo(400, 300)), "moi.jpg")],
            client_token="5f0e4a52-0000-4000-8000-00000000b001",
        ),
    )

    assert old.status_code == 200 and old.data.startswith(b"\xff\xd8")
    newest = db.session.scalar(select(Attachment).order_by(Attachment.id.desc()))
    assert Fernet(new_key).decrypt(_content(newest).data).startswith(b"\xff\xd8")


def test_a_bad_file_on_a_tip_keeps_what_was_typed(client, demo, login):
    login("lang07")
    html = b"<html><script>alert(1)</script></html>"

    response = client.post("/tips", data=relay_form(attachments=[(io.BytesIO(html), "anh.jpg")]))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nhà ông A bị mất trộm hai con bò trong đêm." in page
    assert "anh.jpg" in page
    assert db.session.scalar(select(Tip)) is None


def test_a_lost_key_is_not_replaced_while_a_sealed_photo_exists(relayed, app, tmp_path):
    # The relayed tip has no informant: its photo alone must stop a new key from being made.
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    bare = Flask("sealed", instance_path=str(tmp_path / "instance"))
    (tmp_path / "instance").mkdir()
    bare.config["SQLALCHEMY_DATABASE_URI"] = uri
    db.init_app(bare)

    with pytest.raises(sealing.InformantKeyError):
        sealing.prepare_keys(bare)

    assert not (tmp_path / "instance" / "informant.key").exists()
    with bare.app_context():
        db.engine.dispose()


def test_the_police_add_a_photo_later_sealed_and_audited_without_its_name(relayed, client, login):
    tip = db.session.scalar(select(Tip))
    login("congan.canbo")

    response = client.post(
        f"/tips/{tip.id}/files",
        data={"attachments": [(io.BytesIO(photo(1200, 900)), "nha-ong-A-lang07.jpg")]},
    )

    assert response.status_code == 303
    added = db.session.scalars(select(Attachment).order_by(Attachment.id.desc())).first()
    assert added.tip_id == tip.id and _content(added).sealed
    assert not _content(added).data.startswith(b"\xff\xd8")
    page = client.get(f"/tips/{tip.id}").get_data(as_text=True)
    assert f"/attachments/{added.id}/thumbnail" in page
    assert "thêm 1 tệp" in page or "added 1 file" in page  # the trail says a file came
    details = db.session.scalars(select(AuditEvent.details)).all()
    assert "nha-ong-A" not in repr(details)  # a name may say who gave the tip


def test_the_police_take_a_photo_off_a_tip(relayed, client, login):
    tip = db.session.scalar(select(Tip))
    login("congan.truong")

    response = client.post(f"/tips/{tip.id}/files", data={"remove_attachments": str(relayed.id)})

    assert response.status_code == 303
    assert db.session.scalar(select(Attachment.id)) is None
    assert db.session.scalar(select(AttachmentContent.sha256)) is None
    assert db.session.scalar(
        select(AuditEvent.id).where(AuditEvent.action == "attachments_removed")
    )


@pytest.mark.parametrize("username", ["lang07", "mttq", "tuphap", "lanhdao", "admin"])
def test_nobody_but_the_police_adds_or_removes_a_tips_files(relayed, client, login, username):
    tip = db.session.scalar(select(Tip))
    login(username)

    added = client.post(
        f"/tips/{tip.id}/files",
        data={"attachments": [(io.BytesIO(photo(300, 200)), "x.jpg")]},
    )
    removed = client.post(f"/tips/{tip.id}/files", data={"remove_attachments": str(relayed.id)})

    assert (added.status_code, removed.status_code) == (404, 404)
    assert db.session.scalars(select(Attachment.id)).all() == [relayed.id]


def test_a_bad_file_added_later_is_refused_on_the_tip_page(relayed, client, login):
    tip = db.session.scalar(select(Tip))
    login("congan.canbo")

    response = client.post(
        f"/tips/{tip.id}/files",
        data={"attachments": [(io.BytesIO(b"<svg onload='x'/>"), "anh.jpg")]},
    )

    assert response.status_code == 422
    assert "anh.jpg" in response.get_data(as_text=True)
    assert db.session.scalars(select(Attachment.id)).all() == [relayed.id]


def test_the_same_files_form_posted_twice_adds_its_photo_once(relayed, client, login):
    tip = db.session.scalar(select(Tip))
    login("congan.canbo")
    token = "4c1d2e3f-0000-4000-8000-0000000000f1"

    for _ in range(2):  # a double tap, or "send again" after the answer was lost
        response = client.post(
            f"/tips/{tip.id}/files",
            data={
                "client_token": token,
                "attachments": [(io.BytesIO(photo(600, 400)), "them.jpg")],
            },
        )
        assert response.status_code == 303

    assert len(db.session.scalars(select(Attachment.id)).all()) == 2  # relayed + one added
