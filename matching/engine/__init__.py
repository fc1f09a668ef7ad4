"""The matching engine: pure Python over frozen dataclasses, no Django, no ORM.

Public API (see docs/matching.md):

- inputs: `HouseholdIn`, `GroupIn`, `OfferIn`, `Weights`, `Options`, `Snapshot`
- phase 1: `preselect(snapshot) -> PreselectionResult`
- phase 2: `run_matching(snapshot, progress=None, should_cancel=None) -> RunResult`
- baseline: `run_greedy(snapshot) -> RunResult`
- outputs: `RunResult`, `Proposal`, `CriterionScore`, `Alternative`, `Unmatched`,
  `Reason`, `WhatIf`, `PreselectionResult`, `Ineligible`
"""

from .model import ALGORITHM_VERSION, GroupIn, HouseholdIn, OfferIn, Options, Snapshot, Weights
from .results import (
    HEURISTIC,
    OPTIMAL,
    TIME_LIMIT,
    WITHIN_GAP,
    Alternative,
    CriterionScore,
    Ineligible,
    PreselectionResult,
    Proposal,
    Reason,
    RunResult,
    Unmatched,
    WhatIf,
)
from .run import MatchingCancelled, SnapshotVersionError, preselect, run_greedy, run_matching
from .scoring import CRITERIA, total_score

__all__ = [
    "ALGORITHM_VERSION",
    "CRITERIA",
    "HEURISTIC",
    "OPTIMAL",
    "TIME_LIMIT",
    "WITHIN_GAP",
    "Alternative",
    "CriterionScore",
    "GroupIn",
    "HouseholdIn",
    "Ineligible",
    "MatchingCancelled",
    "OfferIn",
    "Options",
    "PreselectionResult",
    "Proposal",
    "Reason",
    "RunResult",
    "Snapshot",
    "SnapshotVersionError",
    "Unmatched",
    "Weights",
    "WhatIf",
    "preselect",
    "run_greedy",
    "run_matching",
    "total_score",
]
