"""Production configuration: Django's deploy checks, cookies, mail and the compose file.

Production runs here with .env.example's own values (what a deployment that copies the file
gets), so the file and the settings cannot drift apart again.
"""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port
from tests.factories import TEST_PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_SECRET = "x" * 30 + "-production-secret-with-enough-entropy-0123456789"


def _env_example() -> dict[str, str]:
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def _production_env(**overrides) -> dict[str, str]:
    """This test run's environment with .env.example's values, as docker-compose sets them
    (empty ones included), in production; the database and Redis stay this run's own."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    own = {name: os.environ[name] for name in ("DATABASE_URL", "REDIS_URL") if name in os.environ}
    env.update(_env_example())
    env.update(own, DJANGO_ENV="production", SECRET_KEY=PRODUCTION_SECRET)
    env.update(overrides)
    return env


def _manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _in_production(script: str, env: dict | None = None) -> dict:
    """Run ``script`` after django.setup() with production settings; it prints JSON."""
    code = "import json, django\ndjango.setup()\n" + script
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "sponsorship.settings", **(env or _production_env())},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_with_env_example_values_passes_deploy_checks():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_env_example_empty_values_mean_the_defaults():
    got = _in_production("""
from django.conf import settings
print(json.dumps({"broker": settings.CELERY_BROKER_URL, "results": settings.CELERY_RESULT_BACKEND,
                  "redis": settings.REDIS_URL, "media": str(settings.MEDIA_ROOT),
                  "mail": settings.MAILERS["default"]}))
""")
    assert got["broker"] == got["results"] == got["redis"] != ""
    assert got["media"].endswith("media")
    assert got["mail"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert got["mail"]["OPTIONS"] == {
        "host": "smtp.example.org",
        "port": 587,
        "username": "user",
        "password": "password",
        "use_tls": True,
        "timeout": 20,
    }


def test_production_keeps_database_connections_and_checks_them_before_reuse():
    script = """
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps([db["CONN_MAX_AGE"], db["CONN_HEALTH_CHECKS"]]))
"""
    assert _in_production(script) == [60, True]
    unset = {k: v for k, v in _production_env().items() if k != "DB_CONN_MAX_AGE"}
    assert _in_production(script, unset) == [60, True]


@pytest.mark.parametrize("url", ["consolemail://", "filemail:///tmp/mail", ""])
def test_production_refuses_a_mail_url_that_sends_nothing(url):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_production_env(EMAIL_URL=url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "EMAIL_URL must name a mail server" in result.stderr


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtps://mailer:s%40cret@smtp.example.org", {"port": 465, "use_ssl": True}),
        ("submission://mailer:s%40cret@smtp.example.org", {"port": 587, "use_tls": True}),
        ("smtp+tls://mailer:s%40cret@smtp.example.org:2525", {"port": 2525, "use_tls": True}),
    ],
)
def test_mail_url_schemes_mean_what_they_say(url, expected):
    got = _in_production(
        """
from django.conf import settings
print(json.dumps(settings.MAILERS["default"]["OPTIONS"]))
""",
        _production_env(EMAIL_URL=url),
    )
    # A stalled mail server times out instead of holding a worker for ever.
    assert got == {
        "host": "smtp.example.org",
        "username": "mailer",
        "password": "s@cret",
        "timeout": 20,
        **expected,
    }


COOKIES_AFTER_LOGIN = """
from django.test import Client
from django.urls import reverse
client = Client(HTTP_HOST="portal.example.org", HTTP_X_FORWARDED_PROTO="https")
responses = [client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD}),
             client.post(reverse("set_language"), {"language": "en", "next": "/"})]
print(json.dumps({"status": [r.status_code for r in responses], "cookies": {
    name: {key: morsel[key] for key in ("secure", "httponly", "path", "domain", "samesite")}
    for r in responses for name, morsel in r.cookies.items()}}))
"""


@pytest.mark.django_db(transaction=True)
def test_production_cookies_are_host_prefixed_secure_and_httponly(worker_env):
    user = UserFactory(email="cookies@example.org")
    script = f"EMAIL, PASSWORD = {user.email!r}, {TEST_PASSWORD!r}\n" + COOKIES_AFTER_LOGIN
    got = _in_production(script, _production_env(DATABASE_URL=worker_env["DATABASE_URL"]))
    assert got["status"] == [302, 302]
    cookies = got["cookies"]
    assert set(cookies) == {"__Host-sessionid", "__Host-csrftoken", "__Host-language"}
    for name, attributes in cookies.items():
        # What a browser requires of a __Host- cookie, and no script may read any of them.
        assert attributes["secure"] is True, name
        assert attributes["path"] == "/", name
        assert attributes["domain"] == "", name
        assert attributes["httponly"] is True, name
        assert attributes["samesite"] == "Lax", name


def test_healthz_answers_plain_http_in_production_while_pages_redirect():
    got = _in_production("""
