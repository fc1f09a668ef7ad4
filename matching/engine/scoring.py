"""The soft criteria: each scores a pairing in [0, 1]; weights come from the programme.

A pairing's score separates into a household-group part, a household-offer part and a
group-offer part (the distance from the group's neighbourhood to the home). Candidate
generation uses that separation to rank pairs quickly; `total_score` is the one definition
of the objective coefficient and is used by the solver, the baseline and the tests alike.
"""

from __future__ import annotations

from .feasibility import group_offer_km
from .model import GroupIn, HouseholdIn, OfferIn, Weights

GROUP_CRITERIA = (
    "languages",
    "interests",
    "goals",
    "experience",
    "cultural",
    "group_interest",
    "household_preference",
)
OFFER_CRITERIA = ("housing_fit",)
LINK_CRITERIA = ("distance",)
CRITERIA = LINK_CRITERIA + GROUP_CRITERIA + OFFER_CRITERIA

# Shared items beyond these counts add nothing: one or two common languages already make
# daily contact possible; three shared interests are plenty to start with.
LANGUAGES_ENOUGH = 2
INTERESTS_ENOUGH = 3
GOALS_ENOUGH = 2


def _coverage(wanted: frozenset, offered: frozenset, enough: int | None = None) -> float:
    """Share of what the household wants that the group offers (0 when it wants nothing)."""
    if not wanted:
        return 0.0
    needed = len(wanted) if enough is None else min(len(wanted), enough)
    return min(1.0, len(wanted & offered) / needed)


def group_scores(household: HouseholdIn, group: GroupIn) -> dict[str, float]:
    """The household-group criteria, each in [0, 1]."""
    return {
        "languages": _coverage(household.languages, group.languages, LANGUAGES_ENOUGH),
        "interests": _coverage(household.interests, group.interests, INTERESTS_ENOUGH),
        "goals": _coverage(household.goals, group.professional_sectors, GOALS_ENOUGH),
        "experience": _coverage(household.vulnerabilities, group.experience),
        # Only a consented background reaches the engine; nationality/religion never do.
        "cultural": float(
            bool(household.cultural_background)
            and household.cultural_background in group.cultural_familiarity
        ),
        "group_interest": float(household.id in group.interested_household_ids),
        "household_preference": float(group.id in household.preferred_group_ids),
    }


def offer_scores(household: HouseholdIn, offer: OfferIn) -> dict[str, float]:
    # A large home for a small household wastes what larger families cannot do without.
    return {"housing_fit": min(1.0, household.size / max(1, offer.max_occupants))}


def distance_score(km: float, weights: Weights) -> float:
    return max(0.0, 1.0 - km / weights.distance_zero_km)


def link_scores(group: GroupIn, offer: OfferIn, weights: Weights) -> dict[str, float]:
    return {"distance": distance_score(group_offer_km(group, offer), weights)}


def weighted(scores: dict[str, float], weights: Weights) -> float:
    return sum(getattr(weights, name) * value for name, value in scores.items())


def group_part(household: HouseholdIn, group: GroupIn, weights: Weights) -> float:
    return weighted(group_scores(household, group), weights)


def offer_part(household: HouseholdIn, offer: OfferIn, weights: Weights) -> float:
    return weighted(offer_scores(household, offer), weights)


def all_scores(
    household: HouseholdIn, group: GroupIn, offer: OfferIn, weights: Weights
) -> dict[str, float]:
    """Every criterion of one pairing, in the order of `CRITERIA`."""
    scores = {
        **link_scores(group, offer, weights),
        **group_scores(household, group),
        **offer_scores(household, offer),
    }
    return {name: scores[name] for name in CRITERIA}


def link_part_at(km: float, weights: Weights) -> float:
    return weighted({"distance": distance_score(km, weights)}, weights)


def combine(
    weights: Weights, named: bool, group_value: float, offer_value: float, link_value: float
) -> float:
    """The objective coefficient from its parts; rounded so that reruns compare exactly."""
    value = (
        weights.match_bonus
        + (weights.named_bonus if named else 0.0)
        + group_value
        + offer_value
        + link_value
    )
    return round(value, 9)


def total_score(
    household: HouseholdIn, group: GroupIn, offer: OfferIn, weights: Weights, named: bool = False
) -> float:
    """Objective coefficient of a pairing (the reference definition)."""
    return combine(
        weights,
        named,
        group_part(household, group, weights),
        offer_part(household, offer, weights),
        link_part_at(group_offer_km(group, offer), weights),
    )
