"""The two public entry points: pre-selection and the matching run (plus its baseline)."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable

from .candidates import Candidate, Index, household_candidates
from .explain import proposal
from .model import ALGORITHM_VERSION, Snapshot
from .reasons import diagnose, outcompeted
from .results import (
    HEURISTIC,
    STATUS_ORDER,
    Ineligible,
    PreselectionResult,
    Reason,
    RunResult,
    Unmatched,
)
from .solver import Solved, components, greedy_select, solve_component

Progress = Callable[[int, int, str], None]
ShouldCancel = Callable[[], bool]

# Candidate generation reports progress and checks for cancellation this often.
CANDIDATE_CHUNK = 500


class MatchingCancelled(Exception):
    """Raised when `should_cancel()` returned True; nothing is half-written."""


class SnapshotVersionError(ValueError):
    """The snapshot was made by another algorithm version and would not reproduce."""


def preselect(snapshot: Snapshot) -> PreselectionResult:
    """Phase 1: households for which suitable housing and a suitable group exist now.

    Looks at the general profile and the supply only (not consent, intake or competition
    between households); every ineligible household gets reasons and a what-if hint.
    """
    index = Index(snapshot)
    eligible, ineligible = [], []
    for h in snapshot.households:
        reasons, hints = diagnose(index, h, run=False)
        if reasons:
            ineligible.append(Ineligible(h.id, reasons, hints))
        else:
            eligible.append(h.id)
    return PreselectionResult(tuple(eligible), tuple(ineligible))


class _Tracker:
    def __init__(self, progress: Progress | None, should_cancel: ShouldCancel | None):
        self.progress, self.should_cancel = progress, should_cancel
        self.done, self.total = 0, 1

    def report(self, message: str, advance: int = 0):
        self.done += advance
        if self.should_cancel is not None and self.should_cancel():
            raise MatchingCancelled(message)
        if self.progress is not None:
            self.progress(self.done, self.total, message)


def _check_version(snapshot: Snapshot):
    if snapshot.algorithm_version != ALGORITHM_VERSION:
        raise SnapshotVersionError(
            f"snapshot made by algorithm {snapshot.algorithm_version}, this is "
            f"{ALGORITHM_VERSION}; re-running it would not reproduce its proposals"
        )


def _candidates(index: Index, tracker: _Tracker) -> dict[int, list[Candidate]]:
    households = index.snapshot.households
    found = {}
    for start in range(0, len(households), CANDIDATE_CHUNK):
        tracker.report(f"candidate pairings: {start}/{len(households)} households")
        for h in households[start : start + CANDIDATE_CHUNK]:
            found[h.id] = household_candidates(index, h)
    return found


def run_matching(
    snapshot: Snapshot, progress: Progress | None = None, should_cancel: ShouldCancel | None = None
) -> RunResult:
    """Phase 2: the jointly optimal household-group-offer proposals for a snapshot.

    Deterministic: the same snapshot gives the same proposals unless the time limit cut a
    sub-problem short (then status is "time_limit"). Raises `MatchingCancelled`.
    """
    return _run(snapshot, progress, should_cancel, greedy=False)


def run_greedy(snapshot: Snapshot) -> RunResult:
    """The baseline: highest-scoring pairing first, over the same candidates; no bound."""
    return _run(snapshot, None, None, greedy=True)


def _run(snapshot, progress, should_cancel, *, greedy: bool) -> RunResult:
    _check_version(snapshot)
    started = time.perf_counter()
    tracker = _Tracker(progress, should_cancel)
    tracker.total = 3
    index = Index(snapshot)
    by_household = _candidates(index, tracker)
    flat = [c for cands in by_household.values() for c in cands]
    t_candidates = time.perf_counter()
    capacity = {g.id: g.capacity for g in snapshot.groups}
    sizes = [len(by_household)]
    if greedy:
        solved = [_greedy_solved(flat, capacity)]
    else:
        parts = components(flat)
        sizes = [len({c.household_id for c in part}) for part in parts]
        tracker.total = len(parts) + 2
        tracker.report(f"{len(flat)} candidate pairings in {len(parts)} sub-problems", 1)
        solved = _solve_all(parts, capacity, snapshot, tracker, started)
    t_solve = time.perf_counter()
    tracker.report("explaining the proposals")
    result = _assemble(index, by_household, solved, greedy)
    tracker.report("done", 1)
    timings = {
        "candidates_s": t_candidates - started,
        "solve_s": t_solve - t_candidates,
        "explain_s": time.perf_counter() - t_solve,
        "total_s": time.perf_counter() - started,
    }
    stats = {
        "households": len(snapshot.households),
        "candidates": len(flat),
        "components": len(sizes),
        "largest_component": max(sizes, default=0),
    }
    return RunResult(**result, timings=timings, stats=stats)


def _greedy_solved(flat, capacity) -> Solved:
    chosen = tuple(greedy_select(flat, capacity))
    objective = round(sum(c.score for c in chosen), 9)
    return Solved(chosen, objective, objective, HEURISTIC, 0.0)


def _solve_all(parts, capacity, snapshot, tracker, started) -> list[Solved]:
    options = snapshot.options
    deadline = started + options.time_limit_s
    solved = []
    for i, part in enumerate(parts, 1):
        solved.append(
            solve_component(
                part,
                capacity,
                mip_rel_gap=options.mip_rel_gap,
                time_limit=deadline - time.perf_counter(),
            )
        )
        households = len({c.household_id for c in part})
        tracker.report(f"sub-problem {i}/{len(parts)} solved ({households} households)", 1)
    return solved


def _assemble(index: Index, by_household, solved: list[Solved], greedy: bool) -> dict:
    chosen = sorted((c for s in solved for c in s.chosen), key=lambda c: c.household_id)
    holders_g, holders_o = defaultdict(list), {}
    for c in chosen:
        holders_g[c.group_id].append(c.household_id)
        holders_o[c.offer_id] = c.household_id
    proposals = tuple(
        proposal(index, c, by_household[c.household_id], holders_g, holders_o) for c in chosen
    )
    matched = {c.household_id for c in chosen}
    unmatched = tuple(
        _unmatched(index, h, by_household[h.id], holders_g, holders_o)
        for h in index.snapshot.households
        if h.id not in matched
    )
    objective = round(sum(s.objective for s in solved), 9)
    bound = None if greedy else round(sum(s.bound for s in solved), 9)
    gap = None if bound is None else (bound - objective) / bound if bound > 0 else 0.0
    status = max((s.status for s in solved), key=STATUS_ORDER.index, default="optimal")
    return {
        "algorithm_version": index.snapshot.algorithm_version,
        "status": status,
        "proposals": proposals,
        "unmatched": unmatched,
        "objective": objective,
        "bound": bound,
        "gap": gap,
    }


def _unmatched(index, h, candidates, holders_g, holders_o) -> Unmatched:
    if candidates:
        reasons, hints = outcompeted(index, h, candidates, holders_g, holders_o)
    else:
        reasons, hints = diagnose(index, h, run=True)
    if not reasons:  # defensive: never leave a household without a word
        reasons = (Reason("no_pairing", "no allowed pairing was found"),)
    return Unmatched(h.id, reasons, hints)
