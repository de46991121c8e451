"""Fill the English catalogue: the source strings are English, so each entry is its own msgid.

Run by `make i18n` after `pybabel update`; keeps the `en` catalogue complete without typing.
"""

import sys

from babel.messages.pofile import read_po
from babel.messages.pofile import write_po


def main(path: str) -> None:
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if not message.id:
            continue
        # Always the msgid itself: a merge can leave a stale or garbled English string behind.
        if isinstance(message.id, tuple | list):
            message.string = tuple(message.id)
        else:
            message.string = message.id
        message.flags.discard("fuzzy")
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False)


if __name__ == "__main__":
    main(sys.argv[1])
