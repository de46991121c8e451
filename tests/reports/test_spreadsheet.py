"""The report's workbook keeps what people typed as text: an award typed as a formula stays text."""

import io

from openpyxl import load_workbook

from intranet.models import Award
from intranet.models import AwardForm
from intranet.models import AwardGiver
from intranet.models import db
from intranet.models import RecipientKind

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
