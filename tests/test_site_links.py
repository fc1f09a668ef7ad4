"""Issue 12: every link that leaves the portal comes from SITE_URL through one helper
(sponsorship/links.py), and SITE_URL follows the port the portal runs on."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

ROOT = Path(__file__).resolve().parent.parent
SITE = "http://portal.test:8765"
APPS = ("sponsorship", "groups", "newcomers", "housing", "matching", "training", "templates")


def _settings_site_url(**env) -> str:
    environ = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT")}
    environ.update(env, DJANGO_SETTINGS_MODULE="sponsorship.settings")
    code = "from django.conf import settings; print(settings.SITE_URL)"
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environ,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def test_the_default_site_url_follows_the_port():
    assert _settings_site_url(PORT="8123") == "http://127.0.0.1:8123"
    assert _settings_site_url() == "http://127.0.0.1:8000"
    assert _settings_site_url(PORT="8123", SITE_URL=SITE) == SITE


def _dev():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import dev
    finally:
        sys.path.pop(0)
    return dev


def test_make_run_sets_site_url_from_its_port(tmp_path):
    dev = _dev()
    none = tmp_path / "no.env"
    env = {"PORT": "8123"}
    assert dev.run_environment(env, none) == "8123"
    assert env["SITE_URL"] == "http://127.0.0.1:8123"
    env = {}
    dev.run_environment(env, none)
    assert env == {"PORT": "8000", "SITE_URL": "http://127.0.0.1:8000"}
    env = {"PORT": "8123", "SITE_URL": SITE}
    dev.run_environment(env, none)
    assert env["SITE_URL"] == SITE


def test_make_run_takes_the_port_from_dotenv_as_settings_does(tmp_path):
    """.env's PORT moves the server and its links together; the environment wins."""
    dev = _dev()
    dotenv = tmp_path / ".env"
    dotenv.write_text("# local\nPORT=8456\nSECRET_KEY='x=y'\n")
    env = {}
    assert dev.run_environment(env, dotenv) == "8456"
    assert env["SITE_URL"] == "http://127.0.0.1:8456"
    env = {"PORT": "8123"}
    dev.run_environment(env, dotenv)
    assert env["SITE_URL"] == "http://127.0.0.1:8123"
    dotenv.write_text(f"PORT=8456\nSITE_URL={SITE}\n")
    env = {}
    dev.run_environment(env, dotenv)
    assert env == {"PORT": "8456", "SITE_URL": SITE}


def test_links_point_at_the_port_runserver_really_listens_on(tmp_path, django_db_setup):
    """`make run`'s environment, the Procfile's web command: the server answers on the
    port the worker's SITE_URL names."""
    from django.db import connection

    from tests.conftest import _database_url, free_port

    dev = _dev()
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT")}
    # runserver checks migrations at start: on a database that exists (CI's DATABASE_URL
    # names one that only pytest-django's test_ copy is made of).
    env["DATABASE_URL"] = _database_url(connection.settings_dict)
    env["PORT"] = str(free_port())
    dev.run_environment(env, tmp_path / "no.env")
    web = next(
        line.split(":", 1)[1].strip()
        for line in (ROOT / "Procfile").read_text().splitlines()
        if line.startswith("web:")
    )
    command = web.replace("$PORT", env["PORT"]).split() + ["--noreload", "--skip-checks"]
    log = (tmp_path / "runserver.log").open("wb")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        import urllib.error
        import urllib.request

        worker_site_url = _settings_site_url(**{k: env[k] for k in ("PORT", "SITE_URL")})
        deadline = time.time() + 90  # a loaded CI machine starts Django slowly
        while True:
            try:
                url = f"{worker_site_url}/healthz"  # http://127.0.0.1:<port>, from above
                with urllib.request.urlopen(url, timeout=10) as reply:  # noqa: S310
                    status = reply.status
                break
            except urllib.error.HTTPError as error:  # 503 still proves who answers
                status = error.code
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    log.flush()
                    output = (tmp_path / "runserver.log").read_text()[-3000:]
                    raise AssertionError(f"runserver did not answer:\n{output}") from None
                time.sleep(0.2)
        assert status in (200, 503)
    finally:
        server.terminate()
        server.wait(10)
        log.close()


