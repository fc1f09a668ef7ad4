"""Housing URLs: staff roles only; municipal staff manage, coordinators reserve.

Every state-changing route gets its own offer, so the order in which the matrix visits
routes and roles cannot make one route's expectations depend on another's side effects.
"""

from datetime import date

from housing.models import Allocation, HousingOffer
from tests.access import ADMIN, ANON, COORD, LOGIN, MEMBER, MUNI, Route
from tests.housing.factories import HouseholdFactory, HousingOfferFactory, HousingProviderFactory

S = HousingOffer.Status


def _allocated(world, status=S.OCCUPIED):
    offer = HousingOfferFactory(municipality=world.town, status=status)
    household = HouseholdFactory(municipality=world.town, programme=world.programme, size=1)
    return Allocation.objects.create(
        offer=offer, household=household, period=(date(2026, 2, 1), None)
    )


def build(world):
    town = world.town
    world.housing_offer = HousingOfferFactory(municipality=town, status=S.OFFERED)
    world.housing_provider = HousingProviderFactory(municipality=town)
    for action in ("publish", "reserve", "cancel", "withdraw", "occupy", "allocate"):
        status = {"publish": S.PROSPECT, "cancel": S.RESERVED, "occupy": S.ALLOCATED}.get(
            action, S.OFFERED
        )
        world.objects[f"housing_offer_{action}"] = HousingOfferFactory(
            municipality=town, status=status
        )
    world.housing_allocation = _allocated(world)


STAFF_READ = {ANON: LOGIN, COORD: 200, MUNI: 200, MEMBER: 403, ADMIN: 200}
MANAGE_GET = {ANON: LOGIN, COORD: 403, MUNI: 200, MEMBER: 403, ADMIN: 200}
# POST actions redirect back to the offer (refusals become a message on that page).
MANAGE_POST = {ANON: LOGIN, COORD: 403, MUNI: 302, MEMBER: 403, ADMIN: 302}
RESERVE_POST = {ANON: LOGIN, COORD: 302, MUNI: 302, MEMBER: 403, ADMIN: 302}


def _offer(key):
    return lambda w: {"pk": w.objects[key].pk}


def _allocation(w):
    return {"pk": w.housing_allocation.pk}


ROUTES = {
    "housing:offer_list": Route(STAFF_READ),
    "housing:offer_create": Route(MANAGE_GET),
    "housing:offer_import": Route(MANAGE_GET),
    "housing:register": Route({ANON: LOGIN, COORD: 403, MUNI: 200, MEMBER: 403, ADMIN: 200}),
    "housing:offer_detail": Route(STAFF_READ, kwargs=_offer("housing_offer")),
    "housing:offer_update": Route(MANAGE_GET, kwargs=_offer("housing_offer")),
    "housing:offer_allocate": Route(MANAGE_GET, kwargs=_offer("housing_offer_allocate")),
    "housing:offer_publish": Route(
        MANAGE_POST, kwargs=_offer("housing_offer_publish"), method="post"
    ),
    "housing:offer_withdraw": Route(
        MANAGE_POST, kwargs=_offer("housing_offer_withdraw"), method="post"
    ),
    "housing:offer_occupy": Route(
        MANAGE_POST, kwargs=_offer("housing_offer_occupy"), method="post"
    ),
    "housing:offer_reserve": Route(
        RESERVE_POST, kwargs=_offer("housing_offer_reserve"), method="post"
    ),
    "housing:offer_cancel_reservation": Route(
        RESERVE_POST, kwargs=_offer("housing_offer_cancel"), method="post"
    ),
    "housing:allocation_end": Route(MANAGE_GET, kwargs=_allocation),
    "housing:allocation_move": Route(MANAGE_GET, kwargs=_allocation),
    "housing:allocation_cancel": Route(MANAGE_POST, kwargs=_allocation, method="post"),
    "housing:provider_list": Route(STAFF_READ),
    "housing:provider_create": Route(MANAGE_GET),
    "housing:provider_update": Route(MANAGE_GET, kwargs=lambda w: {"pk": w.housing_provider.pk}),
}
