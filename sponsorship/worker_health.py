"""Worker liveness for /healthz, from a heartbeat each worker writes to Redis.

A control ping makes every /healthz call wait for the slowest worker's reply (about a
second, more under load); reading a timestamp the worker wrote itself costs one Redis
round trip. Each worker stamps its own field of one hash when it is ready and on Celery's
event heartbeat (every 2 s, written at most every ``WRITE_EVERY_SECONDS``), and removes its
field when it shuts down cleanly.
"""

from __future__ import annotations

import contextlib
import time

import redis
from celery.signals import heartbeat_sent, worker_ready, worker_shutdown
from django.conf import settings

# A worker's event loop sends a heartbeat every 2 s; a write every 10 s keeps Redis quiet
# and stays far inside the staleness threshold.
WRITE_EVERY_SECONDS = 10

_last_write = 0.0
_client: redis.Redis | None = None


def key() -> str:
    # Not under the cache's key prefix: tests give every test a prefix of its own, and the
    # worker must write where any web process reads.
    return "healthz:workers"


def _redis() -> redis.Redis:
    global _client
    if _client is None:
        _client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2
        )
    return _client


def stamp(hostname: str, client: redis.Redis | None = None, at: float | None = None) -> None:
    client = client or _redis()
    with client.pipeline() as pipe:
        pipe.hset(key(), hostname, at if at is not None else time.time())
        # Fields of workers that vanished without a clean shutdown age out with the hash.
        pipe.expire(key(), int(settings.HEALTHZ_WORKER_STALE_SECONDS * 10))
        pipe.execute()


def fresh_workers(client: redis.Redis) -> int:
    """How many workers stamped within ``HEALTHZ_WORKER_STALE_SECONDS``."""
    oldest = time.time() - settings.HEALTHZ_WORKER_STALE_SECONDS
    return sum(1 for at in client.hvals(key()) if float(at) >= oldest)


def _hostname(sender) -> str:
    # worker_ready/worker_shutdown send the consumer or worker; heartbeat_sent the Heart.
    for owner in (sender, getattr(sender, "eventer", None)):
        name = getattr(owner, "hostname", None)
        if name:
            return name
    return "unknown"


@worker_ready.connect
def _on_ready(sender=None, **kwargs):
    global _last_write
    stamp(_hostname(sender))
    _last_write = time.monotonic()


@heartbeat_sent.connect
def _on_heartbeat(sender=None, **kwargs):
    global _last_write
    if time.monotonic() - _last_write < WRITE_EVERY_SECONDS:
        return
    try:
        stamp(_hostname(sender))
    except redis.RedisError:
        return  # Redis away: the stamp ages and /healthz reports it, which is the point
    _last_write = time.monotonic()


@worker_shutdown.connect
def _on_shutdown(sender=None, **kwargs):
    with contextlib.suppress(redis.RedisError):
        _redis().hdel(key(), _hostname(sender))
