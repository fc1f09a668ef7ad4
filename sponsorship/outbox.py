"""The transactional outbox: every background job is a row committed with the data it is about.

A job published to Redis straight after the commit is lost when Redis is away, and the
request that published it waits for the broker. Here instead:

- ``enqueue(task, *args, **kwargs)`` inserts an ``OutboxTask`` row in the caller's
  transaction (a rollback takes the job with it) and, after the commit, publishes it once
  over a fast-failing connection (no retries, short socket timeouts). When that fails the
  row stays pending, the request answers at once, and ``DeferredWorkMiddleware`` tells the
  user "saved, it will be processed as soon as the background service is back".
- ``sweep()`` (beat, every 30 s) publishes pending rows, and publishes again rows whose
  message was lost (published but not started after ``OUTBOX_REDISPATCH_SECONDS``: a Redis
  restart drops its queues) or whose worker died (started, not done after
  ``OUTBOX_LEASE_SECONDS``).
- In the worker ``sponsorship.celery.OutboxAwareTask`` *claims* the row before running (a
  second message for the same row is skipped while the first runs or once it is done) and
  marks it done afterwards, so each row runs once except in the window of a worker killed
  mid-task, where it runs again: every outbox task is idempotent for that case.
- A task declaring ``outbox_give_up="dotted.path"`` is not left waiting for ever: a row no
  worker started within ``OUTBOX_GIVE_UP_SECONDS`` is closed and that function is called
  with the task's arguments to fail its object (a matching run, a certificate bundle) with
  a reason the user can read.
"""

from __future__ import annotations

import contextvars
import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

DEFERRED_MESSAGE = _("Saved; it will be processed as soon as the background service is back.")


def _json_type(field: str) -> models.Func:
    return models.Func(F(field), function="jsonb_typeof", output_field=models.CharField())


class OutboxTask(models.Model):
    # The row's id is the Celery task id of every message published for it.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    dispatched_at = models.DateTimeField(_("published"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("publish attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        app_label = "sponsorship"
        ordering = ["created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        constraints = [
            models.CheckConstraint(condition=~Q(task=""), name="outbox_task_named"),
            models.CheckConstraint(
                condition=Exact(_json_type("args"), "array"), name="outbox_args_is_list"
            ),
            models.CheckConstraint(
                condition=Exact(_json_type("kwargs"), "object"), name="outbox_kwargs_is_dict"
            ),
            models.CheckConstraint(
                condition=Q(done_at__isnull=True) | Q(done_at__gte=F("created_at")),
                name="outbox_done_after_created",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(done_at__isnull=True), name="outbox_open_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)} [{self.state}]"

    @property
    def state(self) -> str:
        if self.done_at:
            return "done"
        if self.started_at:
            return "running"
        return "published" if self.dispatched_at else "pending"


def _seconds(name: str, default: float) -> timedelta:
    return timedelta(seconds=getattr(settings, name, default))


# --- enqueueing (web process or worker) ---------------------------------------------------

# Set when a publish failed during this request (read by DeferredWorkMiddleware).
_deferred: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "outbox_deferred", default=None
)


def enqueue(task, *args, **kwargs) -> OutboxTask:
    """Record ``task(*args, **kwargs)`` in the current transaction; publish after commit.

    Arguments must be JSON (ids, strings): tasks take ids and re-fetch.
    """
    row = OutboxTask.objects.create(task=task.name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: publish(row))
    return row


def publish(row: OutboxTask) -> bool:
    """Send one message for ``row``; on a broker failure leave it pending, never raise."""
    flags = _deferred.get()
    if flags:  # the broker failed earlier in this request: spare the user another wait
        flags.append(row.pk)
        return False
    try:
        _send(row)
    except Exception as exc:  # noqa: BLE001 - the data is committed; the sweeper retries
        logger.warning(
            "outbox: %s %s not published (%s: %s); the sweeper will retry",
            row.task,
            row.pk,
            type(exc).__name__,
            exc,
        )
        OutboxTask.objects.filter(pk=row.pk).update(
            attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:300]
        )
        if flags is not None:
            flags.append(row.pk)
        return False
    OutboxTask.objects.filter(pk=row.pk).update(
        dispatched_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
    )
    return True


def _task(name: str):
    from sponsorship.celery import app

    try:
        return app.tasks[name]
    except KeyError:  # its module was not imported in this process yet
        return import_string(name)


def _send(row: OutboxTask) -> None:
    from sponsorship.celery import app

    task = _task(row.task)
    if app.conf.task_always_eager:
        task.apply(row.args, row.kwargs, task_id=str(row.pk))
        return
    timeout = getattr(settings, "OUTBOX_PUBLISH_TIMEOUT_SECONDS", 1.0)
    # A connection of its own: the shared producer pool retries a lost broker for ~20 s
    # and ignores retry=False while it reconnects. The result backend is not involved
    # (ignore_result): its subscription is what retried for 19 s when Redis was away.
    options = {"max_retries": 0, "socket_connect_timeout": timeout, "socket_timeout": timeout}
    with app.connection_for_write(
        settings.CELERY_BROKER_URL, connect_timeout=timeout, transport_options=options
    ) as conn:
        task.apply_async(
            row.args,
            row.kwargs,
            task_id=str(row.pk),
            connection=conn,
            retry=False,
            ignore_result=True,
        )


