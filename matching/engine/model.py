"""Input data of the matching engine: plain frozen dataclasses, no Django.

Everything the engine needs is in a `Snapshot`; a run is a pure function of it, so a stored
snapshot (JSON) reproduces its proposals. Nationality and religion are deliberately not
fields: the only background-related input is `HouseholdIn.cultural_background`, which the
caller fills only when the household consented to cultural-familiarity matching.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Bump whenever a change can alter proposals for the same snapshot (scoring, pruning,
# formulation, tie-breaks); a snapshot only reproduces under its own version.
ALGORITHM_VERSION = "1.0.0"


@dataclass(frozen=True)
class HouseholdIn:
    """A newcomer household (its anonymous profile plus intake facts)."""

    id: int
    size: int
    acceptable_municipality_ids: frozenset[int]
    expected_arrival: date
    consent_ok: bool = False
    intake_ok: bool = False
    needs_step_free: bool = False
    needs_ground_floor: bool = False
    vulnerabilities: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    # Study goals and work sectors, as codes that groups use for their networks.
    goals: frozenset[str] = frozenset()
    # Filled only when the household consented to cultural-familiarity matching.
    cultural_background: str = ""
    # The household's voice: groups it prefers (from anonymous group profiles).
    preferred_group_ids: frozenset[int] = frozenset()
    # In programmes that allow naming: the group that named this household.
    named_group_id: int | None = None


@dataclass(frozen=True)
class GroupIn:
    """A sponsor group, as far as matching is concerned."""

    id: int
    municipality_id: int
    lat: float
    lon: float
    ready: bool
    # Households the group can still take (usually 1).
    capacity: int = 1
    max_household_size: int = 99
    supported_vulnerabilities: frozenset[str] = frozenset()
    # Municipalities the group can support a household in, besides its own.
    reach_municipality_ids: frozenset[int] = frozenset()
    # Maximum distance from the group's neighbourhood to the home; None means no limit.
    reach_km: float | None = None
    languages: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    professional_sectors: frozenset[str] = frozenset()
    # Vulnerability codes the group has experience with.
    experience: frozenset[str] = frozenset()
    cultural_familiarity: frozenset[str] = frozenset()
    # The group's voice: anonymous profiles it expressed interest in.
    interested_household_ids: frozenset[int] = frozenset()

    def reaches(self, municipality_id: int) -> bool:
        return municipality_id == self.municipality_id or (
            municipality_id in self.reach_municipality_ids
        )


@dataclass(frozen=True)
class OfferIn:
    """A housing offer (the permanent or intermediate home)."""

    id: int
    municipality_id: int
    lat: float
    lon: float
    max_occupants: int
    available_from: date
    available_until: date | None = None
    step_free: bool = False
    ground_floor: bool = False


@dataclass(frozen=True)
class Weights:
    """Per-programme weights of the soft criteria (each criterion scores in [0, 1]).

    A pairing's total score is `match_bonus` (+ `named_bonus` for a named pairing) plus the
    weighted criteria. `match_bonus` makes matching one more household worth more than
    polishing other pairings; raise it to favour the number of matches over their quality.
    """

    distance: float = 2.0
    languages: float = 2.0
    interests: float = 1.0
    goals: float = 1.0
    experience: float = 1.5
    cultural: float = 0.5
    group_interest: float = 1.5
    household_preference: float = 1.5
    housing_fit: float = 1.0
    match_bonus: float = 10.0
    named_bonus: float = 100.0
    # Distance at which the distance criterion reaches 0 (linear from 1 at 0 km).
    distance_zero_km: float = 25.0


@dataclass(frozen=True)
class Options:
    """Programme rules and solver settings that are not weights."""

    # Programme allows naming: a named household is paired only with its named group.
    allow_naming: bool = False
    # Candidate pruning per household: the best groups, and per group its best offers
    # (and symmetrically the best offers with their best groups).
    max_groups_per_household: int = 8
    max_offers_per_group: int = 6
    # Stop when the incumbent is within this relative gap of the proven bound.
    mip_rel_gap: float = 1e-3
    # Safety net for the whole run; a run stopped by it is not guaranteed reproducible.
    time_limit_s: float = 540.0
    # Close alternatives listed next to each proposal.
    alternatives: int = 3


def _sorted_by_id(items) -> tuple:
    return tuple(sorted(items, key=lambda item: item.id))


@dataclass(frozen=True)
class Snapshot:
    """All inputs of one run, canonically ordered; serialisable with `to_json()`."""

    households: tuple[HouseholdIn, ...]
    groups: tuple[GroupIn, ...]
    offers: tuple[OfferIn, ...]
    weights: Weights = field(default_factory=Weights)
    options: Options = field(default_factory=Options)
    # (household id, group id) and (household id, offer id) pairs declined by either side.
    declined_groups: frozenset[tuple[int, int]] = frozenset()
    declined_offers: frozenset[tuple[int, int]] = frozenset()
    # Plain-language labels for explanations; ids/codes are shown when a label is missing.
    municipality_names: dict[int, str] = field(default_factory=dict)
    code_labels: dict[str, str] = field(default_factory=dict)
    algorithm_version: str = ALGORITHM_VERSION

    def __post_init__(self):
        # Canonical order makes the run independent of the order the caller loaded rows in.
        for name in ("households", "groups", "offers"):
            items = _sorted_by_id(getattr(self, name))
            ids = [item.id for item in items]
            if len(ids) != len(set(ids)):
                raise ValueError(f"duplicate ids in {name}")
            object.__setattr__(self, name, items)
        object.__setattr__(
            self, "declined_groups", frozenset(tuple(pair) for pair in self.declined_groups)
        )
        object.__setattr__(
            self, "declined_offers", frozenset(tuple(pair) for pair in self.declined_offers)
        )

    def to_json(self) -> str:
        """Stable JSON (sorted keys, sorted sets): equal snapshots give equal strings."""
        from .serialise import snapshot_to_json

        return snapshot_to_json(self)

    @classmethod
    def from_json(cls, text: str) -> Snapshot:
        from .serialise import snapshot_from_json

        return snapshot_from_json(text)

    def municipality_name(self, municipality_id: int) -> str:
        return self.municipality_names.get(municipality_id, f"municipality {municipality_id}")

    def label(self, code: str) -> str:
        return self.code_labels.get(code, code.replace("_", " "))
