"""A fixed-window rate limit per client IP, counted in the shared Redis cache."""

from __future__ import annotations

from django.core.cache import cache

from sponsorship.middleware import client_ip


def allow(request, scope: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt for this IP and ``scope``; False once ``limit`` is exceeded.

    ``cache.add`` creates the counter with its expiry only if it is missing, and ``incr``
    is atomic in Redis, so parallel web processes share one count.
    """
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
        count = 1
    return count <= limit
