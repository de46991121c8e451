"""The declarative base, the naming convention and the Flask-SQLAlchemy handle."""

from datetime import datetime
from datetime import UTC

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime
from sqlalchemy import Enum
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import registry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Every model's base: one MetaData with a naming convention, aware datetimes."""

    # The map goes on the registry: Flask-SQLAlchemy 3.1 rejects it as a class attribute.
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: DateTime(timezone=True)},
    )


db = SQLAlchemy(model_class=Base)


def utcnow() -> datetime:
    """The current time in UTC, as stored in every timestamp column."""
    return datetime.now(UTC)


def str_enum(enum_class: type, length: int = 32) -> Enum:
    """A StrEnum stored as a plain VARCHAR, the same on SQLite and PostgreSQL, whose CHECK
    constraint (ck_<table>_<enum>) refuses any other value, whatever writes the row."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=True,
        length=length,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )
