"""A real Celery worker killed mid-run: the run ends failed, and a new run succeeds."""

from __future__ import annotations

import os
import signal
import time

import pytest

from matching import runs
from matching.models import MatchingRun
from matching.snapshot import scope_key
from matching.synthetic import generate
from tests.matching.test_matching_support import cleared_household, home, ready_group

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
Status = MatchingRun.Status


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _slow_run(programme, town, coordinator) -> MatchingRun:
    """A run of this scope whose stored snapshot is a large synthetic instance: it takes
    long enough (several seconds) to be killed in the middle."""
    run = runs._queue(coordinator, programme, [town], generate(2000, 2000, 2000, 60, seed=7))
    assert run.scope_key == scope_key([town.pk])
    return run


def test_killed_worker_fails_the_run_and_a_new_run_succeeds(
    start_worker, programme, town, coordinator, settings
):
    settings.MATCHING_STALE_AFTER_SECONDS = 3
    ready_group(town, programme)
    cleared_household(town, programme)
    home(town)
    worker = start_worker()
    run = _slow_run(programme, town, coordinator)
    _wait_for(
        lambda: MatchingRun.objects.filter(
            pk=run.pk, status=Status.RUNNING, progress_done__gt=0
        ).exists(),
        60,
        "the run to make progress",
    )

    run.refresh_from_db()
    assert f"(pid {worker.pid})" in run.worker
    os.kill(worker.pid, signal.SIGKILL)
    worker.proc.wait(10)
    run.refresh_from_db()
    assert run.status == Status.RUNNING  # nobody knows yet

    # The scope is blocked until the dead run is noticed: starting anew finds and fails it.
    time.sleep(settings.MATCHING_STALE_AFTER_SECONDS + 1)
    assert runs.reap_stale_runs() == 1
    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert run.failure_reason.startswith("worker stopped responding")

    start_worker()
    again = runs.start_run(coordinator, programme, [town])
    _wait_for(
        lambda: MatchingRun.objects.get(pk=again.pk).status not in MatchingRun.ACTIVE,
        60,
        "the new run to finish",
    )
    again.refresh_from_db()
    assert again.status == Status.SUCCEEDED, again.failure_reason
    assert again.proposals.count() == 1
