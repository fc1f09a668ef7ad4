"""The cache: Redis, or this process's memory while Redis is unreachable.

Logins (allauth's rate limits and used TOTP codes), the public application's rate limit
and the CSV import preview keep their data in the cache; with a plain RedisCache every
one of those requests answered 500 while Redis was down. Degraded mode, per process and
for at most RETRY_SECONDS before Redis is tried again: rate limits count per process (a
limit of 10 becomes 10 per process), a used TOTP code is remembered only by the process
that saw it, and a CSV preview is found again only by the same process. Entries written
to memory are not copied to Redis when it is back.
"""

from __future__ import annotations

import logging
import threading
import time

import redis
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# The methods RedisCache implements; BaseCache builds the others (get_or_set, decr, the
# async variants, versions) on these.
_METHODS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


class ResilientRedisCache(RedisCache):
    """A RedisCache that answers from a per-process LocMemCache while Redis is down."""

    RETRY_SECONDS = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        fallback = {k: v for k, v in params.items() if k not in ("OPTIONS", "BACKEND")}
        # Django makes one cache object per thread; the name makes their memory one per
        # process (LocMemCache shares storage and lock by name).
        name = f"redis-fallback:{server}:{params.get('KEY_PREFIX', '')}"
        self._fallback = LocMemCache(name, fallback)
        self._down_until = 0.0
        self._lock = threading.Lock()

    def redis_down(self) -> bool:
        """True while this process answers from memory (until the next retry)."""
        return time.monotonic() < self._down_until

    def _went_down(self, exc: Exception) -> None:
        with self._lock:
            if not self.redis_down():
                logger.warning(
                    "cache: Redis unreachable (%s: %s); answering from this "
                    "process's memory for %.0f s",
                    type(exc).__name__,
                    exc,
                    self.RETRY_SECONDS,
                )
            self._down_until = time.monotonic() + self.RETRY_SECONDS


def _resilient(name: str):
    redis_method = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        if not self.redis_down():
            try:
                return redis_method(self, *args, **kwargs)
            except (redis.ConnectionError, redis.TimeoutError) as exc:
                self._went_down(exc)
        return getattr(self._fallback, name)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = redis_method.__doc__
    return method


for _name in _METHODS:
    setattr(ResilientRedisCache, _name, _resilient(_name))
