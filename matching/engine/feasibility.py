"""The hard constraints, one small predicate each.

These predicates are the single definition of "allowed": candidate generation, the greedy
baseline, pre-selection and the explanations all call them.
"""

from __future__ import annotations

import math

from .model import GroupIn, HouseholdIn, OfferIn, Snapshot

EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def group_offer_km(group: GroupIn, offer: OfferIn) -> float:
    return distance_km(group.lat, group.lon, offer.lat, offer.lon)


def household_cleared(household: HouseholdIn) -> bool:
    """Consent and intake are in place (needed for the run, not for pre-selection)."""
    return household.consent_ok and household.intake_ok


def offer_fits_home(household: HouseholdIn, offer: OfferIn) -> bool:
    """The dwelling suits the household: occupants, step-free access, ground floor."""
    return (
        household.size <= offer.max_occupants
        and (offer.step_free or not household.needs_step_free)
        and (offer.ground_floor or not household.needs_ground_floor)
    )


def offer_available(household: HouseholdIn, offer: OfferIn) -> bool:
    """The offer is available on the expected arrival date."""
    arrival = household.expected_arrival
    return offer.available_from <= arrival and (
        offer.available_until is None or arrival <= offer.available_until
    )


def offer_fits(household: HouseholdIn, offer: OfferIn) -> bool:
    """Home fits, lies in an acceptable municipality and is available at arrival."""
    return (
        offer.municipality_id in household.acceptable_municipality_ids
        and offer_fits_home(household, offer)
        and offer_available(household, offer)
    )


def group_able(group: GroupIn) -> bool:
    """The group is ready for matching and has a place left."""
    return group.ready and group.capacity > 0


def group_supports(household: HouseholdIn, group: GroupIn) -> bool:
    """The group supports the household's size and every one of its vulnerabilities."""
    return (
        household.size <= group.max_household_size
        and household.vulnerabilities <= group.supported_vulnerabilities
    )


def group_fits(household: HouseholdIn, group: GroupIn) -> bool:
    """Able, supportive, and active in at least one acceptable municipality."""
    return (
        group_able(group)
        and group_supports(household, group)
        and any(group.reaches(m) for m in household.acceptable_municipality_ids)
    )


def group_reaches_offer(group: GroupIn, offer: OfferIn) -> bool:
    """The home lies in a municipality the group works in and within its distance."""
    return group_reaches_offer_at(group, offer, group_offer_km(group, offer))


def group_reaches_offer_at(group: GroupIn, offer: OfferIn, km: float) -> bool:
    """`group_reaches_offer` with the distance already computed."""
    return group.reaches(offer.municipality_id) and (group.reach_km is None or km <= group.reach_km)


def naming_allows(snapshot: Snapshot, household: HouseholdIn, group: GroupIn) -> bool:
    """In naming programmes a named household is paired with its named group only."""
    if not snapshot.options.allow_naming or household.named_group_id is None:
        return True
    return group.id == household.named_group_id


def is_named(snapshot: Snapshot, household: HouseholdIn, group: GroupIn) -> bool:
    return snapshot.options.allow_naming and household.named_group_id == group.id


def triple_allowed(
    snapshot: Snapshot, household: HouseholdIn, group: GroupIn, offer: OfferIn
) -> bool:
    """Every hard constraint of one pairing except the shared capacities."""
    return (
        household_cleared(household)
        and offer_fits(household, offer)
        and group_fits(household, group)
        and group_reaches_offer(group, offer)
        and naming_allows(snapshot, household, group)
        and (household.id, group.id) not in snapshot.declined_groups
        and (household.id, offer.id) not in snapshot.declined_offers
    )
