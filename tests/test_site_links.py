"""Issue 12: every link that leaves the portal comes from SITE_URL through one helper
(sponsorship/links.py), and SITE_URL follows the port the portal runs on."""

import os
import re
import subprocess
import sys
from datetime import timedelta
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


def test_make_run_sets_site_url_from_its_port():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import dev
    finally:
        sys.path.pop(0)
    env = {"PORT": "8123"}
    assert dev.run_environment(env) == "8123"
    assert env["SITE_URL"] == "http://127.0.0.1:8123"
    env = {}
    dev.run_environment(env)
    assert env == {"PORT": "8000", "SITE_URL": "http://127.0.0.1:8000"}
    env = {"PORT": "8123", "SITE_URL": SITE}
    dev.run_environment(env)
    assert env["SITE_URL"] == SITE


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
def test_the_invitation_e_mail_links_to_site_url(site, administrator):
    from sponsorship.models import Role
    from sponsorship.services import create_invitation, send_invitation

    invitation = create_invitation(
        actor=administrator, email="new.admin@example.org", role=Role.ADMINISTRATOR, send=False
    )
    send_invitation(invitation.pk)
    assert _all_on_site(mail.outbox[-1]), mail.outbox[-1].body


@pytest.mark.django_db
def test_the_resume_e_mail_links_to_site_url(site, town, programme):
    from groups.application import send_resume_link
    from groups.models import ApplicationDraft

    draft = ApplicationDraft.objects.create(
        token="t" * 40,
        programme=programme,
        municipality=town,
        email="group@example.org",
        data={"group": {"name": "Buren"}},
        expires_at=timezone.now() + timedelta(days=3),
    )
    send_resume_link(draft.pk, "en")
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
def test_the_withdrawal_notice_links_to_site_url(site, coordinator, town, programme):
    from newcomers import services
    from newcomers.notifications import send_withdrawal_notice
    from tests.newcomers.factories import HouseholdFactory

    household = HouseholdFactory(municipality=town, programme=programme)
    withdrawal = services.withdraw(household, actor=coordinator, withdrawn_on=timezone.localdate())
    mail.outbox.clear()
    assert send_withdrawal_notice(withdrawal.pk)
    assert _all_on_site(mail.outbox[-1]), mail.outbox[-1].body


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