from django.test import Client
client = Client(HTTP_HOST="portal.example.org")
print(json.dumps({path: [r.status_code, r.get("Location", "")]
                  for path in ("/healthz", "/accounts/login/") for r in [client.get(path)]}))
""")
    assert got["/healthz"][0] in (200, 503), got
    assert got["/accounts/login/"] == [301, "https://portal.example.org/accounts/login/"]


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(
        DJANGO_ENV="production",
        ALLOWED_HOSTS="portal.example.org",
        EMAIL_URL="smtp://smtp.example.org:25",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_bad_environment_value_fails_loudly():
    result = _manage("check", DJANGO_ENV="staging")
    assert result.returncode != 0
    assert "DJANGO_ENV must be one of" in result.stderr


def test_only_postgresql_is_accepted():
    result = _manage("check", DATABASE_URL="sqlite:///tmp/x.db")
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_docker_compose_file_is_valid(tmp_path):
    binary = shutil.which("docker-compose")
    if binary is None:
        if os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("docker-compose (Debian package) is required in CI")
        pytest.skip("docker-compose is not installed (apt-get install docker-compose)")
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    result = subprocess.run(
        [binary, "config"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    for service in ("postgres:", "redis:", "web:", "worker:", "beat:"):
        assert service in result.stdout


def _compose_service(name: str) -> list[str]:
    """The lines of one service in docker-compose.yml (no YAML library is installed)."""
    lines = (ROOT / "docker-compose.yml").read_text().splitlines()
    start = lines.index(f"  {name}:") + 1
    end = next(
        (
            i
            for i in range(start, len(lines))
            if lines[i].strip() and not lines[i].startswith("    ")
        ),
        len(lines),
    )
    return lines[start:end]


def _compose_list(service: str, key: str) -> list[str]:
    line = next(li for li in _compose_service(service) if li.strip().startswith(f"{key}:"))
    return json.loads(line.split(":", 1)[1])


def _compose_healthcheck(service: str) -> list[str]:
    lines = _compose_service(service)
    start = next(i for i, li in enumerate(lines) if li.strip() == "healthcheck:")
    line = next(li for li in lines[start:] if li.strip().startswith("test:"))
    return json.loads(line.split(":", 1)[1])


@pytest.fixture
def production_gunicorn(worker_env, tmp_path):
    """The compose file's web command on a free local port, with .env.example's values."""
    command = _compose_list("web", "command")
    bind = command.index("--bind") + 1
    port = free_port()
    compose_port = command[bind].rsplit(":", 1)[1]
    command[bind] = f"127.0.0.1:{port}"
    command[command.index("--workers") + 1] = "1"
    env = _production_env(
        DATABASE_URL=worker_env["DATABASE_URL"], CELERY_QUEUE=worker_env["CELERY_QUEUE"]
    )
    log = tmp_path / "gunicorn.log"
    server = subprocess.Popen(
        [sys.executable, "-m", *command],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.time() + 30
        while time.time() < deadline and server.poll() is None:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        assert server.poll() is None, log.read_text()
        # The port opens before the worker has imported the project; like compose's
        # retries, wait for the first answer (any status) before judging the check.
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/healthz", headers={"Host": "localhost"}
        )
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=120).close()  # noqa: S310
        yield compose_port, port, env
    finally:
        server.terminate()
        server.wait(10)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_compose_health_check_passes_against_the_production_web_server(
    celery_worker_process, production_gunicorn
):
    compose_port, port, env = production_gunicorn
    check = _compose_healthcheck("web")
    assert check[0] == "CMD"
    url = check[-1]
    assert url.startswith(f"http://127.0.0.1:{compose_port}/"), "the check must ask gunicorn"
    argv = [sys.executable if arg == "python" else arg for arg in check[1:]]
    argv[-1] = url.replace(f":{compose_port}/", f":{port}/")
    result = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("200 "), result.stdout
