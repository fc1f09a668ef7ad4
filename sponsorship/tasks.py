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
