"""What a household's withdrawal does to its home (docs/architecture.md, "Propagation").

A withdrawn household holds no active allocation (``household.withdrawn_has_no_home``):

- before the household moved in, the allocation is cancelled and the home is offered
  again, to the next match;
- once it lived there (the home is occupied), the allocation ends on the withdrawal day
  and the home is "released": whether it is offered again, or the household simply stays
  as a tenant outside the programme, is the municipality's decision. The portal records
  the end of the programme's allocation; it evicts nobody.
"""

from __future__ import annotations

from datetime import timedelta

from django.dispatch import receiver

from housing import services
from housing.models import Allocation, HousingOffer
from newcomers.signals import household_withdrawn


@receiver(household_withdrawn, dispatch_uid="housing.household_withdrawn")
def end_allocations(sender, household, withdrawal, actor, **kwargs) -> None:
    active = Allocation.objects.filter(household=household, status=Allocation.Status.ACTIVE)
    for allocation in active.select_related("offer").order_by("offer_id"):
        if allocation.offer.status == HousingOffer.Status.OCCUPIED:
            services.end_allocation(
                actor, allocation, _last_day(allocation, withdrawal.withdrawn_on)
            )
        else:
            services.cancel_allocation(actor, allocation, reason="household withdrew")


def _last_day(allocation: Allocation, withdrawn_on):
    """The move-out day within the allocation: the withdrawal day, at least a day after
    the start (a period is never empty) and at most its end."""
    day = max(withdrawn_on, allocation.start + timedelta(days=1))
    return min(day, allocation.end) if allocation.end else day
