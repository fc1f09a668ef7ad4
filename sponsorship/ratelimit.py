"""Fixed-window rate limits counted in the shared cache (one count for all web processes)."""

from __future__ import annotations

from django.core.cache import cache

from sponsorship.middleware import client_ip


def hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one hit on ``key``; False once ``limit`` is exceeded in the current window.

    ``cache.add`` creates the counter with its expiry only if it is missing, and ``incr``
    is atomic in Redis, so parallel web processes share one count.
    """
    key = f"ratelimit:{key}"
    cache.add(key, 0, window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
        count = 1
    return count <= limit


def allow(request, scope: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt for this client (see ``client_ip``) and ``scope``."""
    return hit(
        f"{scope}:{client_ip(request) or 'unknown'}", limit=limit, window_seconds=window_seconds
    )
