"""The list's budget with photos (issue 16, DESIGN section 6): a page of 25 entries, each with a
thumbnail, asks the database exactly what the same page asks with one thumbnail or none. The
bytes and the speed of that page are measured by `make bench` (bench/RESULTS.md)."""

import io
import re

from werkzeug.datastructures import FileStorage

from intranet import evidence
from intranet.models import db
from intranet.models import LogStatus
from tests.factories import make_entry
from tests.helpers import photo


def give_photo(entry, author) -> None:
    upload = FileStorage(io.BytesIO(photo(200, 150)), filename="anh.jpg")
    evidence.attach(entry, evidence.prepare_uploads([upload]), author)
    db.session.commit()


def test_a_page_of_25_thumbnails_asks_no_more_queries_than_one(people, login, count_queries):
    author, approver = people["phunu"], people["truong"]
    entries = [
        make_entry(LogStatus.approved, author=author, approver=approver, title=f"Họp dân {n}")
        for n in range(25)
    ]
    client = login("lanhdao")
    client.get("/logs")
    with count_queries() as none:
        client.get("/logs")
    give_photo(entries[0], author)
    with count_queries() as one:
        client.get("/logs")
    for entry in entries[1:]:
        give_photo(entry, author)
    with count_queries() as all_25:
        page = client.get("/logs").get_data(as_text=True)

    assert len(re.findall(r'src="/attachments/\d+/icon"', page)) == 25
    assert len(none) == len(one) == len(all_25)
