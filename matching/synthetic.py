"""Seeded synthetic matching instances for the benchmark and the tests (no Django).

Shapes follow the domain: towns of very different sizes (groups and offers follow
population), households of 1-8 people (resettled families are often large) accepting 1-3
neighbouring towns, groups that usually take one household and work in their own town and
a few nearby ones, and homes of 2-8 occupants, some step-free or on the ground floor.
Codes mirror `sponsorship.vocab` and `newcomers.choices` without importing Django.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from matching.engine import GroupIn, HouseholdIn, OfferIn, Options, Snapshot, Weights

VULNERABILITIES = {  # code -> share of households with it
    "medical": 0.08,
    "mental_health": 0.10,
    "disability": 0.05,
    "single_parent": 0.10,
    "lgbtqi": 0.03,
    "survivor_of_violence": 0.08,
    "elderly": 0.05,
    "chronic_illness": 0.06,
    "low_literacy": 0.10,
}
LABELS = {
    "medical": "medical needs",
    "mental_health": "mental health needs",
    "disability": "disability",
    "single_parent": "single parent",
    "lgbtqi": "LGBTQI+",
    "survivor_of_violence": "survivor of violence or torture",
    "elderly": "elderly person",
    "chronic_illness": "chronic illness",
    "low_literacy": "low literacy",
}
NEWCOMER_LANGUAGES = ["ar", "fa", "prs", "ps", "ti", "am", "so", "ku", "tr", "uk", "sw", "fr"]
GROUP_LANGUAGES = {
    "en": 0.7,
    "fr": 0.15,
    "de": 0.2,
    "ar": 0.08,
    "tr": 0.05,
    "fa": 0.03,
    "uk": 0.03,
    "es": 0.1,
}
INTERESTS = [
    "football",
    "sports",
    "cooking",
    "music",
    "gardening",
    "crafts",
    "art",
    "reading",
    "technology",
    "nature",
    "cycling",
    "children",
    "volunteering",
]
GOALS = [
    "healthcare",
    "education",
    "construction",
    "it",
    "hospitality",
    "agriculture",
    "logistics",
    "retail",
    "care",
    "administration",
    "language",
    "vocational",
    "higher",
]
BACKGROUNDS = ["middle_east", "horn_of_africa", "central_asia", "great_lakes", "eastern_europe"]
HOUSEHOLD_SIZES = (
    [1] * 25 + [2] * 15 + [3] * 15 + [4] * 15 + [5] * 12 + [6] * 10 + [7] * 5 + [8] * 3
)
OFFER_SIZES = [2] * 20 + [3] * 15 + [4] * 25 + [5] * 15 + [6] * 15 + [8] * 10
GROUP_MAX_SIZES = [4] * 20 + [5] * 20 + [6] * 30 + [8] * 20 + [10] * 10
ARRIVAL = date(2026, 6, 1)


class _Towns:
    def __init__(self, rng: random.Random, n: int):
        # Roughly the Netherlands and Flanders; sizes are heavy-tailed like populations.
        self.coords = [(rng.uniform(50.8, 53.4), rng.uniform(3.5, 7.1)) for _ in range(n)]
        self.weights = [rng.lognormvariate(0, 1) for _ in range(n)]
        self.ids = list(range(1, n + 1))
        self.near = [sorted(range(n), key=lambda j, i=i: (self.km(i, j), j)) for i in range(n)]

    def km(self, i: int, j: int) -> float:
        (a, b), (c, d) = self.coords[i], self.coords[j]
        return math.hypot((a - c) * 111.2, (b - d) * 111.2 * math.cos(math.radians(52)))

    def pick(self, rng) -> int:
        return rng.choices(range(len(self.ids)), weights=self.weights)[0]

    def point(self, rng, i: int) -> tuple[float, float]:
        lat, lon = self.coords[i]
        return lat + rng.uniform(-0.02, 0.02), lon + rng.uniform(-0.03, 0.03)


def _some(rng, items, k_low, k_high) -> frozenset:
    return frozenset(rng.sample(items, rng.randint(k_low, k_high)))


def _household(rng, towns: _Towns, hid: int) -> HouseholdIn:
    home = towns.pick(rng)
    accepted = towns.near[home][: rng.choices([1, 2, 3], weights=[40, 35, 25])[0]]
    vulnerabilities = frozenset(v for v, share in VULNERABILITIES.items() if rng.random() < share)
    mobility = bool(vulnerabilities & {"disability", "elderly"})
    return HouseholdIn(
        id=hid,
        size=rng.choice(HOUSEHOLD_SIZES),
        acceptable_municipality_ids=frozenset(towns.ids[i] for i in accepted),
        expected_arrival=ARRIVAL + timedelta(days=rng.randint(0, 90)),
        consent_ok=rng.random() < 0.95,
        intake_ok=rng.random() < 0.93,
        needs_step_free=mobility and rng.random() < 0.6 or rng.random() < 0.03,
        needs_ground_floor=mobility and rng.random() < 0.4 or rng.random() < 0.03,
        vulnerabilities=vulnerabilities,
        languages=_some(rng, NEWCOMER_LANGUAGES, 1, 2) | ({"en"} if rng.random() < 0.3 else set()),
        interests=_some(rng, INTERESTS, 0, 3),
        goals=_some(rng, GOALS, 0, 2),
        cultural_background=rng.choice(BACKGROUNDS) if rng.random() < 0.4 else "",
    )


def _group(rng, towns: _Towns, gid: int) -> GroupIn:
    town = towns.pick(rng)
    lat, lon = towns.point(rng, town)
    supported = frozenset(v for v in VULNERABILITIES if rng.random() < 0.55)
    nearby = [j for j in towns.near[town][1:4] if towns.km(town, j) <= 15]
    return GroupIn(
        id=gid,
        municipality_id=towns.ids[town],
        lat=lat,
        lon=lon,
        ready=rng.random() < 0.9,
        capacity=rng.choices([1, 2, 3], weights=[85, 12, 3])[0],
        max_household_size=rng.choice(GROUP_MAX_SIZES),
        supported_vulnerabilities=supported,
        reach_municipality_ids=frozenset(towns.ids[j] for j in nearby),
        reach_km=20.0,
        languages=frozenset(
            {"nl"} | {lang for lang, share in GROUP_LANGUAGES.items() if rng.random() < share}
        ),
        interests=_some(rng, INTERESTS, 2, 4),
        professional_sectors=_some(rng, GOALS, 1, 3),
        experience=frozenset(v for v in sorted(supported) if rng.random() < 0.4),
        cultural_familiarity=frozenset({rng.choice(BACKGROUNDS)} if rng.random() < 0.25 else set()),
    )


def _offer(rng, towns: _Towns, oid: int) -> OfferIn:
    town = towns.pick(rng)
    lat, lon = towns.point(rng, town)
    late = rng.random() < 0.15
    start = ARRIVAL + (
        timedelta(days=rng.randint(30, 150)) if late else -timedelta(days=rng.randint(0, 60))
    )
    until = None if rng.random() < 0.8 else ARRIVAL + timedelta(days=rng.randint(30, 365))
    return OfferIn(
        id=oid,
        municipality_id=towns.ids[town],
        lat=lat,
        lon=lon,
        max_occupants=rng.choice(OFFER_SIZES),
        available_from=start,
        available_until=until,
        step_free=rng.random() < 0.2,
        ground_floor=rng.random() < 0.3,
    )


def _voices(rng, households, groups, allow_naming):
    """Group interest, household preferences, naming and declines between nearby parties."""
    by_town: dict[int, list[GroupIn]] = {}
    for g in groups:
        by_town.setdefault(g.municipality_id, []).append(g)
    interest: dict[int, set[int]] = {}
    out, declined = [], set()
    for h in households:
        local = [g for m in sorted(h.acceptable_municipality_ids) for g in by_town.get(m, [])]
        preferred, named = frozenset(), None
        if local and rng.random() < 0.3:
            preferred = frozenset(g.id for g in rng.sample(local, min(len(local), 2)))
        if local and rng.random() < 0.3:
            interest.setdefault(rng.choice(local).id, set()).add(h.id)
        if local and allow_naming and rng.random() < 0.02:
            named = rng.choice(local).id
        if local and rng.random() < 0.02:
            declined.add((h.id, rng.choice(local).id))
        out.append(_replace(h, preferred_group_ids=preferred, named_group_id=named))
    groups = [
        _replace(g, interested_household_ids=frozenset(interest.get(g.id, ()))) for g in groups
    ]
    return out, groups, frozenset(declined)


def _replace(obj, **changes):
    import dataclasses

    return dataclasses.replace(obj, **changes)


def generate(
    n_households: int,
    n_groups: int,
    n_offers: int,
    n_municipalities: int,
    *,
    seed: int = 0,
    options: Options | None = None,
    weights: Weights | None = None,
) -> Snapshot:
    """A reproducible instance: the same arguments always give the same snapshot."""
    rng = random.Random(seed)
    towns = _Towns(rng, n_municipalities)
    households = [_household(rng, towns, i) for i in range(1, n_households + 1)]
    groups = [_group(rng, towns, i) for i in range(1, n_groups + 1)]
    offers = [_offer(rng, towns, i) for i in range(1, n_offers + 1)]
    options = options or Options(allow_naming=True)
    households, groups, declined = _voices(rng, households, groups, options.allow_naming)
    return Snapshot(
        households=tuple(households),
        groups=tuple(groups),
        offers=tuple(offers),
        weights=weights or Weights(),
        options=options,
        declined_groups=declined,
        municipality_names={m: f"Town {m}" for m in towns.ids},
        code_labels=dict(LABELS),
    )
