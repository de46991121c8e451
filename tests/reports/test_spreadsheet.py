"""The report's workbook keeps what people typed as text: an award typed as a formula stays text."""

import io

from openpyxl import load_workbook
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from intranet import evidence
from intranet.models import Award
from intranet.models import AwardForm
from intranet.models import AwardGiver
from intranet.models import db
from intranet.models import Gift
from intranet.models import RecipientKind
from intranet.models import User
from tests.helpers import pdf
from tests.helpers import photo

FORMULA = '=HYPERLINK("http://x","y")'


def test_an_award_typed_as_a_formula_is_text_in_the_workbook(commune, client, login):
    db.session.add(
        Award(year=2025, recipient_kind=RecipientKind.individual, recipient=FORMULA,
              giver=AwardGiver.commune_chair, form=AwardForm.certificate, reason="=1+2")
    )  # fmt: skip
    db.session.commit()
    login("mttq")

    response = client.get("/reports/2025.xlsx")

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    cells = {row[0].value: row for row in book["award-list"].iter_rows(min_row=5)}
    recipient, reason = cells[FORMULA][0], cells[FORMULA][3]
    assert (recipient.data_type, recipient.value) == ("s", FORMULA)
    assert (reason.data_type, reason.value) == ("s", "=1+2")
    # Figures stay numbers.
    chair = book["awards"][5]
    assert [cell.value for cell in chair] == ["Chủ tịch UBND xã", "Giấy khen", 1, 1]
    assert [cell.data_type for cell in chair] == ["s", "s", "n", "n"]


def _attach(record, *files: tuple[str, bytes]) -> None:
    uploads = [FileStorage(io.BytesIO(data), filename=name) for name, data in files]
    evidence.attach(record, evidence.prepare_uploads(uploads), db.session.get(User, 1))


def test_the_awards_sheets_count_each_rows_attached_files(commune, client, login):
    """As /awards.xlsx: a commendation's own files, and each giver's gifts' files together."""
    awards = {a.recipient: a for a in db.session.scalars(select(Award).where(Award.year == 2025))}
    _attach(awards["Tổ ANTT làng Dồn"], ("quyet-dinh.pdf", pdf()), ("trao.jpg", photo(600, 400)))
    gifts = db.session.scalars(select(Gift).where(Gift.year == 2025).order_by(Gift.id)).all()
    _attach(gifts[0], ("bien-nhan.jpg", photo(500, 400)))
    _attach(gifts[1], ("bien-nhan.pdf", pdf()))
    db.session.commit()
    login("mttq")

    book = load_workbook(io.BytesIO(client.get("/reports/2025.xlsx").data))

    listed = list(book["award-list"].iter_rows(min_row=4, values_only=True))
    assert listed[0][-1] == "Tệp đính kèm"
    assert {row[0]: row[-1] for row in listed[1:]} == {"Tổ ANTT làng Dồn": 2, "Siu Hyoanh": 0}
    given = list(book["gifts"].iter_rows(min_row=4, values_only=True))
    assert given[0][-1] == "Tệp đính kèm"
    assert given[1][-1] == 2  # dn-caosu's two gifts, a file each
    assert given[-1][0] == "Tổng cộng" and given[-1][-1] == 2
    assert len(given[0]) == 6  # the page's five columns and the count