def waiting(task, *args) -> bool:
    """True while a job ``task(*args)`` is in the outbox and no worker has started it."""
    return OutboxTask.objects.filter(
        task=task.name, args=list(args), done_at__isnull=True, started_at__isnull=True
    ).exists()


class DeferredWorkMiddleware:
    """Tell the user when work was saved but could not be handed to the background service.

    Only signed-in users are told: a household's feedback or a public application is saved
    and confirmed as such; the background service is not their concern.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _deferred.set([])
        try:
            response = self.get_response(request)
            if _deferred.get() and hasattr(request, "_messages") and request.user.is_authenticated:
                messages.warning(request, DEFERRED_MESSAGE)
        finally:
            _deferred.reset(token)
        return response


# --- in the worker (called by sponsorship.celery.OutboxAwareTask) -------------------------


def row_id(task_id: str | None) -> uuid.UUID | None:
    """The outbox row a Celery task id names, if it could name one."""
    try:
        return uuid.UUID(task_id) if task_id else None
    except ValueError:
        return None


def claim(pk: uuid.UUID) -> bool | None:
    """Take the row for this run: True, False when done or another worker holds it,
    None when there is no such row (the job was not sent through the outbox)."""
    now = timezone.now()
    lease_expired = Q(started_at__isnull=True) | Q(
        started_at__lt=now - _seconds("OUTBOX_LEASE_SECONDS", 3600)
    )
    if OutboxTask.objects.filter(lease_expired, pk=pk, done_at__isnull=True).update(started_at=now):
        return True
    return False if OutboxTask.objects.filter(pk=pk).exists() else None


def mark_done(pk: uuid.UUID, error: BaseException | None = None) -> None:
    """Close the row. A task that raised is not run again: it records its own failure."""
    OutboxTask.objects.filter(pk=pk, done_at__isnull=True).update(
        done_at=timezone.now(), last_error=f"{type(error).__name__}: {error}"[:300] if error else ""
    )


# --- the sweeper (beat) ---------------------------------------------------------------------


def sweep(batch_size: int = 200) -> dict:
    """Publish what is pending or lost, give up what waited too long; counts per outcome."""
    now = timezone.now()
    given_up = _give_up(now)
    lost = Q(
        dispatched_at__lt=now - _seconds("OUTBOX_REDISPATCH_SECONDS", 300), started_at__isnull=True
    )
    dead = Q(started_at__lt=now - _seconds("OUTBOX_LEASE_SECONDS", 3600))
    published = coalesced = failed = 0
    with transaction.atomic():
        # SKIP LOCKED: two sweepers (two beat processes) never publish the same row.
        rows = list(
            OutboxTask.objects.select_for_update(skip_locked=True)
            .filter(Q(dispatched_at__isnull=True) | lost | dead, done_at__isnull=True)
            .order_by("created_at")[:batch_size]
        )
        sent: dict[tuple, OutboxTask] = {}
        for row in rows:
            key = (row.task, repr(row.args), repr(sorted(row.kwargs.items())))
            if key in sent and row.started_at is None:
                # Every row here is committed, so the one job published now covers it.
                mark_done(row.pk)
                coalesced += 1
            elif publish(row):
                sent[key] = row
                published += 1
            else:
                failed += 1
                break  # the broker is down: the others would each wait for it too
    return {"published": published, "coalesced": coalesced, "failed": failed, "given_up": given_up}


def _give_up(now) -> int:
    """Close rows of tasks with ``outbox_give_up`` that no worker started in time."""
    overdue = OutboxTask.objects.filter(
        created_at__lt=now - _seconds("OUTBOX_GIVE_UP_SECONDS", 1800),
        started_at__isnull=True,
        done_at__isnull=True,
    )
    names = [
        name
        for name in set(overdue.values_list("task", flat=True))
        if getattr(_task(name), "outbox_give_up", "")
    ]
    count = 0
    with transaction.atomic():
        for row in overdue.select_for_update(skip_locked=True).filter(task__in=names):
            import_string(_task(row.task).outbox_give_up)(*row.args, **row.kwargs)
            OutboxTask.objects.filter(pk=row.pk).update(
                done_at=now, last_error="gave up: no worker started it in time"
            )
            count += 1
    return count


def purge_done(keep_days: int = 7) -> int:
    """Delete rows done more than ``keep_days`` ago (kept a while to look into)."""
    deleted, _per_model = OutboxTask.objects.filter(
        done_at__lt=timezone.now() - timedelta(days=keep_days)
    ).delete()
    return deleted
