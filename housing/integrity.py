"""Housing invariants between offers, allocations and households (docs/integrity.md).

The database itself refuses double booking of a home and two active allocations of one
household for overlapping dates; these are the rules it cannot hold.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from housing.models import Allocation, HousingOffer
from newcomers.models import Household
from sponsorship.integrity import Invariant, offence

S = HousingOffer.Status
TAKEN = (S.ALLOCATED, S.OCCUPIED)


def _active(**filters):
    return Allocation.objects.filter(status=Allocation.Status.ACTIVE, **filters)


def taken_offer_without_allocation():
    return HousingOffer.objects.filter(status__in=TAKEN).exclude(
        Exists(_active(offer=OuterRef("pk")))
    )


def allocation_of_free_offer():
    return [
        offence(a, f"offer status={a.offer.status}")
        for a in _active().exclude(offer__status__in=TAKEN).select_related("offer")
    ]


def occupied_before_move_in():
    started = _active(offer=OuterRef("pk"), period__startswith__lte=timezone.localdate())
    # Without any active allocation the home breaks offer.taken_has_allocation instead.
    return (
        HousingOffer.objects.filter(status=S.OCCUPIED, allocations__status="active")
        .exclude(Exists(started))
        .distinct()
    )


def reservation_out_of_step():
    reserved = Q(status=S.RESERVED)
    holds = Q(reserved_by__isnull=False) | Q(reserved_at__isnull=False)
    found = [
        offence(o, "reserved without who reserved it")
        for o in HousingOffer.objects.filter(reserved, reserved_by__isnull=True)
    ]
    found += [
        offence(o, f"status={o.status} still holds a reservation")
        for o in HousingOffer.objects.exclude(reserved).filter(holds)
    ]
    return found


def withdrawn_household_housed():
    return (
        Household.objects.filter(status=Household.Status.WITHDRAWN)
        .annotate(active=Count("allocations", filter=Q(allocations__status="active")))
        .filter(active__gt=0)
    )


INVARIANTS = [
    Invariant(
        "offer.taken_has_allocation",
        "An allocated or occupied home has an active allocation.",
        taken_offer_without_allocation,
    ),
    Invariant(
        "allocation.active_offer_taken",
        "The home of an active allocation is allocated or occupied.",
        allocation_of_free_offer,
    ),
    Invariant(
        "offer.occupied_after_move_in",
        "An occupied home has an active allocation that has begun.",
        occupied_before_move_in,
    ),
    Invariant(
        "offer.reservation_matches_status",
        "A reserved home says who reserved it; a home that is not reserved holds no reservation.",
        reservation_out_of_step,
    ),
    Invariant(
        "household.withdrawn_has_no_home",
        "A withdrawn household holds no active allocation.",
        withdrawn_household_housed,
    ),
]
