"""Language choice and the Jinja helpers that format dates, numbers and rights."""

from datetime import date
from datetime import datetime

from flask import current_app
from flask import Flask
from flask import has_request_context
from flask import session
from flask_babel import format_date
from flask_babel import format_datetime
from flask_babel import format_decimal
from flask_babel import get_locale
from flask_login import current_user

from intranet.formatting import percent
from intranet.models import LogKind
from intranet.permissions import can
from intranet.permissions import why_not
from intranet.rendering import criteria_args
from intranet.rendering import url_with
from intranet.rendering import wants_fragment


def select_locale() -> str:
    """The signed-in user's language, else the one chosen on the sign-in page, else Vietnamese."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the CLI, the demo loader
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale")
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def datetime_filter(value: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in Asia/Ho_Chi_Minh; naive values (SQLite) are taken as UTC."""
    return format_datetime(value, "dd/MM/yyyy HH:mm") if value else ""


def date_filter(value: date | None) -> str:
    """dd/mm/yyyy, whatever the language."""
    return format_date(value, "dd/MM/yyyy") if value else ""


def number_filter(value: int | float | None) -> str:
    """A number with the language's grouping (30.000 in Vietnamese)."""
    return format_decimal(value) if value is not None else ""


def filesize_filter(size: int) -> str:
    """A file's size as people read it: 340 KB, 2,5 MB (the language's decimal mark)."""
    if size < 1024 * 1024:
        return f"{format_decimal(max(1, round(size / 1024)))} KB"
    return f"{format_decimal(round(size / (1024 * 1024), 1))} MB"


def isodate_filter(value: str | None) -> str:
    """A yyyy-mm-dd string (as kept in snapshots) shown as dd/mm/yyyy."""
    return date_filter(date.fromisoformat(value)) if value else ""


def kind_label(value: str) -> str:
    """The label of a kind of activity kept as its plain value."""
    return LogKind(value).label


def register_template_helpers(app: Flask) -> None:
    """Filters and globals every template may use."""
    app.jinja_env.filters["datetime"] = datetime_filter
    app.jinja_env.filters["date"] = date_filter
    app.jinja_env.filters["number"] = number_filter
    app.jinja_env.filters["isodate"] = isodate_filter
    app.jinja_env.filters["percent"] = percent
    app.jinja_env.filters["filesize"] = filesize_filter
    app.jinja_env.globals["kind_label"] = kind_label
    app.jinja_env.globals["can"] = lambda action, target=None: can(current_user, action, target)
    app.jinja_env.globals["why_not"] = lambda action, target=None: why_not(
        current_user, action, target
    )
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["url_with"] = url_with
    app.jinja_env.globals["wants_fragment"] = wants_fragment
    app.jinja_env.globals["criteria_args"] = criteria_args
