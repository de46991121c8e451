"""The one way a percentage is written: 94%, +408%, −3%, with no space before the sign.

Vietnamese administrative writing (and English) puts % right after the number. Pages (the
`percent` Jinja filter), the report's .docx and .xlsx (reports/tables.py) all go through here.
"""


def percent(value: int | None, signed: bool = False) -> str:
    """94%; with ``signed``, +408% or −3% (a true minus sign) and 0% for no change; — for None."""
    if value is None:
        return "—"
    text = f"{value:+d}%" if signed and value else f"{value:d}%"
    return text.replace("-", "−")
