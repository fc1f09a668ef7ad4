"""The transactional outbox: a job lives and dies with its transaction, a failed publish
leaves it pending, the sweeper publishes it, a worker runs each row once, and runs and
bundles that no worker starts are failed instead of waiting for ever."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import redis
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from matching import runs
from matching.models import MatchingRun
from newcomers.tasks import notify_withdrawal
from sponsorship import outbox
from sponsorship.celery import app
from sponsorship.notifications import notify
from sponsorship.outbox import OutboxTask
from sponsorship.tasks import send_notification_emails, sweep_outbox
from tests.conftest import free_port
from tests.training.factories import TrainingSessionFactory
from training.certificates import request_bundle
from training.models import CertificateBundle
from training.tasks import GAVE_UP, build_session_certificates

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"


@pytest.fixture
def broker(settings, redis_server):
    settings.CELERY_BROKER_URL = redis_server.url
    client = redis.Redis.from_url(redis_server.url)
    yield client
    client.close()


def queued_ids(client) -> list[str]:
    """Task ids of the messages waiting in the default queue of the private broker."""
    return sorted(
        json.loads(m)["headers"]["id"] for m in client.lrange(app.conf.task_default_queue, 0, -1)
    )


def aged(row: OutboxTask, **fields) -> OutboxTask:
    OutboxTask.objects.filter(pk=row.pk).update(**fields)
    row.refresh_from_db()
    return row


def test_the_row_is_written_in_the_transaction_and_rolled_back_with_it(
    django_capture_on_commit_callbacks,
):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        outbox.enqueue(send_notification_emails)
        assert OutboxTask.objects.count() == 1
        raise RuntimeError("the view failed")
    assert not OutboxTask.objects.exists()
    assert callbacks == []  # nothing is published for work that was never saved


def test_the_database_refuses_malformed_rows():
    with pytest.raises(IntegrityError), transaction.atomic():
        OutboxTask.objects.create(task="sponsorship.tasks.x", args={"not": "a list"})
    with pytest.raises(IntegrityError), transaction.atomic():
        OutboxTask.objects.create(task="")


def test_after_commit_the_row_is_published_with_its_id_as_task_id(
    broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row = outbox.enqueue(notify_withdrawal, 42)
    row.refresh_from_db()
    assert row.state == "published" and row.attempts == 1 and row.last_error == ""
    assert queued_ids(broker) == [str(row.pk)]


def test_a_failed_publish_leaves_the_row_pending_and_does_not_raise(
    broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row = outbox.enqueue(notify_withdrawal, 42)
    row.refresh_from_db()
    assert row.state == "pending" and row.attempts == 1
    assert row.last_error.startswith("OperationalError")


def test_the_sweeper_publishes_pending_rows_once_each(broker):
    first = outbox.enqueue(send_notification_emails)  # never published (no commit here)
    outbox.enqueue(send_notification_emails)  # the same job again: covered by the first
    other = outbox.enqueue(notify_withdrawal, 7)
    assert outbox.sweep() == {"published": 2, "coalesced": 1, "failed": 0, "given_up": 0}
    assert queued_ids(broker) == sorted([str(first.pk), str(other.pk)])
    assert outbox.sweep()["published"] == 0  # published rows wait for their worker
    assert OutboxTask.objects.filter(done_at__isnull=True).count() == 2


def test_the_sweeper_publishes_again_what_the_broker_lost_or_a_dead_worker_held(broker):
    now = timezone.now()
    lost = aged(outbox.enqueue(notify_withdrawal, 1), dispatched_at=now - timedelta(minutes=6))
    dead = aged(
        outbox.enqueue(notify_withdrawal, 2),
        dispatched_at=now - timedelta(hours=2),
        started_at=now - timedelta(hours=2),
    )
    aged(
        outbox.enqueue(notify_withdrawal, 3),
        dispatched_at=now - timedelta(minutes=6),
        started_at=now - timedelta(minutes=5),
    )  # still running
    aged(outbox.enqueue(notify_withdrawal, 4), dispatched_at=now - timedelta(minutes=1))
    assert outbox.sweep()["published"] == 2
    assert queued_ids(broker) == sorted([str(lost.pk), str(dead.pk)])


def test_a_sweep_while_the_broker_is_down_stops_at_the_first_failure(broker_down):
    first = outbox.enqueue(notify_withdrawal, 1)
    second = outbox.enqueue(notify_withdrawal, 2)
    assert outbox.sweep() == {"published": 0, "coalesced": 0, "failed": 1, "given_up": 0}
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, first.attempts) == ("pending", 1)
    assert (second.state, second.attempts) == ("pending", 0)


def test_the_worker_claims_the_row_runs_it_once_and_marks_it_done(coordinator):
    row = outbox.enqueue(send_notification_emails)
    notify(coordinator, "test", "once:1", "First", urgent=True)
    assert send_notification_emails.apply(task_id=str(row.pk)).get() == 1
    row.refresh_from_db()
    assert row.state == "done" and row.started_at and row.last_error == ""
    # The same message delivered again (redelivery, a second sweep) runs nothing.
    notify(coordinator, "test", "once:2", "Second", urgent=True)
    assert send_notification_emails.apply(task_id=str(row.pk)).get() is None
    assert [m.subject for m in mail.outbox] == ["First"]


def test_a_row_another_worker_is_running_is_not_run_twice():
    row = aged(outbox.enqueue(notify_withdrawal, 1), started_at=timezone.now())
    assert notify_withdrawal.apply([1], task_id=str(row.pk)).get() is None
    row.refresh_from_db()
    assert row.state == "running"


def test_a_task_that_raises_closes_its_row_with_the_error():
    row = outbox.enqueue(notify_withdrawal, 999_999)
    result = notify_withdrawal.apply([999_999], task_id=str(row.pk))
    assert result.failed()
    row.refresh_from_db()
    assert row.state == "done" and row.last_error.startswith("DoesNotExist")


def test_tasks_sent_without_the_outbox_run_as_before(coordinator):
    notify(coordinator, "test", "beat:1", "From the beat", urgent=True)
    assert send_notification_emails.apply().get() == 1  # e.g. the beat's 5-minute job


# --- nothing waits for ever --------------------------------------------------------------


def test_a_run_waiting_in_the_outbox_is_not_reaped_but_given_up_after_the_deadline(
    broker_down, settings, coordinator, programme, town
):
    settings.MATCHING_QUEUED_TIMEOUT_SECONDS = 0
    run = runs.start_run(coordinator, programme, [town])
    row = OutboxTask.objects.get(task="matching.tasks.execute_run")
    assert row.args == [run.pk]
    assert runs.reap_stale_runs() == 0  # merely waiting for the broker: not failed
    assert outbox.sweep()["given_up"] == 0
    aged(row, created_at=timezone.now() - timedelta(minutes=31))
    assert outbox.sweep()["given_up"] == 1
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.FAILED
    assert run.failure_reason.startswith("no worker started the run in time")
    row.refresh_from_db()
    assert row.state == "done" and row.last_error.startswith("gave up")
    # The scope is free again, and the late message (if any) claims nothing.
    assert runs.start_run(coordinator, programme, [town]).status == MatchingRun.Status.QUEUED
    assert runs.execute(run.pk) == MatchingRun.Status.FAILED


def test_a_bundle_no_worker_started_is_failed_instead_of_staying_at_zero(
    broker_down, coordinator, town
):
    session = TrainingSessionFactory(municipality=town)
    bundle = request_bundle(session, coordinator)
    row = aged(
        OutboxTask.objects.get(task=build_session_certificates.name),
        created_at=timezone.now() - timedelta(minutes=31),
    )
    assert outbox.sweep()["given_up"] == 1
    bundle.refresh_from_db()
    assert bundle.status == CertificateBundle.Status.FAILED and bundle.error == GAVE_UP
    # A finished bundle is left alone by the task itself too (idempotent).
    assert build_session_certificates.apply([bundle.pk]).get() == ""
    assert build_session_certificates.apply([bundle.pk], task_id=str(row.pk)).get() is None
    bundle.refresh_from_db()
    assert bundle.status == CertificateBundle.Status.FAILED


def test_jobs_without_a_deadline_wait_for_the_broker_however_long(broker_down):
    row = aged(
        outbox.enqueue(send_notification_emails), created_at=timezone.now() - timedelta(days=1)
    )
    assert outbox.sweep()["given_up"] == 0
    row.refresh_from_db()
    assert row.state == "pending"


def test_the_beat_task_sweeps_and_forgets_jobs_done_a_week_ago(broker):
    week_ago = timezone.now() - timedelta(days=8)
    old = aged(outbox.enqueue(notify_withdrawal, 1), created_at=week_ago, done_at=week_ago)
    recent = aged(outbox.enqueue(notify_withdrawal, 2), done_at=timezone.now())
    pending = outbox.enqueue(notify_withdrawal, 3)
    assert sweep_outbox.apply().get() == {
        "published": 1,
        "coalesced": 0,
        "failed": 0,
        "given_up": 0,
        "purged": 1,
    }
    assert set(OutboxTask.objects.values_list("pk", flat=True)) == {recent.pk, pending.pk}
    assert not OutboxTask.objects.filter(pk=old.pk).exists()


def test_no_code_publishes_a_task_without_the_outbox():
    """``.delay()`` / ``.apply_async()`` after a commit is what lost work in an outage."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    apps = ["sponsorship", "groups", "newcomers", "housing", "training", "matching", "sponsorships"]
    offenders = [
        str(path.relative_to(root))
        for app in apps
        for path in (root / app).rglob("*.py")
        if path.name != "outbox.py"
        and any(call in path.read_text() for call in (".delay(", ".apply_async(", "send_task("))
    ]
    assert offenders == []


@pytest.mark.django_db
def test_administrators_see_the_outbox_read_only(client_for, administrator):
    from sponsorship.outbox import OutboxTask

    OutboxTask.objects.create(task="sponsorship.tasks.send_notification_emails")
    client = client_for(administrator)
    response = client.get("/admin/sponsorship/outboxtask/")
    assert response.status_code == 200
    assert b"send_notification_emails" in response.content
    assert client.get("/admin/sponsorship/outboxtask/add/").status_code == 403
