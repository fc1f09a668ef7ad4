"""Background work of matching: thin wrappers that take ids and call matching.runs."""

import os

from celery import shared_task

from matching import runs


@shared_task(bind=True, acks_late=False, outbox_give_up="matching.runs.give_up")
def execute_run(self, run_id: int) -> str:
    """Execute one queued run (idempotent: only a queued run is claimed, see runs.claim).

    ``acks_late=False``: a run is not retried by redelivery when its worker dies (the run
    is failed by the reaper instead and the coordinator starts a new one), so the message
    is acknowledged as soon as the worker takes it.
    """
    # The pid tells an operator which process to look at (and which one died).
    worker = f"{self.request.hostname or 'worker'} (pid {os.getpid()})"
    return runs.execute(run_id, task_id=self.request.id or "", worker=worker)


@shared_task
def reap_stale_runs() -> int:
    """Fail runs whose worker stopped responding (scheduled in CELERY_BEAT_SCHEDULE)."""
    return runs.reap_stale_runs()
