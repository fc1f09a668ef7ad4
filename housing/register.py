"""The municipal housing register: offers by state, persons housed against the
taakstelling of the current period, and upcoming arrivals still without a permanent home."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, Min, OuterRef

from housing.models import Allocation, HousingOffer
from sponsorship.models import Taakstelling


@dataclass
class Register:
    municipality: object
    today: date
    offers_by_status: list[tuple[str, str, int]] = field(default_factory=list)
    taakstelling: Taakstelling | None = None
    housed_households: int = 0
    housed_persons: int = 0
    upcoming_without_home: list = field(default_factory=list)

    @property
    def progress_percent(self) -> int | None:
        if not self.taakstelling or not self.taakstelling.target:
            return None
        return min(100, round(100 * self.housed_persons / self.taakstelling.target))


def offers_by_status(municipality) -> list[tuple[str, str, int]]:
    """Every status with its count (zeros included, in workflow order)."""
    counts = dict(
        HousingOffer.objects.filter(municipality=municipality)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(s.value, s.label, counts.get(s.value, 0)) for s in HousingOffer.Status]


def current_taakstelling(municipality, today: date) -> Taakstelling | None:
    """The period containing ``today``; the end date is exclusive (periods follow on)."""
    return Taakstelling.objects.filter(
        municipality=municipality, period_start__lte=today, period_end__gt=today
    ).first()


def housed_in_period(municipality, start: date, end: date) -> tuple[int, int]:
    """(households, persons) first housed in the municipality within ``[start, end)``.

    A household counts once, in the period of its first allocation here: moving from an
    intermediate to a permanent home does not house anyone a second time.
    """
    firsts = (
        Allocation.objects.holding()
        .filter(offer__municipality=municipality)
        .values("household")
        .annotate(first=Min("period__startswith"))
        .filter(first__gte=start, first__lt=end)
        .values("household")
    )
    from newcomers.models import HouseholdMember

    persons = HouseholdMember.objects.filter(household__in=firsts).count()
    return firsts.count(), persons


def upcoming_without_permanent_home(user, municipality, today: date):
    """Households expected from today on, with no active allocation of a permanent home.

    Households the user may not see are left out (municipal staff see households once
    they reach the match).
    """
    from newcomers.models import Household

    permanent = Allocation.objects.filter(
        household=OuterRef("pk"),
        status=Allocation.Status.ACTIVE,
        offer__kind=HousingOffer.Kind.PERMANENT,
    )
    return (
        Household.objects.visible_to(user)
        .filter(municipality=municipality, expected_arrival__gte=today)
        .exclude(status__in=[Household.Status.WITHDRAWN, Household.Status.COMPLETED])
        .exclude(Exists(permanent))
        .with_member_count()
        .order_by("expected_arrival", "reference")
    )


def build(user, municipality, today: date) -> Register:
    register = Register(municipality=municipality, today=today)
    register.offers_by_status = offers_by_status(municipality)
    register.taakstelling = current_taakstelling(municipality, today)
    if register.taakstelling:
        register.housed_households, register.housed_persons = housed_in_period(
            municipality, register.taakstelling.period_start, register.taakstelling.period_end
        )
    register.upcoming_without_home = list(
        upcoming_without_permanent_home(user, municipality, today)[:100]
    )
    return register
