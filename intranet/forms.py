"""The base form: WTForms' own messages go through our catalogue (it ships no Vietnamese)."""

import re
from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import get_translations
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from sqlalchemy import select
from wtforms import DateField
from wtforms import Field
from wtforms import HiddenField
from wtforms import IntegerField
from wtforms import SelectChoice
from wtforms import SelectField
from wtforms import SelectMultipleField
from wtforms.fields.choices import enum_choices
from wtforms.fields.choices import enum_coerce
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.widgets import TextInput

from intranet import evidence
from intranet.inputs import MAX_ID
from intranet.models import Attachment
from intranet.models import db
from intranet.models import Village
from intranet.periods import EARLIEST
from intranet.periods import is_within_bounds
from intranet.periods import latest


class _BabelTranslations:
    """The translations object WTForms asks for, answering from Flask-Babel."""

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


class Form(FlaskForm):
    """Every form of the intranet derives from this one.

    Beyond each field's own validators it refuses, for every form, what the database cannot
    hold (intranet/inputs.py): whole numbers outside 64 bits and dates outside the bounds.
    """

    class Meta:
        def get_translations(self, form: Any) -> _BabelTranslations:
            return _BabelTranslations()

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            message = _out_of_bounds(field)
            if message:
                field.errors = [*field.errors, message]
                valid = False
        return valid


def _out_of_bounds(field: Field) -> str | None:
    """The message for a value no column of ours can hold, or None."""
    data = field.data
    if isinstance(data, int) and not isinstance(data, bool) and abs(data) > MAX_ID:
        return gettext("Enter a smaller number.")
    if isinstance(data, date) and not is_within_bounds(data):
        return gettext(
            "Enter a date from %(first)s to %(last)s.",
            first=format_date(EARLIEST, "dd/MM/yyyy"),
            last=format_date(latest(), "dd/MM/yyyy"),
        )
    return None


# 31/01/2026, 1/2/2026, 31-01-2026, 31.01.2026 (day first, as written in Viet Nam), or ISO
# 2026-01-31 (links, older bookmarks and the browsers' own date inputs).
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# What the browser checks before sending (the server checks again): day first with slashes, or
# ISO. Written without character classes, which the `v` flag browsers compile it with restricts.
DAY_PATTERN = r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{1,2}-\d{1,2}"


def parse_day(text: str | None) -> date | None:
    """The day written as dd/mm/yyyy (or d/m/yyyy, with - or .) or yyyy-mm-dd; None otherwise.

    Only the order a Vietnamese reader writes or ISO: never month first, whatever the browser's
    language, so 01/12/2026 is the first of December everywhere.
    """
    text = (text or "").strip()
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


class DayField(DateField):
    """A date typed as dd/mm/yyyy in a text box, whatever the browser's language.

    A browser's <input type="date"> shows the order of the browser's locale (12/01/2026 for the
    first of December in English): this field shows and takes day first, and also takes ISO. The
    hint under the label (templates/_macros/forms.html) says the order; static/js/app.js adds a
    small calendar button where JavaScript runs.
    """

    widget = TextInput()

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        render_kw = {
            "inputmode": "numeric",
            "pattern": DAY_PATTERN,
            "placeholder": "dd/mm/yyyy",
            "maxlength": 10,
            "autocomplete": "off",
            # The label of the calendar button static/js/app.js adds.
            "data-day": _l("Choose the date on a calendar"),
            "title": _l("A date as day/month/year, e.g. 31/01/2026."),
        }
        render_kw.update(kwargs.pop("render_kw", None) or {})
        kwargs.setdefault("description", _l("Day/month/year, e.g. 31/01/2026"))
        super().__init__(label, validators, format="%d/%m/%Y", render_kw=render_kw, **kwargs)

    def _value(self) -> str:
        """The day as dd/mm/yyyy once read (ISO from a link too), else what was typed."""
        if isinstance(self.data, date):
            return self.data.strftime("%d/%m/%Y")
        return " ".join(self.raw_data) if self.raw_data else ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        text = " ".join(str(value) for value in valuelist).strip()
        self.data = parse_day(text)
        if self.data is None and text:
            raise ValueError(
                gettext(
                    "Enter the date as day/month/year, e.g. 31/01/2026: “%(text)s” is not a date.",
                    text=text[:20],
                )
            )


class VersionedForm(Form):
    """A form that edits a row with optimistic locking: it carries the version it showed.

    The view hands that version to ``saving.check_version`` (intranet/saving.py).
    """

    version = HiddenField()


