"""The Vietnamese catalogue follows translations/GLOSSARY.md: no forbidden variant anywhere.

The glossary's table is the source: this test reads its last column, so a term added there is
enforced at once. See the glossary's introduction for how a variant is matched.
"""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

pytestmark = pytest.mark.sqlite_only

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
GLOSSARY = TRANSLATIONS / "GLOSSARY.md"
CATALOGUE = TRANSLATIONS / "vi" / "LC_MESSAGES" / "messages.po"


def forbidden_variants(text: str) -> list[tuple[str, str]]:
    """(term, variant) for every forbidden variant in the glossary's table."""
    variants = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in ("Vietnamese term", "") or set(cells[0]) <= {"-"}:
            continue
        variants += [(cells[0], variant) for variant in re.findall(r"`([^`]+)`", cells[4])]
    return variants


def _finds(variant: str, msgstr: str) -> bool:
    if variant.startswith("="):
        return msgstr.strip().casefold() == variant[1:].casefold()
    start = r"(?<!\w)" if variant[0].isalnum() else ""
    end = r"(?!\w)" if variant[-1].isalnum() else ""
    return re.search(start + re.escape(variant) + end, msgstr, re.IGNORECASE) is not None


def _msgstrs() -> list[tuple[str, str]]:
    with CATALOGUE.open("rb") as file:
        catalogue = read_po(file, locale="vi")
    pairs = []
    for message in catalogue:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs += [(msgid, string) for string in strings if string]
    return pairs


def test_the_glossary_forbids_the_variants_the_terms_replaced():
    variants = {variant for _term, variant in forbidden_variants(GLOSSARY.read_text("utf-8"))}

    # The table is read at all (a broken table would forbid nothing).
    assert {"bài", "ANTT", "huyện", "Mật:", "=Thành", "ở tương lai"} <= variants


def test_the_vi_catalogue_uses_no_forbidden_variant():
    variants = forbidden_variants(GLOSSARY.read_text("utf-8"))

    found = [
        f"{msgid!r} → {msgstr!r}: “{variant}” (write: {term})"
        for msgid, msgstr in _msgstrs()
        for term, variant in variants
        if _finds(variant, msgstr)
    ]

    assert found == []


@pytest.mark.parametrize(
    ("variant", "msgstr", "found"),
    [
        ("bài", "Sửa bài", True),
        ("bài", "Bài đã duyệt", True),
        ("bài", "Tuyên truyền bài bản", True),
        ("huyện", "ví dụ Công an huyện)", True),
        ("ANTT", "Tổ bảo vệ an ninh, trật tự", False),
        ("Mật:", "Mật khẩu mới", False),
        ("=Thành", "Thành", True),
        ("=Thành", "Thành lập theo Quyết định", False),
        (" %%", "%(percent)d %% là đồng bào", True),
        (" %%", "%(percent)s%% là đồng bào", False),
    ],
)
def test_a_variant_is_found_as_whole_words_or_as_the_whole_text(variant, msgstr, found):
    assert _finds(variant, msgstr) is found


def test_a_forbidden_variant_in_the_catalogue_fails_the_check(tmp_path):
    glossary = "| Term | English | Where | Source | Forbidden |\n|---|---|---|---|---|\n"
    glossary += "| hoạt động | entry | lists | — | `bài` |\n"

    variants = forbidden_variants(glossary)

    assert variants == [("hoạt động", "bài")]
    assert _finds("bài", "Không có bài nào phù hợp.")
