"""Runs through the database: snapshot, execution, replay, one active run, cancel, stale."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from matching import runs
from matching.engine import Snapshot
from matching.models import DeclinedPairing, MatchingRun, MatchProposal, UnmatchedHousehold
from sponsorship import statemachine as sm
from sponsorship.models import AuditEvent
from tests.matching.test_matching_support import (
    cleared_household,
    home,
    ready_group,
)

pytestmark = pytest.mark.django_db
Status = MatchingRun.Status


@pytest.fixture
def scene(town, programme):
    """Two households, one group, two homes: one household matched, one left out."""
    group = ready_group(town, programme)
    first = cleared_household(town, programme)
    second = cleared_household(town, programme)
    offers = [home(town), home(town)]
    return {"group": group, "households": [first, second], "offers": offers}


def _run(coordinator, programme, town) -> MatchingRun:
    run = runs.start_run(coordinator, programme, [town])
    runs.execute(run.pk)
    run.refresh_from_db()
    return run


def test_run_stores_proposals_with_explanations_and_reasons(scene, coordinator, programme, town):
    run = _run(coordinator, programme, town)
    assert run.status == Status.SUCCEEDED and run.finished_at
    assert run.objective > 0 and run.bound >= run.objective
    assert [(r.from_state, r.to_state, r.operation) for r in sm.history(run)] == [
        (Status.QUEUED, Status.RUNNING, "claim"),
        (Status.RUNNING, Status.SUCCEEDED, "finish"),
    ]
    proposal = run.proposals.get()
    assert proposal.group == scene["group"]
    assert {c["criterion"] for c in proposal.criteria} >= {"languages", "distance"}
    assert all(c["text"] for c in proposal.criteria)
    unmatched = UnmatchedHousehold.objects.get(run=run)
    assert unmatched.household in scene["households"]
    assert unmatched.household != proposal.household
    assert unmatched.reasons and unmatched.reasons[0]["code"] == "outcompeted"
    assert unmatched.what_if, "an unmatched household gets a what-if hint"


def test_snapshot_leaves_out_declined_pairings_and_held_resources(
    scene, coordinator, programme, town
):
    first, second = scene["households"]
    DeclinedPairing.objects.create(household=first, group=scene["group"])
    run = _run(coordinator, programme, town)
    snapshot = Snapshot.from_json(run.snapshot)
    assert (first.pk, scene["group"].pk) in snapshot.declined_groups
    assert run.proposals.get().household == second
    reasons = UnmatchedHousehold.objects.get(run=run, household=first).reasons
    assert "declined" in " ".join(r["text"] for r in reasons)


def test_replaying_a_stored_snapshot_reproduces_the_proposals(scene, coordinator, programme, town):
    original = _run(coordinator, programme, town)
    # The world changes after the run; the replay must not see it.
    cleared_household(town, programme)
    replay = runs.replay_run(coordinator, original)
    runs.execute(replay.pk)
    replay.refresh_from_db()
    assert replay.status == Status.SUCCEEDED
    assert replay.snapshot == original.snapshot
    assert replay.reproduces is True
    stored = {str(p.household_id): [p.group_id, p.offer_id] for p in original.proposals.all()}
    assert replay.result["assignment"] == stored


def test_a_new_run_replaces_proposals_nobody_accepted(scene, coordinator, programme, town):
    first_run = _run(coordinator, programme, town)
    second_run = _run(coordinator, programme, town)
    old = first_run.proposals.get()
    assert old.status == MatchProposal.Status.WITHDRAWN
    assert f"run #{second_run.pk}" in old.closing_reason
    assert second_run.proposals.get().status == MatchProposal.Status.PROPOSED
    row = sm.history(old).get()
    assert (row.operation, row.actor) == ("supersede", None)


def test_only_one_active_run_per_programme_and_scope(scene, coordinator, programme, town):
    runs.start_run(coordinator, programme, [town])
    with pytest.raises(ValidationError, match="already"):
        runs.start_run(coordinator, programme, [town])
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchingRun.objects.create(
            programme=programme,
            scope_key=str(town.pk),
            snapshot="{}",
            algorithm_version="x",
            status=Status.RUNNING,
        )


def test_cancelling_a_queued_run_is_immediate(scene, coordinator, programme, town):
    run = runs.start_run(coordinator, programme, [town])
    runs.cancel_run(coordinator, run)
    run.refresh_from_db()
    assert run.status == Status.CANCELLED
    assert runs.execute(run.pk) == Status.CANCELLED  # a late task does nothing
    assert not run.proposals.exists()
    assert [(r.operation, r.actor) for r in sm.history(run)] == [("cancel", coordinator)]


def test_a_running_run_stops_at_its_next_check(scene, coordinator, programme, town, monkeypatch):
    run = runs.start_run(coordinator, programme, [town])
    MatchingRun.objects.filter(pk=run.pk).update(cancel_requested=True)
    monkeypatch.setattr(
        runs._Callbacks,
        "__init__",
        lambda self, run_id, every=0: (
            setattr(self, "run_id", run_id)
            or setattr(self, "every", 0)
            or setattr(self, "last_write", 0)
            or setattr(self, "last_read", 0)
        ),
    )
    assert runs.execute(run.pk) == Status.CANCELLED
    assert not MatchProposal.objects.filter(run=run).exists()


def test_cancel_refused_for_a_finished_run(scene, coordinator, programme, town):
    run = _run(coordinator, programme, town)
    with pytest.raises(ValidationError):
        runs.cancel_run(coordinator, run)


def test_a_run_without_heartbeat_is_failed_and_the_scope_freed(scene, coordinator, programme, town):
    run = runs.start_run(coordinator, programme, [town])
    assert runs.claim(run.pk)
    stale = timezone.now() - timedelta(minutes=5)
    MatchingRun.objects.filter(pk=run.pk).update(heartbeat_at=stale)
    assert runs.reap_stale_runs() == 1
    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert run.failure_reason.startswith("worker stopped responding (no heartbeat since")
    assert runs.execute(run.pk) == Status.FAILED  # a late worker does not revive it
    assert _run(coordinator, programme, town).status == Status.SUCCEEDED


def test_a_fresh_heartbeat_keeps_the_run(scene, coordinator, programme, town):
    run = runs.start_run(coordinator, programme, [town])
    runs.claim(run.pk)
    assert runs.reap_stale_runs() == 0
    assert runs.fail_if_stale(run).status == Status.RUNNING


def test_an_engine_error_fails_the_run_with_its_words(scene, coordinator, programme, town):
    run = runs.start_run(coordinator, programme, [town])
    MatchingRun.objects.filter(pk=run.pk).update(
        snapshot=run.snapshot.replace(run.algorithm_version, "0.0.1")
    )
    assert runs.execute(run.pk) == Status.FAILED
    run.refresh_from_db()
    assert "SnapshotVersionError" in run.failure_reason
    failed = sm.history(run).last()
    assert failed.operation == "fail" and "SnapshotVersionError" in failed.reason
    assert not AuditEvent.objects.filter(summary__contains="SnapshotVersionError").exists()


def test_programme_weights_reach_the_snapshot_and_are_validated(programme, town):
    from matching.models import MatchingWeights
    from matching.snapshot import build_snapshot

    weights = MatchingWeights(programme=programme, values={"languages": 5, "bogus": 1})
    with pytest.raises(ValidationError, match="bogus"):
        weights.full_clean()
    weights.values = {"languages": 5}
    weights.full_clean()
    weights.save()
    assert build_snapshot(programme, [town]).weights.languages == 5.0


def test_the_snapshot_costs_the_same_queries_for_any_number_of_households(scene, programme, town):
    """Loaded in bulk: no query per household or group (was two per household)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from matching.snapshot import build_snapshot
    from newcomers.models import Withdrawal

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            snapshot = build_snapshot(programme, [town])
        return len(captured), snapshot

    few, _snapshot = queries()
    for _ in range(8):
        cleared_household(town, programme)
        ready_group(town, programme)
    # One household's consent is withdrawn: the bulk answer must agree with active_consent.
    withdrawn = cleared_household(town, programme)
    Withdrawal.objects.create(household=withdrawn, withdrawn_on=timezone.localdate())
    many, snapshot = queries()
    assert many == few
    consent = {h.id: h.consent_ok for h in snapshot.households}
    assert consent[withdrawn.pk] is False
    assert sum(consent.values()) == len(consent) - 1
