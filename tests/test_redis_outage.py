"""A real Redis stopped and started again: while it is down every request answers (no 500)
with its data committed and its background work kept in the outbox; once it is back the
sweeper publishes that work and a real worker does each piece exactly once."""

from __future__ import annotations

import os
import signal
import time
from datetime import timedelta

import pyotp
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groups.models import SponsorGroup
from matching.models import MatchingRun
from sponsorship import outbox
from sponsorship.notifications import Notification
from sponsorship.outbox import DEFERRED_MESSAGE, OutboxTask
from sponsorships import monitoring
from sponsorships import services as sponsorships
from tests.conftest import login_client
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET
from tests.groups.factories import SponsorGroupFactory
from tests.groups.test_groups_application import CAPACITY, GROUP, member, members_post
from tests.matching.test_matching_support import cleared_household, home, ready_group
from tests.sponsorships.plan_helpers import make_sponsorship
from tests.training.factories import (
    EnrolmentFactory,
    TrainingModuleFactory,
    TrainingSessionFactory,
)
from training import completions
from training.models import CertificateBundle

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def private_redis(settings, redis_server, worker_env, monkeypatch, tmp_path):
    """Broker, result store and cache of the web side and of the workers on a Redis of
    this test's own; the workers' mail goes to files, to be counted."""
    url = redis_server.url
    settings.REDIS_URL = settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = url
    settings.CACHES = {
        alias: {**config, "LOCATION": url} for alias, config in settings.CACHES.items()
    }
    for key in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        monkeypatch.setitem(worker_env, key, url)
    mail = tmp_path / "mail"
    mail.mkdir()
    monkeypatch.setitem(worker_env, "EMAIL_URL", f"filemail:///{mail}")
    redis_server.mail = mail
    return redis_server


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def _sent_mails(mail_dir, kind: str = "notification") -> int:
    return sum(p.read_text().count(f"Message-ID: <{kind}-") for p in mail_dir.iterdir())


