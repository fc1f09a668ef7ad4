"""The housing offer's and the allocation's state machines, declared once.

An offer is published, reserved and withdrawn by hand; "allocated" follows only from an
allocation (the municipality's approval), "offered" again from that allocation's
cancellation and "released" from its end. "Occupied" is recorded by hand but only for a
home whose current household has arrived. Withdrawn is final; a released home may be
offered again (an intermediate home houses one household after another).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from housing.models import Allocation, HousingOffer
from newcomers.models import Household
from sponsorship import statemachine as sm

S = HousingOffer.Status
A = Allocation.Status
# The household states in which it lives here (the arrival was registered).
H = Household.Status
ARRIVED = frozenset({H.ARRIVED, H.IN_SPONSORSHIP, H.COMPLETED})


def move_in_problems(offer: HousingOffer) -> list[str]:
    """The home has an active allocation and its household has arrived."""
    current = (
        offer.allocations.filter(status=A.ACTIVE).select_related("household").order_by("period")
    ).first()
    if current is None:
        return [_("The home has no active allocation.")]
    if current.household.status not in ARRIVED:
        return [_("The household of the allocation has not arrived yet.")]
    return []


OFFER = sm.Machine(
    name="offer",
    model=HousingOffer,
    stamp_field="status_changed_at",
    initial=S.PROSPECT,
    always_save=("updated_at",),
    moves=[
        sm.move(
            [S.PROSPECT, S.RELEASED],
            S.OFFERED,
            "publish",
            manual=True,
            note="offered to newcomers (again, once released)",
        ),
        sm.move(S.OFFERED, S.RESERVED, "reserve", manual=True, note="held for a match"),
        sm.move(S.RESERVED, S.OFFERED, "cancel_reservation", manual=True),
        sm.move(
            [S.OFFERED, S.RESERVED],
            S.ALLOCATED,
            "allocate",
            note="an allocation was made (the municipality's approval)",
        ),
        sm.move(
            S.ALLOCATED,
            S.OFFERED,
            "allocation_cancelled",
            note="its only allocation was cancelled before the move-in",
        ),
        sm.move(
            S.ALLOCATED,
            S.OFFERED,
            "allocation_ended",
            note="its only allocation ended before the household moved in",
        ),
        sm.move(
            S.ALLOCATED,
            S.OCCUPIED,
            "occupy",
            guard=move_in_problems,
            manual=True,
            note="the household moved in",
        ),
        sm.move(
            S.ALLOCATED,
            S.OCCUPIED,
            "move_in",
            note="the household moved here from its intermediate home",
        ),
        sm.move(S.OCCUPIED, S.RELEASED, "release", note="the current allocation ended"),
        sm.move(
            [S.PROSPECT, S.OFFERED, S.RESERVED, S.RELEASED],
            S.WITHDRAWN,
            "withdraw",
            manual=True,
            note="final",
        ),
    ],
)

ALLOCATION = sm.Machine(
    name="allocation",
    model=Allocation,
    initial=A.ACTIVE,
    always_save=("updated_at",),
    moves=[
        sm.move(
            A.ACTIVE,
            A.CANCELLED,
            "cancel",
            manual=True,
            note="before the household moved in (also when an approved match is declined)",
        ),
        sm.move(
            A.ACTIVE,
            A.ENDED,
            "end",
            manual=True,
            note="on the move-out day (also by a release or a move to a permanent home)",
        ),
    ],
)