def test_only_the_links_module_reads_site_url():
    readers = []
    for app in APPS:
        for path in (ROOT / app).rglob("*"):
            if path.suffix not in (".py", ".html", ".txt") or "migrations" in path.parts:
                continue
            if re.search(r"SITE_URL|site_url", path.read_text(errors="ignore")):
                readers.append(str(path.relative_to(ROOT)))
    assert sorted(readers) == ["sponsorship/links.py", "sponsorship/settings.py"]


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE
    return SITE


def _links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", text)


def _all_on_site(message) -> bool:
    links = _links(message.body)
    return bool(links) and all(link.startswith(SITE + "/") for link in links)


@pytest.mark.django_db
def test_the_invitation_e_mail_links_to_site_url(site, administrator, run_jobs):
    from sponsorship.models import Role
    from sponsorship.services import create_invitation

    create_invitation(actor=administrator, email="new.admin@example.org", role=Role.ADMINISTRATOR)
    run_jobs()
    assert _all_on_site(mail.outbox[-1]), mail.outbox[-1].body


@pytest.mark.django_db
def test_the_resume_e_mail_links_to_site_url(site, town, programme, run_jobs):
    from groups.application import start_draft

    group = {"name": "Buren", "email": "group@example.org"}
    start_draft(programme=programme, municipality=town, group_data=group)
    run_jobs()
    assert _all_on_site(mail.outbox[-1]), mail.outbox[-1].body


@pytest.mark.django_db
def test_the_notification_e_mail_links_to_site_url(site, coordinator):
    from sponsorship.notifications import notify, send_pending

    notify(coordinator, "test", "site-links", "Something happened", url="/groups/")
    send_pending()
    message = mail.outbox[-1]
    assert _all_on_site(message), message.body
    assert f"{SITE}/groups/" in message.body and f"{SITE}/notifications/" in message.body
    assert "@portal.test>" in message.extra_headers["Message-ID"]


@pytest.mark.django_db
def test_the_withdrawal_notice_links_to_site_url(site, coordinator, town, programme, run_jobs):
    from newcomers import services
    from tests.newcomers.factories import HouseholdFactory

    household = HouseholdFactory(municipality=town, programme=programme)
    services.withdraw(household, actor=coordinator, withdrawn_on=timezone.localdate())
    run_jobs()
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert _all_on_site(mail.outbox[-1]), mail.outbox[-1].body


@pytest.mark.django_db
def test_allauth_links_use_site_url_not_the_request_host(site, client, coordinator, run_jobs):
    """allauth builds its links from the request's Host header; a reset link must not
    follow a host the request named."""
    from django.urls import reverse

    client.post(
        reverse("account_reset_password"), {"email": coordinator.email}, HTTP_HOST="localhost"
    )
    run_jobs()
    message = mail.outbox[-1]
    assert _all_on_site(message), message.body
    assert "/accounts/password/reset/key/" in message.body
    assert "localhost" not in message.body


@pytest.mark.django_db
def test_the_certificate_and_calendar_use_site_url(site, town, programme, coordinator):
    from tests.groups.factories import GroupMemberFactory
    from tests.training.factories import (
        TrainingModuleFactory,
        TrainingSessionFactory,
        completion,
    )
    from training.certificates import certificate_context
    from training.ics import session_ics

    module = TrainingModuleFactory(programme=programme)
    member = GroupMemberFactory(group__municipality=town, group__programme=programme)
    done = completion(member, module, actor=coordinator)
    assert certificate_context(done, "en")["verify_url"].startswith(f"{SITE}/")
    session = TrainingSessionFactory(module=module, municipality=town)
    assert "@portal.test" in session_ics(session)
