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
        if isinstance(message.id, tuple | list):
            if not any(message.string):
                message.string = tuple(message.id)
        elif not message.string:
            message.string = message.id
        message.flags.discard("fuzzy")
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False)


if __name__ == "__main__":
    main(sys.argv[1])
