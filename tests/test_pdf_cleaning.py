"""A sent PDF keeps no trace of who made it and nothing that runs (issue 16).

Decision: strip, not refuse. Scanners and phone apps write the author, the device and dates
into every PDF, and a commune clerk cannot remove them; refusing would refuse most scans. qpdf
(pikepdf) rewrites the file without /Info, XMP metadata, JavaScript, open or automatic actions,
launch actions and attached files; the pages stay. A PDF behind a password is refused: it
cannot be checked.
"""

import io

import pikepdf
import pytest
from werkzeug.datastructures import FileStorage

from intranet import evidence
from tests.helpers import pdf

SECRET = "Nguyen Van Bi Mat"


def _dirty() -> bytes:
    document = pikepdf.new()
    document.add_blank_page()
    with document.open_metadata(set_pikepdf_as_editor=False) as xmp:
        xmp["dc:creator"] = [SECRET]
    document.docinfo["/Author"] = SECRET
    document.docinfo["/Producer"] = "May quet Canon 2026"
    document.docinfo["/CreationDate"] = "D:20261101120000+07'00'"
    document.Root.OpenAction = document.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('x')"))
    )
    document.Root.AA = pikepdf.Dictionary(
        WC=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('close')"))
    )
    document.attachments["an.txt"] = pikepdf.AttachedFileSpec(
        document, b"attached payload", mime_type="text/plain"
    )
    link = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Link,
        Rect=[0, 0, 10, 10],
        A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe")),
    )
    document.pages[0].Annots = document.make_indirect(pikepdf.Array([link]))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _prepared(data: bytes, name: str = "quyet-dinh.pdf") -> evidence.Prepared:
    return evidence.prepare(FileStorage(io.BytesIO(data), filename=name))


def test_metadata_scripts_actions_and_attached_files_are_stripped(app):
    with app.app_context():
        kept = _prepared(_dirty()).data

    for trace in (SECRET.encode(), b"Canon", b"app.alert", b"cmd.exe", b"/Launch", b"/OpenAction"):
        assert trace not in kept
    with pikepdf.open(io.BytesIO(kept)) as cleaned:
        assert "/Info" not in cleaned.trailer
        assert "/Metadata" not in cleaned.Root
        assert "/OpenAction" not in cleaned.Root and "/AA" not in cleaned.Root
        assert len(cleaned.attachments) == 0
        assert len(cleaned.pages) == 1  # the page itself stays
        for annotation in cleaned.pages[0].get("/Annots", []):
            assert annotation.get("/A", {}).get("/S") != "/Launch"


def test_a_plain_scan_keeps_its_pages(app):
    with app.app_context():
        kept = _prepared(pdf()).data

    with pikepdf.open(io.BytesIO(kept)) as cleaned:
        assert len(cleaned.pages) == 1


def test_a_pdf_behind_a_password_is_refused(app):
    document = pikepdf.new()
    document.add_blank_page()
    out = io.BytesIO()
    document.save(out, encryption=pikepdf.Encryption(user="mat-khau", owner="mat-khau"))

    with app.test_request_context(headers={"Accept-Language": "vi"}):
        with pytest.raises(evidence.Refused) as refused:
            _prepared(out.getvalue(), "khoa.pdf")

    assert refused.value.status == 422
    assert "khoa.pdf" in refused.value.message


def test_a_pdf_with_no_pages_to_read_is_refused(app):
    broken = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

    with app.test_request_context():
        with pytest.raises(evidence.Refused):
            _prepared(broken, "hong.pdf")
