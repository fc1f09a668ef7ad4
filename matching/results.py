"""Storing a run's outcome: proposals with their explanations, unmatched households."""

from __future__ import annotations

import dataclasses

from django.db import transaction
from django.utils import timezone

from matching.engine import RunResult, Snapshot
from matching.machines import PROPOSAL, RUN
from matching.models import MatchingRun, MatchProposal, UnmatchedHousehold
from sponsorship import statemachine as sm

Status = MatchingRun.Status


def assignment_of(result: RunResult) -> dict[str, list[int]]:
    """household id -> [group id, offer id], JSON-ready (keys are strings in JSON)."""
    return {str(h): [g, o] for h, (g, o) in sorted(result.assignment().items())}


def _summary(result: RunResult) -> dict:
    return {
        "assignment": assignment_of(result),
        "stats": dict(result.stats),
        "timings": {k: round(v, 3) for k, v in result.timings.items()},
    }


@transaction.atomic
def store_result(run_id: int, result: RunResult) -> str:
    """Save the outcome of a running run; discarded if the run was failed or cancelled
    meanwhile (e.g. the reaper gave up on it during a long pause)."""
    run = MatchingRun.objects.select_for_update().get(pk=run_id)
    if run.status != Status.RUNNING:
        return run.status
    if run.replay_of_id:
        original = run.replay_of.result.get("assignment", {})
        run.reproduces = original == assignment_of(result)
    else:
        _supersede(run, Snapshot.from_json(run.snapshot))
        _save_proposals(run, result)
        _save_unmatched(run, result)
    fields = {
        "finished_at": timezone.now(),
        "engine_status": result.status,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "result": _summary(result),
        "progress_done": max(run.progress_total, 1),
        "progress_total": max(run.progress_total, 1),
        "progress_message": "done",
    }
    if run.replay_of_id:
        fields["reproduces"] = run.reproduces
    sm.apply(RUN, run, "finish", actor=None, fields=fields, locked=True)
    return run.status


def _supersede(run: MatchingRun, snapshot: Snapshot) -> None:
    """Proposals nobody accepted yet make way for this run's, for what it covered."""
    from django.db.models import Q

    covered = (
        Q(household_id__in=[h.id for h in snapshot.households])
        | Q(group_id__in=[g.id for g in snapshot.groups])
        | Q(offer_id__in=[o.id for o in snapshot.offers])
    )
    old = MatchProposal.objects.filter(
        covered, programme=run.programme, status=MatchProposal.Status.PROPOSED
    )
    reason = f"superseded by run #{run.pk}"
    for proposal in old.select_for_update():
        sm.apply(
            PROPOSAL,
            proposal,
            "supersede",
            actor=None,
            reason=reason,
            fields={"closing_reason": reason},
            locked=True,
        )


def _taken() -> tuple[set[int], set[int]]:
    open_rows = MatchProposal.objects.open().values_list("household_id", "offer_id")
    return {h for h, _ in open_rows}, {o for _, o in open_rows}


def _save_proposals(run: MatchingRun, result: RunResult) -> None:
    households, offers = _taken()
    rows = []
    for p in result.proposals:
        # A hand-made proposal may have taken the household or home since the snapshot.
        if p.household_id in households or p.offer_id in offers:
            continue
        rows.append(
            MatchProposal(
                run=run,
                programme=run.programme,
                household_id=p.household_id,
                group_id=p.group_id,
                offer_id=p.offer_id,
                score=p.total_score,
                named=p.named,
                criteria=[dataclasses.asdict(c) for c in p.criteria],
                alternatives=[dataclasses.asdict(a) for a in p.alternatives],
            )
        )
    MatchProposal.objects.bulk_create(rows)


def _save_unmatched(run: MatchingRun, result: RunResult) -> None:
    UnmatchedHousehold.objects.bulk_create(
        UnmatchedHousehold(
            run=run,
            household_id=u.household_id,
            reasons=[dataclasses.asdict(r) for r in u.reasons],
            what_if=[dataclasses.asdict(w) for w in u.what_if],
        )
        for u in result.unmatched
    )
