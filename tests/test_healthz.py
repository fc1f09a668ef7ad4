"""/healthz reports database, Redis and worker health; 503 when one is down."""

import pytest


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_healthz_ok_with_a_real_worker(client, celery_worker_process):
    response = client.get("/healthz")
    data = response.json()
    assert response.status_code == 200, data
    assert data["status"] == "ok"
    assert data["checks"]["database"] == "ok"
    assert data["checks"]["redis"] == "ok"
    assert data["checks"]["worker"].startswith("ok")


@pytest.mark.django_db
def test_healthz_503_when_redis_is_stopped(client, settings, redis_server):
    settings.REDIS_URL = settings.CELERY_BROKER_URL = redis_server.url
    redis_server.stop()
    response = client.get("/healthz")
    data = response.json()
    assert response.status_code == 503
    assert data["status"] == "unhealthy"
    assert data["checks"]["database"] == "ok"
    assert data["checks"]["redis"].startswith("down")
    assert data["checks"]["worker"].startswith("unknown")


@pytest.mark.django_db
def test_healthz_503_when_no_worker_answers(client, settings, redis_server):
    # A running Redis that no worker listens on.
    settings.REDIS_URL = settings.CELERY_BROKER_URL = redis_server.url
    response = client.get("/healthz")
    data = response.json()
    assert response.status_code == 503
    assert data["checks"]["redis"] == "ok"
    assert data["checks"]["worker"] == "down: RuntimeError"
