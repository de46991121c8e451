"""What a username and a password must be: one rule for the admin's form and `users create`.

Usernames: 3 to 64 lowercase letters without accents, digits, dots, dashes or underscores,
unique whatever the case (they are stored in lowercase). Passwords (issue 12): 10 to 200
characters, and not one that guessers try first: not in the common-password list that ships
with zxcvbn (Dropbox's estimator, 30,000 most used passwords) and not scored below 2 of 4 by
it (a common word with digits on the end, a keyboard row, a date). The demo loader alone sets
the documented demo password without these checks.
"""

import re

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import func
from sqlalchemy import select
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from intranet.models import db
from intranet.models import User

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
USERNAME_MIN, USERNAME_MAX = 3, 64
PASSWORD_MIN, PASSWORD_MAX = 10, 200
# zxcvbn's score: 0 too guessable, 1 very guessable, 2 somewhat guessable (fine online with
# throttling), 3 and 4 safely or very unguessable.
PASSWORD_MIN_SCORE = 2
# zxcvbn's cost grows with the length; what follows the first 100 characters only adds.
_SCORED_LENGTH = 100
_COMMON_PASSWORDS = frozenset(FREQUENCY_LISTS["passwords"])


def normalize_username(username: str | None) -> str:
    """The stored form of a username: no surrounding spaces, lowercase."""
    return (username or "").strip().lower()


def username_problem(username: str | None) -> LazyString | None:
    """Why this username cannot be used for a new account, or None when it can."""
    name = normalize_username(username)
    if not name:
        return _l("Enter a username.")
    if not USERNAME_MIN <= len(name) <= USERNAME_MAX:
        return _l("A username has 3 to 64 characters.")
    if not USERNAME_PATTERN.match(name):
        return _l("Use lowercase letters without accents, digits, dots, dashes or underscores.")
    if db.session.scalar(select(User.id).where(func.lower(User.username) == name)):
        return _l("This username is already taken.")
    return None


def password_problem(password: str | None, *user_inputs: str) -> LazyString | None:
    """Why this password is refused, or None when it is good enough.

    ``user_inputs`` (the username, the full name) count as guessable words.
    """
    password = password or ""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        return _l("A password has 10 to 200 characters.")
    if password.lower() in _COMMON_PASSWORDS:
        return _l("This password is one of the most common ones. Choose another.")
    words = [value for value in user_inputs if value]
    words += [word for value in words for word in re.split(r"[\s._-]+", value) if word]
    if zxcvbn(password[:_SCORED_LENGTH], user_inputs=words)["score"] < PASSWORD_MIN_SCORE:
        return _l("This password is too easy to guess. Use several unrelated words.")
    return None
