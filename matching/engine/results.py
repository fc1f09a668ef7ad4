"""Output data of the engine: proposals with explanations, unmatched households with reasons.

Every explanation has a stable `code` with `params` (for translation by the caller) and an
English `text` rendering of the same facts.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reason:
    """Why a household is not eligible or not matched."""

    code: str
    text: str
    params: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class WhatIf:
    """The smallest change found that would make the household matchable."""

    code: str
    text: str
    params: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class CriterionScore:
    criterion: str
    score: float  # in [0, 1]
    weight: float
    points: float  # score * weight, the contribution to the total
    text: str
    # Facts behind `text`, for translation by the caller.
    params: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Alternative:
    """A pairing for the same household that came close, and why it was not chosen."""

    group_id: int
    offer_id: int
    total_score: float
    difference: float  # alternative minus chosen; > 0 only when its group or offer went elsewhere
    text: str
    params: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Proposal:
    household_id: int
    group_id: int
    offer_id: int
    total_score: float
    named: bool
    criteria: tuple[CriterionScore, ...]
    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True)
class Unmatched:
    household_id: int
    reasons: tuple[Reason, ...]
    what_if: tuple[WhatIf, ...]


@dataclass(frozen=True)
class Ineligible:
    household_id: int
    reasons: tuple[Reason, ...]
    what_if: tuple[WhatIf, ...]


@dataclass(frozen=True)
class PreselectionResult:
    eligible: tuple[int, ...]
    ineligible: tuple[Ineligible, ...]


# Run statuses, from best to worst; a run's status is the worst of its sub-problems.
OPTIMAL = "optimal"
WITHIN_GAP = "within_gap"
TIME_LIMIT = "time_limit"
HEURISTIC = "heuristic"  # the greedy baseline: no bound
STATUS_ORDER = (OPTIMAL, WITHIN_GAP, TIME_LIMIT, HEURISTIC)


@dataclass(frozen=True)
class RunResult:
    """A run: proposals, unmatched households, objective and its proven bound."""

    algorithm_version: str
    status: str
    proposals: tuple[Proposal, ...]
    unmatched: tuple[Unmatched, ...]
    objective: float
    bound: float | None  # proven upper bound on the objective over the candidate set
    gap: float | None  # (bound - objective) / bound
    timings: dict[str, float] = field(default_factory=dict, compare=False, hash=False)
    stats: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    def assignment(self) -> dict[int, tuple[int, int]]:
        """household id -> (group id, offer id): what determinism is checked on."""
        return {p.household_id: (p.group_id, p.offer_id) for p in self.proposals}

    def to_dict(self) -> dict:
        """Plain JSON-ready data (to store with the run)."""
        return dataclasses.asdict(self)
