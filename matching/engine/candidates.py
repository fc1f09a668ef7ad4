"""Candidate pairings per household: every hard constraint applied, then pruned.

A household is compared only with the groups active in, and the offers located in, its
acceptable municipalities (dictionary look-ups, not a scan). Of the allowed (group, offer)
pairs we keep, for the best `max_groups_per_household` groups, their best
`max_offers_per_group` offers, and symmetrically for the best offers their best groups.
Ranking uses numpy on the separable score; every kept pair is re-checked and re-scored
with the scalar definitions, so numpy rounding can never admit a forbidden pair.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import chain

import numpy as np

from .feasibility import (
    EARTH_RADIUS_KM,
    group_fits,
    group_offer_km,
    group_reaches_offer_at,
    household_cleared,
    is_named,
    naming_allows,
    offer_fits,
)
from .model import GroupIn, HouseholdIn, OfferIn, Snapshot
from .scoring import combine, group_part, link_part_at, offer_part


@dataclass(frozen=True)
class Candidate:
    """One allowed pairing and its objective coefficient."""

    household_id: int
    group_id: int
    offer_id: int
    score: float


def candidate_order(candidate: Candidate):
    """Best first, ties broken by ids: the one order used everywhere."""
    return (-candidate.score, candidate.household_id, candidate.group_id, candidate.offer_id)


class Index:
    """Look-ups by id and by municipality for one snapshot."""

    def __init__(self, snapshot: Snapshot):
        self.snapshot = snapshot
        self.households = {h.id: h for h in snapshot.households}
        self.groups = {g.id: g for g in snapshot.groups}
        self.offers = {o.id: o for o in snapshot.offers}
        self.offers_by_municipality: dict[int, list[OfferIn]] = defaultdict(list)
        for offer in snapshot.offers:
            self.offers_by_municipality[offer.municipality_id].append(offer)
        self.groups_by_municipality: dict[int, list[GroupIn]] = defaultdict(list)
        for group in snapshot.groups:
            for m in {group.municipality_id} | group.reach_municipality_ids:
                self.groups_by_municipality[m].append(group)

    def offers_in(self, municipality_ids) -> list[OfferIn]:
        found = chain.from_iterable(
            self.offers_by_municipality.get(m, ()) for m in municipality_ids
        )
        return sorted(found, key=lambda o: o.id)

    def groups_reaching(self, municipality_ids) -> list[GroupIn]:
        found = {g.id: g for m in municipality_ids for g in self.groups_by_municipality.get(m, ())}
        return [found[key] for key in sorted(found)]

    def allowed_offers(self, household: HouseholdIn) -> list[OfferIn]:
        declined = self.snapshot.declined_offers
        return [
            o
            for o in self.offers_in(household.acceptable_municipality_ids)
            if offer_fits(household, o) and (household.id, o.id) not in declined
        ]

    def allowed_groups(self, household: HouseholdIn) -> list[GroupIn]:
        declined = self.snapshot.declined_groups
        return [
            g
            for g in self.groups_reaching(household.acceptable_municipality_ids)
            if group_fits(household, g)
            and naming_allows(self.snapshot, household, g)
            and (household.id, g.id) not in declined
        ]


def household_candidates(index: Index, household: HouseholdIn) -> list[Candidate]:
    """The pruned allowed pairings of one household, best first."""
    if not household_cleared(household):
        return []
    groups = index.allowed_groups(household)
    offers = index.allowed_offers(household)
    if not groups or not offers:
        return []
    snapshot, weights = index.snapshot, index.snapshot.weights
    a = [group_part(household, g, weights) for g in groups]
    b = [offer_part(household, o, weights) for o in offers]
    found = []
    for gi, oi in _prune_pairs(groups, offers, a, b, snapshot):
        group, offer = groups[gi], offers[oi]
        km = group_offer_km(group, offer)
        if not group_reaches_offer_at(group, offer, km):  # the scalar check is authoritative
            continue
        # Same parts, same order of additions as `total_score`, hence the same value.
        score = combine(
            weights, is_named(snapshot, household, group), a[gi], b[oi], link_part_at(km, weights)
        )
        found.append(Candidate(household.id, group.id, offer.id, score))
    return sorted(found, key=candidate_order)


def all_candidates(index: Index) -> dict[int, list[Candidate]]:
    return {h.id: household_candidates(index, h) for h in index.snapshot.households}


def _haversine(glat, glon, olat, olon) -> np.ndarray:
    p1, p2 = np.radians(glat)[:, None], np.radians(olat)[None, :]
    dl = np.radians(olon[None, :] - glon[:, None])
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def _pair_matrix(groups, offers, a, b, snapshot) -> np.ndarray:
    """Separable score of every (group, offer) pair; -inf where the group cannot reach."""
    weights = snapshot.weights
    a, b = np.array(a), np.array(b)
    km = _haversine(
        np.array([g.lat for g in groups]),
        np.array([g.lon for g in groups]),
        np.array([o.lat for o in offers]),
        np.array([o.lon for o in offers]),
    )
    towns = sorted({o.municipality_id for o in offers})
    town_of_offer = np.array([towns.index(o.municipality_id) for o in offers])
    reaches_town = np.array([[g.reaches(m) for m in towns] for g in groups])
    reach_km = np.array([np.inf if g.reach_km is None else g.reach_km for g in groups])
    # A little slack: borderline pairs are settled by the scalar check afterwards.
    allowed = reaches_town[:, town_of_offer] & (km <= reach_km[:, None] + 1e-6)
    dist = np.maximum(0.0, 1.0 - km / weights.distance_zero_km)
    matrix = a[:, None] + b[None, :] + weights.distance * dist
    return np.where(allowed, matrix, -np.inf)


def _best(values: np.ndarray, k: int) -> list[int]:
    """Indices of the k largest finite values, ties to the lower index (lower id)."""
    order = np.lexsort((np.arange(len(values)), -values))
    return [int(i) for i in order[:k] if np.isfinite(values[i])]


def _prune_pairs(groups, offers, a, b, snapshot) -> list[tuple[int, int]]:
    options = snapshot.options
    matrix = _pair_matrix(groups, offers, a, b, snapshot)
    kept = set()
    for gi in _best(matrix.max(axis=1), options.max_groups_per_household):
        kept.update((gi, oi) for oi in _best(matrix[gi], options.max_offers_per_group))
    for oi in _best(matrix.max(axis=0), options.max_offers_per_group):
        kept.update((gi, oi) for gi in _best(matrix[:, oi], options.max_groups_per_household))
    return sorted(kept)