class FilesMixin:
    """A form's photos and scans (issue 16): the multiple file input and their checking.

    A plain file input, so it works with JavaScript off (DESIGN section 3); the view is marked
    ``@evidence.accepts_uploads`` and calls ``prepare_attachments`` before it writes anything.
    """

    attachments = MultipleFileField(
        _l("Add photos or scanned documents"),
        render_kw={"accept": "image/*,application/pdf", "multiple": True},
    )
    prepared: list[evidence.Prepared]
    status: int

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read by static/js/attachments.js while it makes the chosen photos smaller.
        self.attachments.render_kw = dict(
            self.attachments.render_kw or {},
            **{
                "data-scaling": gettext("Making the photos smaller before sending…"),
                "data-scaled": gettext(
                    "Ready to send: %(before)s made %(after)s, without location data."
                ),
            },
        )

    def prepare_attachments(self, kept: list[Attachment] | None = None) -> bool:
        """Check and re-encode the sent files within the record's limits; False with a message.

        ``kept`` are the files the record keeps. A file too large (or too many) answers 413,
        any other refusal 422; either way the typed fields are kept.
        """
        kept = kept or []
        files = [f for f in self.attachments.data or [] if f and (f.filename or "").strip()]
        self.prepared, self.status = [], 422
        try:
            self.prepared = evidence.prepare_uploads(
                files, already=len(kept), stored=sum(a.size for a in kept)
            )
        except evidence.Refused as refusal:
            self.attachments.errors = [refusal.message]
            self.status = refusal.status
            return False
        return True


class KeptFilesMixin(FilesMixin):
    """A record's files that may also be taken off: pass ``files=`` (the record's files); a
    ticked ``remove_attachments`` box takes one off, and the limits count what stays."""

    remove_attachments = SelectMultipleField(
        _l("Remove"),
        coerce=int,
        choices=[],
        invalid_choice_message=_l("A file to remove is not one of this record's files."),
    )

    def __init__(self, *args: Any, files: list[Attachment] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.files = files or []
        self.remove_attachments.choices = [SelectChoice(a.id, a.name) for a in self.files]
        self.prepared, self.status = [], 422

    def prepare_attachments(self, kept: list[Attachment] | None = None) -> bool:
        """The sent files checked against what the record keeps after the ticked removals."""
        removed = set(self.remove_attachments.data or [])
        return super().prepare_attachments([a for a in self.files if a.id not in removed])

    @property
    def removed(self) -> list[int]:
        return list(self.remove_attachments.data or [])


class FilesForm(KeptFilesMixin, Form):
    """Files added to, or taken off, a record after it was written (a tip, a case); its
    client_token makes a second post of the same form add nothing (evidence.add_files)."""

    client_token = HiddenField()


def labelled_choices(enum_class: type) -> list[SelectChoice]:
    """The members of a StrEnum with `.label` as select choices, in the user's language.

    Pass it as `choices=lambda: labelled_choices(X)`: built per form, never at import time.
    """
    return enum_choices(enum_class, label=lambda member: member.label)


def enum_select(label: Any, enum_class: type, message: Any) -> SelectField:
    """A select of a StrEnum's members by their labels; `message` when the value is not one."""
    return SelectField(
        label,
        coerce=enum_coerce(enum_class),
        choices=lambda: labelled_choices(enum_class),
        invalid_choice_message=message,
    )


def prompted_choices(enum_class: type) -> list[SelectChoice]:
    """``labelled_choices`` after an empty "Choose…": nothing wrong is chosen for a hurried user.

    The field needs ``coerce=enum_or_raw(X)`` and a ``DataRequired`` saying what to choose.
    """
    return [SelectChoice("", gettext("Choose…")), *labelled_choices(enum_class)]


def enum_or_raw(enum_class: type) -> Any:
    """Coerce a select's value to the enum, leaving an unknown value as it came.

    WTForms' enum_coerce raises on an unknown value and shows "could not coerce"; left raw,
    the value fails the choice check instead, which says the field's own message.
    """

    def coerce(value: Any) -> Any:
        try:
            return enum_class(value)
        except ValueError:
            return value

    return coerce


def village_choices(value: str = "id", only: int | None = None) -> list[SelectChoice]:
    """Villages as "Làng Dơ Nâu", by name; the option's value is the village's id or code."""
    column = Village.code if value == "code" else Village.id
    query = select(column, Village.kind, Village.name).order_by(Village.name)
    if only is not None:
        query = query.where(Village.id == only)
    return [
        SelectChoice(str(key), f"{kind.label.capitalize()} {name}")
        for key, kind, name in db.session.execute(query)
    ]


def optional_int(value: Any) -> int | None:
    """Coerce a select's value to an id, with "" meaning none."""
    if value in (None, "", "None"):
        return None
    return int(value)


def max_length(limit: int) -> Length:
    """At most `limit` characters, said in the user's language."""
    return Length(max=limit, message=_l("Enter at most %(max)d characters."))


def whole_number(label: Any, message: Any, maximum: int = 1_000_000) -> IntegerField:
    """A required whole number from 0 to maximum, with a numeric keypad on tablets."""
    return IntegerField(
        label,
        validators=[InputRequired(message), NumberRange(min=0, max=maximum, message=message)],
        render_kw={"inputmode": "numeric", "min": 0, "max": maximum},
    )


# WTForms' own messages that our forms can show: WTForms ships no Vietnamese, so they are in
# our catalogue, and _BabelTranslations answers WTForms from it.
WTFORMS_MESSAGES = (
    _l("Not a valid integer value."),
    _l("Not a valid choice."),
    _l("Not a valid date value."),
    _l("This field is required."),
    _l("Invalid input."),
    _l("Invalid Choice: could not coerce."),
)
