"""The commune's villages and hamlets."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from intranet.models.base import db
from intranet.models.base import str_enum


class VillageKind(StrEnum):
    """The local word for a settlement: làng and plei (Jrai, Bahnar), buôn, thôn (Kinh)."""

    lang = "lang"
    thon = "thon"
    buon = "buon"
    plei = "plei"

    @property
    def label(self) -> str:
        return str(VILLAGE_KIND_LABELS[self])


VILLAGE_KIND_LABELS = {
    VillageKind.lang: _l("làng"),
    VillageKind.thon: _l("thôn"),
    VillageKind.buon: _l("buôn"),
    VillageKind.plei: _l("plei"),
}


class Village(db.Model):
    """A village or hamlet of the commune, with its population figures."""

    __tablename__ = "village"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[VillageKind] = mapped_column(str_enum(VillageKind, 8))
    population: Mapped[int] = mapped_column(default=0)
    households: Mapped[int] = mapped_column(default=0)
    # Share of the population belonging to an ethnic minority, in whole percent.
    # Folded kind, name and code (intranet.search): what a search matches, kept by its hook.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    __search_fields__ = ("kind", "name", "code")
    # Its folded name alone: a match there ranks first (search.tiers).
    search_title: Mapped[str] = mapped_column(Text, default="", server_default="")
    __search_title__ = ("name",)
    minority_percent: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("population >= 0", name="population_not_negative"),
        CheckConstraint("households >= 0", name="households_not_negative"),
        CheckConstraint(
            "minority_percent >= 0 AND minority_percent <= 100", name="minority_percent_range"
        ),
    )

    def __repr__(self) -> str:
        return f"<Village {self.code}>"

    @property
    def display_name(self) -> str:
        """The name as people say it, e.g. "Làng Plei Bông"."""
        return f"{self.kind.label.capitalize()} {self.name}"
