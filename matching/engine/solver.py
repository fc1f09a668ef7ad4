"""Exact decomposition into independent sub-problems and their MILP solution (HiGHS).

Formulation over the candidate pairings c = (h, g, o) with score s_c:

    maximise   sum_c s_c x_c
    subject to sum_{c ∋ h} x_c <= 1            for every household h
               sum_{c ∋ g} x_c <= capacity_g   for every group g
               sum_{c ∋ o} x_c <= 1            for every offer o
               x_c in {0, 1}

Two households interact only through a shared group or offer, so the connected components
of the candidate graph are independent problems: solving them separately is exact and the
objectives and bounds add up.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from .candidates import Candidate, candidate_order
from .results import OPTIMAL, TIME_LIMIT, WITHIN_GAP


@dataclass(frozen=True)
class Solved:
    chosen: tuple[Candidate, ...]
    objective: float
    bound: float
    status: str
    seconds: float


class _UnionFind:
    def __init__(self):
        self.parent: dict = {}

    def find(self, key):
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def components(candidates: list[Candidate]) -> list[list[Candidate]]:
    """Independent sub-problems, ordered by their lowest household id."""
    uf = _UnionFind()
    for c in candidates:
        uf.union(("h", c.household_id), ("g", c.group_id))
        uf.union(("h", c.household_id), ("o", c.offer_id))
    parts: dict = defaultdict(list)
    for c in candidates:
        parts[uf.find(("h", c.household_id))].append(c)
    ordered = [sorted(part, key=candidate_order) for part in parts.values()]
    return sorted(ordered, key=lambda part: min(c.household_id for c in part))


def greedy_select(candidates: list[Candidate], capacity: dict[int, int]) -> list[Candidate]:
    """Highest score first, skipping pairings whose household, group or offer is taken."""
    used_h, used_o, used_g = set(), set(), defaultdict(int)
    chosen = []
    for c in sorted(candidates, key=candidate_order):
        if (c.household_id in used_h or c.offer_id in used_o
                or used_g[c.group_id] >= capacity[c.group_id]):
            continue
        chosen.append(c)
        used_h.add(c.household_id)
        used_o.add(c.offer_id)
        used_g[c.group_id] += 1
    return chosen


def _objective(chosen) -> float:
    return round(sum(c.score for c in chosen), 9)


def _constraint_matrix(candidates, capacity):
    households = sorted({c.household_id for c in candidates})
    groups = sorted({c.group_id for c in candidates})
    offers = sorted({c.offer_id for c in candidates})
    row = {("h", k): i for i, k in enumerate(households)}
    row.update({("g", k): len(households) + i for i, k in enumerate(groups)})
    base = len(households) + len(groups)
    row.update({("o", k): base + i for i, k in enumerate(offers)})
    rows, cols = [], []
    for j, c in enumerate(candidates):
        rows += [row["h", c.household_id], row["g", c.group_id], row["o", c.offer_id]]
        cols += [j, j, j]
    matrix = csr_array((np.ones(len(rows)), (rows, cols)), shape=(len(row), len(candidates)))
    upper = ([1.0] * len(households)
             + [float(min(capacity[g], len(households))) for g in groups]
             + [1.0] * len(offers))
    return matrix, np.array(upper)


def solve_component(candidates: list[Candidate], capacity: dict[int, int], *,
                    mip_rel_gap: float, time_limit: float) -> Solved:
    """Optimal (or within the gap) selection of pairings in one sub-problem."""
    start = time.perf_counter()
    if len({c.household_id for c in candidates}) == 1:
        best = (candidates[0],)  # already sorted best first
        return Solved(best, best[0].score, best[0].score, OPTIMAL, 0.0)
    matrix, upper = _constraint_matrix(candidates, capacity)
    scores = np.array([c.score for c in candidates])
    result = milp(
        c=-scores, integrality=np.ones(len(candidates)), bounds=Bounds(0, 1),
        constraints=LinearConstraint(matrix, -np.inf, upper),
        options={"mip_rel_gap": mip_rel_gap, "time_limit": max(1.0, time_limit),
                 "presolve": True})
    if result.x is None:  # stopped before any incumbent: fall back to the greedy choice
        chosen = tuple(greedy_select(candidates, capacity))
    else:
        chosen = tuple(c for c, x in zip(candidates, result.x, strict=True) if x > 0.5)
    objective = _objective(chosen)
    bound = _bound(result, candidates, objective)
    status = _status(result, objective, bound)
    return Solved(chosen, objective, bound, status, time.perf_counter() - start)


def _bound(result, candidates, objective) -> float:
    if result.mip_dual_bound is not None and np.isfinite(result.mip_dual_bound):
        # HiGHS minimises -score, so its dual (lower) bound negated bounds our maximum.
        return max(objective, round(-float(result.mip_dual_bound), 9))
    best = defaultdict(float)
    for c in candidates:  # trivial bound: every household gets its best pairing
        best[c.household_id] = max(best[c.household_id], c.score)
    return max(objective, round(sum(best.values()), 9))


def _status(result, objective, bound) -> str:
    if result.status != 0:
        return TIME_LIMIT
    return OPTIMAL if bound - objective <= 1e-6 * max(1.0, abs(bound)) else WITHIN_GAP
