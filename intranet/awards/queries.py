"""The registers of a festival year: commendations and gifts, and their totals (few queries)."""

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy import select

from intranet.models import Award
from intranet.models import AwardForm
from intranet.models import AwardGiver
from intranet.models import db
from intranet.models import Gift
from intranet.models import HouseholdKind
from intranet.models import Organization
from intranet.models import RecipientKind


def awards_of(year: int) -> list[Award]:
    """The year's commendations, by giver, then collectives before individuals, in order."""
    return list(
        db.session.scalars(
            select(Award)
            .where(Award.year == year)
            .order_by(Award.giver, Award.recipient_kind, Award.id)
        )
    )


def gifts_of(year: int) -> list[Gift]:
    """The year's gifts to households (village and giver joined in the same query)."""
    return list(db.session.scalars(select(Gift).where(Gift.year == year).order_by(Gift.id)))


@dataclass(frozen=True)
class AwardLine:
    """How many commendations one giver gave in one form, to collectives and to individuals."""

    giver: AwardGiver
    form: AwardForm
    collectives: int
    individuals: int

    @property
    def total(self) -> int:
        return self.collectives + self.individuals


def award_lines(year: int) -> list[AwardLine]:
    """Counts per giver and form (one grouped query)."""
    count = func.count(Award.id)
    rows = db.session.execute(
        select(
            Award.giver,
            Award.form,
            count.filter(Award.recipient_kind == RecipientKind.collective),
            count.filter(Award.recipient_kind == RecipientKind.individual),
        )
        .where(Award.year == year)
        .group_by(Award.giver, Award.form)
    ).all()
    lines = [AwardLine(*row) for row in rows]
    order = list(AwardGiver)
    return sorted(lines, key=lambda line: (order.index(line.giver), line.form.value))


@dataclass(frozen=True)
class GiftLine:
    """One giver's gifts of the year: to poor and to policy households, and their value."""

    giver: str
    giver_code: str
    poor: int
    policy: int
    value: int

    @property
    def total(self) -> int:
        return self.poor + self.policy


def gift_lines(year: int) -> list[GiftLine]:
    """Counts and value per giver (one grouped query)."""
    count = func.count(Gift.id)
    rows = db.session.execute(
        select(
            Organization.name,
            Organization.code,
            count.filter(Gift.household_kind == HouseholdKind.poor),
            count.filter(Gift.household_kind == HouseholdKind.policy),
            func.coalesce(func.sum(Gift.value), 0),
        )
        .join(Organization, Gift.giver_id == Organization.id)
        .where(Gift.year == year)
        .group_by(Organization.name, Organization.code)
        .order_by(count.desc(), Organization.name)
    ).all()
    return [GiftLine(*row) for row in rows]
