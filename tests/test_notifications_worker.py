"""Exactly once with a real worker killed (SIGKILL) in the middle of a reminder batch."""

from __future__ import annotations

import os
import re
import signal
import time
from collections import Counter
from datetime import date

import pytest
from django.contrib.auth.hashers import make_password

from sponsorship.models import Role, User
from sponsorship.notifications import Candidate, Notification, NotificationPreference
from sponsorship.tasks import run_reminders, send_digests

USERS, KEYS = 100, 300  # 30,000 candidates
RULE = "tests.test_notifications_worker.bulk_rule"


def bulk_rule(today: date):
    """A synthetic rule: KEYS reminders for every bulk user (runs inside the worker)."""
    users = (
        User.objects.filter(email__startswith="bulk-").order_by("pk").values_list("pk", flat=True)
    )
    for user_id in users:
        for k in range(KEYS):
            yield Candidate(user_id, f"bulk-{user_id}-{k}", "bulk", f"bulk-{user_id}-{k}")


def _make_users():
    password = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"bulk-{i}@example.org", role=Role.GROUP_MEMBER, password=password, language="en"
        )
        for i in range(USERS)
    )
    NotificationPreference.objects.bulk_create(
        NotificationPreference(user=u, mode="digest") for u in users
    )


def _wait_until_mid_batch(timeout=60) -> int:
    deadline = time.time() + timeout
    while time.time() < deadline:
        count = Notification.objects.count()
        if count > 0:
            return count
        time.sleep(0.02)
    raise AssertionError("the worker never started inserting")


@pytest.mark.django_db(transaction=True)
def test_killed_worker_neither_loses_nor_duplicates(
    start_worker, worker_env, monkeypatch, tmp_path
):
    outbox = tmp_path / "mail"
    # Three slashes plus the absolute path: django-environ drops one leading slash.
    monkeypatch.setitem(worker_env, "EMAIL_URL", f"filemail:///{outbox}")
    _make_users()
    first = start_worker()
    run_reminders.delay("2027-01-04", [RULE], 200)
    seen = _wait_until_mid_batch()
    os.kill(first.pid, signal.SIGKILL)
    first.proc.wait(10)
    killed_at = Notification.objects.count()
    assert 0 < seen <= killed_at < USERS * KEYS, "the kill must land mid-batch"

    # The next run (the redelivered job, the next beat tick or a second scheduler) does the
    # rest; running it twice more changes nothing.
    start_worker()
    second = run_reminders.delay("2027-01-04", [RULE], 200).get(timeout=180)
    third = run_reminders.delay("2027-01-04", [RULE], 200).get(timeout=180)
    assert second["created"] == USERS * KEYS - killed_at
    assert third["created"] == 0
    assert Notification.objects.count() == USERS * KEYS

    assert send_digests.delay().get(timeout=180) == USERS
    assert send_digests.delay().get(timeout=60) == 0
    text = "".join(p.read_text() for p in outbox.iterdir())
    counts = Counter(re.findall(r"^- (bulk-\d+-\d+)$", text, flags=re.M))
    assert len(counts) == USERS * KEYS
    assert set(counts.values()) == {1}, "every reminder e-mailed exactly once"
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