def _login(email: str) -> Client:
    """The real allauth login: password, then the TOTP step."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": email, "password": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    response = client.post(
        reverse("mfa_authenticate"), {"code": pyotp.TOTP(TEST_TOTP_SECRET).now()}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    return client


def _apply(programme, town) -> None:
    """The public application, every step, as an anonymous visitor."""
    client = Client()
    response = client.post(
        reverse("groups:apply_start", args=[programme.slug, town.pk]),
        {**GROUP, "email": "outage@example.org"},
    )
    assert response.status_code == 302, response.content[-2000:]
    token = response["Location"].rstrip("/").split("/")[-2]

    def step(name, data):
        answer = client.post(reverse("groups:apply_step", args=[token, name]), data)
        assert answer.status_code == 302, answer.content[-2000:]
        return answer

    step("members", members_post([member(i) for i in range(3)]))
    step("capacity", CAPACITY)
    assert step("consent", {"consent": "on"})["Location"] == reverse("groups:apply_done")


def _running_sponsorship(town, programme, group_member, coordinator):
    sponsorship = make_sponsorship(
        town, programme, user=group_member, actor=coordinator, expected_arrival=timezone.localdate()
    )
    sponsorships.register_arrival(
        coordinator, sponsorship, timezone.localdate(), "arrived during the outage test"
    )
    sponsorship.refresh_from_db()
    return sponsorship


def _session_with_certificates(town, programme, coordinator):
    group = SponsorGroupFactory(
        municipality=town, programme=programme, members=2, status=SponsorGroup.Status.IN_TRAINING
    )
    module = TrainingModuleFactory(programme=programme, code="start")
    session = TrainingSessionFactory(
        module=module, municipality=town, starts_at=timezone.now() - timedelta(hours=4)
    )
    present = {EnrolmentFactory(session=session, member=m).pk for m in group.members.all()}
    completions.register_attendance(session, coordinator, present)
    return session


def _checkin(client, sponsorship):
    return client.post(
        reverse("sponsorships:checkin_add", args=[sponsorship.pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "by": "member",
            "household_wellbeing": "difficult",
            "group_wellbeing": "okay",
            "signal_category": "housing",
            "signal_severity": "urgent",
            "signal_description": "Mould in the bedroom; the child is coughing.",
        },
        follow=True,
    )


def test_nothing_is_lost_and_nothing_answers_500_while_redis_is_down(
    private_redis, start_worker, programme, town, coordinator, group_member
):
    sponsorship = _running_sponsorship(town, programme, group_member, coordinator)
    link = monitoring.create_feedback_link(coordinator, sponsorship, "en")
    session = _session_with_certificates(town, programme, coordinator)
    ready_group(town, programme)
    cleared_household(town, programme)
    home(town)

    private_redis.stop()
    # (The test client raises any server error, so every request below answered.)
    staff = _login(coordinator.email)
    assert staff.get("/healthz").status_code == 503
    _apply(programme, town)
    assert SponsorGroup.objects.filter(members__email="person0@example.org").exists()

    page = _checkin(login_client(group_member), sponsorship)
    assert page.status_code == 200 and str(DEFERRED_MESSAGE) in page.content.decode()
    answer = Client().post(
        reverse("sponsorships:household_feedback", args=[link.token]),
        {"wellbeing": "difficult", "category": "income", "urgent": "on", "message": "No money yet"},
    )
    assert answer.status_code == 200
    assert sponsorship.signals.filter(severity="urgent").count() == 2

    page = staff.post(
        reverse("matching:run_start"),
        {"programme": programme.pk, "municipalities": [town.pk]},
        follow=True,
    )
    assert page.status_code == 200 and str(DEFERRED_MESSAGE) in page.content.decode()
    run = MatchingRun.objects.get()
    answer = staff.post(reverse("training:bundle_start", args=[session.pk]))
    bundle = CertificateBundle.objects.get()
    assert answer["Location"] == reverse("training:bundle_status", args=[bundle.pk])

    urgent = Notification.objects.filter(urgent=True)
    assert urgent.count() == 2 and not urgent.filter(emailed_at__isnull=False).exists()
    assert run.status == MatchingRun.Status.QUEUED and bundle.status == "pending"
    pending = OutboxTask.objects.all()
    assert {r.task for r in pending} == {
        "sponsorship.tasks.send_notification_emails",
        "sponsorship.tasks.send_outgoing_mail",  # the applicant's resume link, confirmation
        "matching.tasks.execute_run",
        "training.tasks.build_session_certificates",
    }
    # Each request tried the broker once; what it enqueued after that failure waits
    # without another try (and so without an error of its own) for the sweeper.
    assert all(r.state == "pending" for r in pending) and any(r.last_error for r in pending)

    private_redis.start()
    assert outbox.sweep()["published"] == 4  # the two notification e-mail jobs become one
    start_worker()
    _wait_for(
        lambda: not OutboxTask.objects.filter(done_at__isnull=True).exists(),
        120,
        "every job to be done",
    )
    run.refresh_from_db()
    bundle.refresh_from_db()
    assert run.status == MatchingRun.Status.SUCCEEDED, run.failure_reason
    assert run.proposals.count() == 1
    assert bundle.status == "done" and (bundle.done, bundle.total) == (2, 2)
    assert not urgent.filter(emailed_at__isnull=True).exists()
    # The two urgent notices and the new application's notice to the town's coordinator.
    assert _sent_mails(private_redis.mail) == 3
    assert _sent_mails(private_redis.mail, "mail") == 2  # the resume link, the confirmation
    assert not OutboxTask.objects.exclude(last_error="").exists()

    # Exactly once: a repeated message for a done job runs nothing. The sentinel job,
    # published after it to the same single worker, proves the repeat was consumed.
    repeat = OutboxTask.objects.get(
        task="sponsorship.tasks.send_notification_emails", dispatched_at__isnull=False
    )
    done_at = repeat.done_at
    assert outbox.publish(repeat)
    sentinel = OutboxTask.objects.create(task="sponsorship.tasks.send_digests")
    assert outbox.publish(sentinel)
    _wait_for(
        lambda: OutboxTask.objects.filter(pk=sentinel.pk, done_at__isnull=False).exists(),
        60,
        "the sentinel job",
    )
    repeat.refresh_from_db()
    assert repeat.done_at == done_at
    assert _sent_mails(private_redis.mail) == 3
    assert outbox.sweep() == {"published": 0, "coalesced": 0, "failed": 0, "given_up": 0}
    bundle.file.delete(save=False)


def test_a_frozen_redis_times_out_instead_of_hanging_the_request(
    settings, redis_server, town, programme, coordinator, group_member
):
    """A Redis that accepts connections but never answers (stopped with SIGSTOP): the cache
    and the publish give up after their socket timeouts and the request answers."""
    url = redis_server.url
    settings.REDIS_URL = settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = url
    settings.CACHES = {
        alias: {**config, "LOCATION": url} for alias, config in settings.CACHES.items()
    }
    sponsorship = _running_sponsorship(town, programme, group_member, coordinator)
    os.kill(redis_server.proc.pid, signal.SIGSTOP)
    try:
        staff = _login(coordinator.email)
        page = _checkin(login_client(group_member), sponsorship)
        assert str(DEFERRED_MESSAGE) in page.content.decode()
        assert staff.get(reverse("matching:run_list")).status_code == 200
    finally:
        os.kill(redis_server.proc.pid, signal.SIGCONT)
    row = OutboxTask.objects.get()
    assert row.state == "pending" and "Timeout" in row.last_error
