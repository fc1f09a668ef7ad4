"""Shared tasks."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "worker-heartbeat"


@shared_task
def heartbeat(token: str) -> dict:
    """Prove a worker can reach the database and Redis: returns what it read and wrote."""
    from sponsorship.models import Municipality

    now = timezone.now().isoformat()
    cache.set(f"{HEARTBEAT_KEY}:{token}", now, timeout=300)
    return {"token": token, "at": now, "municipalities": Municipality.objects.count()}


@shared_task
def run_reminders(
    on: str | None = None, rules: list[str] | None = None, batch_size: int | None = None
) -> dict:
    """The daily reminder run (idempotent: safe to run again, see sponsorship/reminders.py).

    ``rules`` (dotted paths) restricts the run to those rules, for benchmarks and tests.
    """
    from datetime import date

    from django.utils.module_loading import import_string

    from sponsorship import reminders

    reminders.autodiscover()
    today = date.fromisoformat(on) if on else timezone.localdate()
    selected = {path: import_string(path) for path in rules} if rules else None
    from sponsorship import outbox

    result = reminders.run(today, selected, batch_size=batch_size or reminders.BATCH_SIZE)
    outbox.enqueue(send_notification_emails)
    return {"candidates": result.candidates, "created": result.created}


@shared_task
def send_notification_emails() -> int:
    """E-mail unsent notifications of users who want them immediately (and urgent ones).

    Idempotent: rows are claimed and marked sent in one transaction (see notifications)."""
    from sponsorship.notifications import send_pending

    return send_pending()


@shared_task
def send_outgoing_mail() -> int:
    """Deliver queued e-mails to addresses and allauth's mail (sponsorship/mail.py).

    Idempotent: each row is claimed, sent and marked sent in one transaction."""
    from sponsorship import mail

    return mail.deliver_pending()


@shared_task
def purge_outgoing_mail() -> int:
    """Delete delivered e-mail rows past OUTGOING_MAIL_KEEP_DAYS (daily)."""
    from sponsorship import mail

    return mail.purge_sent()


@shared_task
def send_digests() -> int:
    """The daily digest e-mail per user who chose it."""
    from sponsorship import notifications

    return notifications.send_digests()


@shared_task
def sweep_outbox() -> dict:
    """Publish background jobs the broker missed, forget old done ones (beat, every 30 s)."""
    from sponsorship import outbox

    return {**outbox.sweep(), "purged": outbox.purge_done()}


@shared_task
def purge_csp_reports() -> int:
    """Delete CSP reports past their 30 days (sponsorship.csp.RETENTION)."""
    from sponsorship import csp

    return csp.purge_old()
