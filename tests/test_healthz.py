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


@pytest.mark.django_db
def test_healthz_503_when_the_last_heartbeat_is_stale(client, settings, redis_server):
    import time

    import redis

    from sponsorship import worker_health

    settings.REDIS_URL = settings.CELERY_BROKER_URL = redis_server.url
    settings.HEALTHZ_WORKER_STALE_SECONDS = 120
    server = redis.Redis.from_url(redis_server.url)
    worker_health.stamp("gone@host", client=server, at=time.time() - 121)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "down: RuntimeError"

    worker_health.stamp("alive@host", client=server, at=time.time() - 60)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"] == "ok (1 worker)"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_stamps_on_start_and_clears_on_a_clean_stop(
    client, settings, redis_server, worker_env, celery_queue
):
    import time

    import redis

    from sponsorship import worker_health
    from tests.conftest import WorkerProcess

    settings.REDIS_URL = settings.CELERY_BROKER_URL = redis_server.url
    worker = WorkerProcess(
        f"{celery_queue}-health",
        {**worker_env, "REDIS_URL": redis_server.url, "CELERY_BROKER_URL": redis_server.url},
    )
    worker.start()
    try:
        response = client.get("/healthz")
        assert response.status_code == 200, response.json()
        assert response.json()["checks"]["worker"] == "ok (1 worker)"

        # Age the stamp: the worker's event heartbeat must write a fresh one by itself.
        server = redis.Redis.from_url(redis_server.url)
        (hostname,) = server.hkeys(worker_health.key())
        worker_health.stamp(hostname.decode(), client=server, at=time.time() - 1000)
        assert client.get("/healthz").status_code == 503
        deadline = time.time() + worker_health.WRITE_EVERY_SECONDS + 10
        while client.get("/healthz").status_code != 200:
            assert time.time() < deadline, "the worker did not refresh its heartbeat"
            time.sleep(0.5)
    finally:
        worker.stop()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "down: RuntimeError"
