"""A task round trip through a real worker process on the real Redis."""

import os
import pickle
import uuid

import pytest
import redis
from django.conf import settings

from sponsorship.tasks import HEARTBEAT_KEY, heartbeat
from tests.factories import MunicipalityFactory


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_task_round_trip_through_real_worker(celery_worker_process):
    MunicipalityFactory.create_batch(3)
    token = uuid.uuid4().hex
    result = heartbeat.delay(token).get(timeout=30)
    # The worker read the test database (3 rows committed here) ...
    assert result["token"] == token
    assert result["municipalities"] == 3
    # ... and wrote to Redis under its own cache prefix.
    prefix = os.environ.get("CACHE_KEY_PREFIX", "portal")
    client = redis.Redis.from_url(settings.REDIS_URL)
    stored = client.get(f"{prefix}:1:{HEARTBEAT_KEY}:{token}")
    assert stored is not None
    assert pickle.loads(stored) == result["at"]  # noqa: S301 - our own value
