"""The cache while Redis is away: answers come from this process's memory, rate limits
still hold (per process), and Redis is used again once it is back."""

from __future__ import annotations

import pytest
import redis
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from sponsorship.cache import ResilientRedisCache
from tests.factories import TEST_PASSWORD

OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


@pytest.fixture
def cache(redis_server):
    return ResilientRedisCache(
        redis_server.url, {"KEY_PREFIX": "fallback-test", "OPTIONS": OPTIONS}
    )


def test_memory_answers_while_redis_is_down_and_redis_is_used_again_after(cache, redis_server):
    cache.set("before", 1)
    redis_server.stop()
    assert cache.get("before") is None  # that value is in Redis, out of reach
    assert cache.redis_down()
    cache.set("key", "value")
    assert cache.get("key") == "value"
    assert cache.add("counter", 0) and cache.incr("counter") == 1
    assert cache.get_or_set("other", 5) == 5
    assert cache.get_many(["key", "other"]) == {"key": "value", "other": 5}
    cache.delete("key")
    assert not cache.has_key("key")

    redis_server.start()
    cache._down_until = 0.0  # as if the back-off had passed
    cache.set("after", 2)
    assert not cache.redis_down()
    raw = redis.Redis.from_url(redis_server.url)
    assert raw.exists(cache.make_and_validate_key("after"))
    raw.close()


def test_settings_use_the_resilient_backend():
    assert isinstance(caches["default"], ResilientRedisCache)


@pytest.mark.django_db
def test_login_rate_limit_still_holds_per_process_while_redis_is_down(
    settings, redis_server, coordinator
):
    settings.CACHES = {
        alias: {**config, "LOCATION": redis_server.url} for alias, config in settings.CACHES.items()
    }
    redis_server.stop()
    client = Client()
    for _ in range(5):  # ACCOUNT_RATE_LIMITS: 5 failures per 5 minutes per account
        response = client.post(
            reverse("account_login"), {"login": coordinator.email, "password": "wrong password"}
        )
        assert response.status_code == 200
    response = client.post(
        reverse("account_login"), {"login": coordinator.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()


def test_the_fallback_memory_is_one_per_process_not_one_per_thread(redis_server):
    # Django builds a cache object per thread; counters must not reset per thread.
    params = {"KEY_PREFIX": "per-process", "OPTIONS": OPTIONS}
    first = ResilientRedisCache(redis_server.url, params)
    second = ResilientRedisCache(redis_server.url, params)
    redis_server.stop()
    first.set("attempts", 3)
    assert second.get("attempts") == 3
