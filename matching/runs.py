"""Matching runs: start, execute (in the worker), progress, cancel, detect dead workers.

A run is queued with its frozen snapshot; the Celery task claims it (queued -> running),
reports progress and a heartbeat, and stores the proposals in one transaction. A run
whose worker died is found by its stale heartbeat and marked failed, so a new run of the
same scope can start: the database allows one active run per programme and scope.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.engine import MatchingCancelled, Snapshot, run_matching
from matching.machines import RUN
from matching.models import MatchingRun
from matching.snapshot import build_snapshot, scope_key
from sponsorship import audit, outbox, text
from sponsorship import statemachine as sm

Status = MatchingRun.Status


def stale_after() -> timedelta:
    """A running run without a heartbeat for this long lost its worker."""
    return timedelta(seconds=getattr(settings, "MATCHING_STALE_AFTER_SECONDS", 60))


def heartbeat_interval() -> float:
    return getattr(settings, "MATCHING_HEARTBEAT_SECONDS", 5.0)


def queued_timeout() -> timedelta:
    """A run no worker picked up in this time is failed (the broker lost it)."""
    return timedelta(seconds=getattr(settings, "MATCHING_QUEUED_TIMEOUT_SECONDS", 3600))


# --- starting ---------------------------------------------------------------------------


def start_run(actor, programme, municipalities) -> MatchingRun:
    """Queue a run of ``programme`` over ``municipalities`` with a fresh snapshot."""
    towns = list(municipalities)
    if not towns:
        raise ValidationError(_("Choose at least one town."))
    return _queue(actor, programme, towns, build_snapshot(programme, towns))


def replay_run(actor, original: MatchingRun) -> MatchingRun:
    """Run a stored snapshot again; the replay records whether it reproduced the original."""
    if original.status != Status.SUCCEEDED:
        raise ValidationError(_("Only a finished run can be replayed."))
    snapshot = Snapshot.from_json(original.snapshot)
    return _queue(
        actor, original.programme, list(original.municipalities.all()), snapshot, replay_of=original
    )


def run_now(actor, programme, municipalities) -> MatchingRun:
    """Run in this process, without Celery (demo data and management commands)."""
    run = _queue(
        actor,
        programme,
        list(municipalities),
        build_snapshot(programme, municipalities),
        enqueue=False,
    )
    execute(run.pk)
    run.refresh_from_db()
    return run


def _queue(
    actor, programme, towns, snapshot: Snapshot, *, replay_of=None, enqueue: bool = True
) -> MatchingRun:
    from matching.tasks import execute_run

    key = scope_key(getattr(t, "pk", t) for t in towns)
    reap_stale_runs(programme=programme, scope=key)
    try:
        with transaction.atomic():
            run = MatchingRun.objects.create(
                programme=programme,
                scope_key=key,
                snapshot=snapshot.to_json(),
                algorithm_version=snapshot.algorithm_version,
                weights=_weights_dict(snapshot),
                replay_of=replay_of,
                created_by=actor,
                progress_message=_("waiting for a worker"),
            )
            run.municipalities.set(towns)
            audit.record(
                audit.Action.CREATE,
                actor=actor,
                obj=run,
                summary="replay queued" if replay_of else "run queued",
            )
            if enqueue:
                outbox.enqueue(execute_run, run.pk)
    except IntegrityError as exc:
        if "matching_one_active_run_per_scope" not in str(exc):
            raise
        raise ValidationError(
            _(
                "A run for this programme and these towns is already "
                "queued or running. Wait for it or cancel it."
            )
        ) from exc
    return run


def _weights_dict(snapshot: Snapshot) -> dict:
    import dataclasses

    return dataclasses.asdict(snapshot.weights)


# --- executing (in the worker) -----------------------------------------------------------


def claim(run_id: int, *, task_id: str = "", worker: str = "") -> bool:
    """queued -> running, under the row lock; False when the run is no longer queued."""
    now = timezone.now()
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != Status.QUEUED:
            return False
        fields = {
            "started_at": now,
            "heartbeat_at": now,
            "task_id": task_id[:64],
            "worker": worker[:200],
            "progress_message": _("starting"),
        }
        sm.apply(RUN, run, "claim", actor=None, fields=fields, locked=True)
    return True


class _Heartbeat(threading.Thread):
    """Touches ``heartbeat_at`` while the engine works, however long one step takes.

    A thread rather than the progress callback: one large sub-problem can take minutes
    without a callback, and that must not look like a dead worker. The thread dies with
    the process, which is exactly what makes a killed worker detectable.
    """

    def __init__(self, run_id: int):
        super().__init__(daemon=True, name=f"matching-heartbeat-{run_id}")
        self.run_id, self.stopped = run_id, threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(heartbeat_interval()):
                MatchingRun.objects.filter(pk=self.run_id, status=Status.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        finally:
            connection.close()  # this thread's own connection

    def stop(self):
        self.stopped.set()
        self.join(timeout=5)


class _Callbacks:
    """Progress writes and cancellation reads, throttled to spare the database."""

    def __init__(self, run_id: int, every: float = 0.5):
        self.run_id, self.every = run_id, every
        self.last_write = self.last_read = 0.0

    def progress(self, done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if now - self.last_write < self.every and done < total:
            return
        self.last_write = now
        MatchingRun.objects.filter(pk=self.run_id, status=Status.RUNNING).update(
            progress_done=done,
            progress_total=total,
            progress_message=message[:200],
            heartbeat_at=timezone.now(),
        )

    def should_cancel(self) -> bool:
        now = time.monotonic()
        if now - self.last_read < self.every:
            return False
        self.last_read = now
        run = (
            MatchingRun.objects.filter(pk=self.run_id).values("cancel_requested", "status").first()
        )
        return run is None or run["cancel_requested"] or run["status"] != Status.RUNNING


def execute(run_id: int, *, task_id: str = "", worker: str = "") -> str:
    """Run the engine on the stored snapshot and store the outcome; returns the status."""
    if not claim(run_id, task_id=task_id, worker=worker):
        return MatchingRun.objects.get(pk=run_id).status
    run = MatchingRun.objects.get(pk=run_id)
    beat, callbacks = _Heartbeat(run_id), _Callbacks(run_id)
    beat.start()
    try:
        result = run_matching(
            Snapshot.from_json(run.snapshot),
            progress=callbacks.progress,
            should_cancel=callbacks.should_cancel,
        )
    except MatchingCancelled:
        return _finish(run_id, Status.CANCELLED, message=_("cancelled"))
    except Exception as exc:  # noqa: BLE001 - any engine error fails the run with its words
        return _finish(
            run_id,
            Status.FAILED,
            failure=run_failure(
                "engine_error", f"{type(exc).__name__}: {exc}", error=f"{type(exc).__name__}: {exc}"
            ),
        )
    finally:
        beat.stop()
    from matching.results import store_result

    return store_result(run_id, result)


def run_failure(code: str, english: str, **params) -> dict:
    """Why a run failed: a code and params the page renders in the reader's language
    (matching.texts.failure_text), and the English words kept in ``failure_reason``."""
    return {"code": code, "params": params, "text": english}


def _finish(run_id: int, status: str, *, failure: dict | None = None, message: str = "") -> str:
    """Close a running run (only if still active: the reaper may have been first)."""
    reason = failure["text"] if failure else ""
    fields = {"finished_at": timezone.now(), "progress_message": (message or reason)[:200]}
    if failure:
        fields["failure_reason"] = text.clip(reason, text.REASON)
        # A failed run has no outcome, so its result holds the failure's code and params.
        fields["result"] = {"failure": {"code": failure["code"], "params": failure["params"]}}
    operation = "fail" if status == Status.FAILED else "stop"
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().get(pk=run_id)
        if RUN.find(run.status, operation) is not None:
            sm.apply(RUN, run, operation, actor=None, reason=reason, fields=fields, locked=True)
        return run.status


# --- cancelling ---------------------------------------------------------------------------


def cancel_run(actor, run: MatchingRun) -> MatchingRun:
    """A queued run is cancelled at once; a running one stops at its next check."""
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().get(pk=run.pk)
        if run.status not in MatchingRun.ACTIVE:
            raise ValidationError(_("Only a queued or running run can be cancelled."))
        if run.status == Status.QUEUED:
            fields = {
                "cancel_requested": True,
                "finished_at": timezone.now(),
                "progress_message": _("cancelled"),
            }
            return sm.apply(RUN, run, "cancel", actor=actor, fields=fields, locked=True)
        run.cancel_requested = True
        run.save(update_fields=["cancel_requested"])
        audit.record(
            audit.Action.UPDATE,
            actor=actor,
            obj=run,
            fields=["cancel_requested"],
            summary="cancellation requested",
        )
    return run


# --- dead workers -------------------------------------------------------------------------


def stale_failure(run: MatchingRun, now=None) -> dict | None:
    """Why ``run`` must be failed now (None when it is fine)."""
    now = now or timezone.now()
    if run.status == Status.RUNNING:
        last = run.heartbeat_at or run.started_at or run.created_at
        if now - last > stale_after():
            return run_failure(
                "no_heartbeat",
                f"worker stopped responding (no heartbeat since "
                f"{timezone.localtime(last):%Y-%m-%d %H:%M:%S})",
                since=last.isoformat(),
            )
    if (
        run.status == Status.QUEUED
        and now - run.created_at > queued_timeout()
        and not _waiting_in_outbox(run)
    ):
        return run_failure("not_picked_up", "no worker picked the run up")
    return None


def stale_reason(run: MatchingRun, now=None) -> str:
    """Why ``run`` must be failed now, in English ("" when it is fine)."""
    found = stale_failure(run, now)
    return found["text"] if found else ""


def _waiting_in_outbox(run: MatchingRun) -> bool:
    # The outbox publishes it when the broker is back, or gives up (see give_up).
    from matching.tasks import execute_run

    return outbox.waiting(execute_run, run.pk)


def give_up(run_id: int) -> None:
    """The run's start reached no worker in time (the outbox gives up): fail it, so a new
    run of its scope may start."""
    if MatchingRun.objects.filter(pk=run_id, status=Status.QUEUED).exists():
        _finish(
            run_id,
            Status.FAILED,
            failure=run_failure(
                "gave_up",
                (
                    "no worker started the run in time (the background service was unreachable "
                    "or busy); start it again"
                ),
            ),
        )


def fail_if_stale(run: MatchingRun) -> MatchingRun:
    """Mark one run failed when its worker is gone (called when its page is polled)."""
    run.refresh_from_db()
    found = stale_failure(run)
    if found:
        _finish(run.pk, Status.FAILED, failure=found)
        run.refresh_from_db()
    return run


def reap_stale_runs(*, programme=None, scope: str | None = None) -> int:
    """Fail every active run whose worker is gone; returns how many were failed."""
    qs = MatchingRun.objects.active()
    if programme is not None:
        qs = qs.filter(programme=programme)
    if scope is not None:
        qs = qs.filter(scope_key=scope)
    failed = 0
    for run in qs:
        if stale_reason(run):
            fail_if_stale(run)
            failed += 1
    return failed
