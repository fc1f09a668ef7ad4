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
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
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
        if (
            c.household_id in used_h
            or c.offer_id in used_o
            or used_g[c.group_id] >= capacity[c.group_id]
        ):
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
    upper = (
        [1.0] * len(households)
        + [float(min(capacity[g], len(households))) for g in groups]
        + [1.0] * len(offers)
    )
    return matrix, np.array(upper)


def solve_component(
    candidates: list[Candidate], capacity: dict[int, int], *, mip_rel_gap: float, time_limit: float
) -> Solved:
    """Optimal (or within the gap) selection of pairings in one sub-problem.

    LP relaxation first: its value is a proven bound and its solution is mostly integral.
    The integral part is fixed and the small fractional rest solved as a MILP. Only if that
    misses the gap is the full MILP run (always on small instances with gap 0).
    """
    start = time.perf_counter()
    if len({c.household_id for c in candidates}) == 1:
        best = (candidates[0],)  # already sorted best first
        return Solved(best, best[0].score, best[0].score, OPTIMAL, 0.0)
    deadline = start + max(1.0, time_limit)
    lp = _lp_relaxation(candidates, capacity, deadline)
    if lp is None:  # the LP did not finish in time: the MILP does what it can
        return _full_milp(candidates, capacity, mip_rel_gap, deadline, start, None)
    lp_bound, x = lp
    fixed = [c for c, v in zip(candidates, x, strict=True) if v > 1 - INTEGRAL_TOL]
    rest = _residual(candidates, capacity, fixed)
    chosen = tuple(fixed) + (
        _milp_choice(rest, capacity, fixed, mip_rel_gap, deadline)[0] if rest else ()
    )
    objective = _objective(chosen)
    bound = max(objective, lp_bound)
    if _gap(objective, bound) <= mip_rel_gap or time.perf_counter() >= deadline:
        status = _status_from_gap(objective, bound, finished=True)
        return Solved(chosen, objective, bound, status, time.perf_counter() - start)
    full = _full_milp(candidates, capacity, mip_rel_gap, deadline, start, lp_bound)
    return (
        full
        if full.objective > objective
        else Solved(
            chosen,
            objective,
            min(bound, max(objective, full.bound)),
            _status_from_gap(objective, min(bound, max(objective, full.bound)), finished=False),
            time.perf_counter() - start,
        )
    )


# LP values closer than this to 1 count as chosen (HiGHS's primal feasibility tolerance).
INTEGRAL_TOL = 1e-6


def _lp_relaxation(candidates, capacity, deadline):
    matrix, upper = _constraint_matrix(candidates, capacity)
    scores = np.array([c.score for c in candidates])
    result = linprog(
        -scores,
        A_ub=matrix,
        b_ub=upper,
        bounds=(0, 1),
        method="highs-ds",
        options={"time_limit": max(1.0, deadline - time.perf_counter())},
    )
    if result.status != 0:
        return None
    return round(-float(result.fun), 9), result.x


def _residual(candidates, capacity, fixed) -> list[Candidate]:
    """Candidates still possible once the fixed pairings hold their resources."""
    used_h = {c.household_id for c in fixed}
    used_o = {c.offer_id for c in fixed}
    used_g = defaultdict(int)
    for c in fixed:
        used_g[c.group_id] += 1
    return [
        c
        for c in candidates
        if c.household_id not in used_h
        and c.offer_id not in used_o
        and used_g[c.group_id] < capacity[c.group_id]
    ]


def _milp_choice(candidates, capacity, fixed, mip_rel_gap, deadline):
    """(chosen, result) of the MILP over `candidates` given the fixed pairings' usage."""
    left = dict(capacity)
    for c in fixed:
        left[c.group_id] -= 1
    matrix, upper = _constraint_matrix(candidates, left)
    scores = np.array([c.score for c in candidates])
    result = milp(
        c=-scores,
        integrality=np.ones(len(candidates)),
        bounds=Bounds(0, 1),
        constraints=LinearConstraint(matrix, -np.inf, upper),
        options={
            "mip_rel_gap": mip_rel_gap,
            "time_limit": max(1.0, deadline - time.perf_counter()),
            "presolve": True,
        },
    )
    if result.x is None:  # stopped before any incumbent: fall back to the greedy choice
        return tuple(greedy_select(candidates, left)), result
    return tuple(c for c, x in zip(candidates, result.x, strict=True) if x > 0.5), result


def _full_milp(candidates, capacity, mip_rel_gap, deadline, start, lp_bound) -> Solved:
    chosen, result = _milp_choice(candidates, capacity, (), mip_rel_gap, deadline)
    objective = _objective(chosen)
    bound = _bound(result, candidates, objective)
    if lp_bound is not None:
        bound = max(objective, min(bound, lp_bound))
    status = _status_from_gap(objective, bound, finished=result.status == 0)
    return Solved(chosen, objective, bound, status, time.perf_counter() - start)


def _gap(objective: float, bound: float) -> float:
    return (bound - objective) / bound if bound > 0 else 0.0


def _bound(result, candidates, objective) -> float:
    if result.mip_dual_bound is not None and np.isfinite(result.mip_dual_bound):
        # HiGHS minimises -score, so its dual (lower) bound negated bounds our maximum.
        return max(objective, round(-float(result.mip_dual_bound), 9))
    best = defaultdict(float)
    for c in candidates:  # trivial bound: every household gets its best pairing
        best[c.household_id] = max(best[c.household_id], c.score)
    return max(objective, round(sum(best.values()), 9))


def _status_from_gap(objective, bound, finished: bool) -> str:
    if bound - objective <= 1e-6 * max(1.0, abs(bound)):
        return OPTIMAL
    return WITHIN_GAP if finished else TIME_LIMIT
