"""E-mail: one path (issue 18). Every e-mail is a row written in the caller's transaction
and sent once by the worker, in the recipient's language, with links on SITE_URL."""

from __future__ import annotations

import ast
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail as django_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from sponsorship import mail, notifications
from sponsorship.mail import OutgoingMail
from sponsorship.models import Role
from sponsorship.outbox import OutboxTask
from sponsorship.services import create_invitation
from sponsorship.tasks import send_outgoing_mail

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "sponsorship",
    "groups",
    "newcomers",
    "housing",
    "training",
    "matching",
    "sponsorships",
    "scripts",
]
SENDING = {
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
    "EmailMessage",
    "EmailMultiAlternatives",
    "get_connection",
}
SITE = "http://portal.test:8765"


def _mail_uses(tree: ast.AST) -> list[str]:
    """Imports of django.core.mail and calls of its sending names in one module."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = {a.name for a in node.names}
            if node.module.startswith("django.core.mail") or (
                node.module == "django.core" and "mail" in names
            ):
                found.append(f"import from {node.module}")
        elif isinstance(node, ast.Import):
            found += [
                f"import {a.name}" for a in node.names if a.name.startswith("django.core.mail")
            ]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in SENDING:
                found.append(f"call {name}")
    return found


def test_only_the_mail_module_sends_mail():
    """A direct send_mail/EmailMessage/get_connection bypasses the rows: no exactly once,
    no language, no digest, SMTP inside the request."""
    offenders = {
        str(path.relative_to(ROOT)): uses
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if path != ROOT / "sponsorship" / "mail.py"
        and (uses := _mail_uses(ast.parse(path.read_text(), str(path))))
    }
    assert offenders == {}


def test_the_walk_would_see_a_direct_send():
    source = "from django.core.mail import send_mail\nsend_mail('s', 'b', None, ['a@b'])\n"
    assert _mail_uses(ast.parse(source)) == ["import from django.core.mail", "call send_mail"]
    assert _mail_uses(ast.parse("connection = x.get_connection()")) == ["call get_connection"]


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE
    return SITE


def _invite(actor, email="new.admin@example.org", language="en"):
    return create_invitation(actor=actor, email=email, role=Role.ADMINISTRATOR, language=language)


# --- exactly once ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_rolled_back_invitation_sends_nothing(administrator):
    with pytest.raises(RuntimeError), transaction.atomic():
        _invite(administrator)
        assert OutgoingMail.objects.count() == 1
        raise RuntimeError
    assert not OutgoingMail.objects.exists()
    assert not OutboxTask.objects.exists()


@pytest.mark.django_db
def test_the_delivery_task_run_twice_sends_once(administrator, site):
    invitation = _invite(administrator)
    row = OutgoingMail.objects.get()
    assert row.secret["url"] == f"{SITE}/invitations/{invitation.token}/"
    assert not django_mail.outbox  # nothing is sent inside the request
    job = OutboxTask.objects.get(task="sponsorship.tasks.send_outgoing_mail")
    # The same Celery message delivered twice (the outbox claim), then another message
    # for it (a beat tick, a sweep): the second and third send nothing.
    assert send_outgoing_mail.apply(task_id=str(job.pk)).get() == 1
    assert send_outgoing_mail.apply(task_id=str(job.pk)).get() is None
    assert send_outgoing_mail.apply().get() == 0
    assert len(django_mail.outbox) == 1
    message = django_mail.outbox[0]
    assert message.to == ["new.admin@example.org"]
    assert message.extra_headers["Message-ID"] == f"<mail-{row.pk}@portal.test>"
    assert f"{SITE}/invitations/{invitation.token}/" in message.body
    assert message.alternatives  # the HTML part
    row.refresh_from_db()
    assert row.sent_at and row.secret == {} and row.attempts == 1


@pytest.mark.django_db
def test_queuing_the_same_key_twice_writes_one_row(administrator):
    invitation = _invite(administrator)
    from sponsorship.services import send_invitation

    send_invitation(invitation)
    assert OutgoingMail.objects.count() == 1


@pytest.mark.django_db
def test_a_sent_row_cannot_keep_its_secret(administrator):
    _invite(administrator)
    with pytest.raises(IntegrityError), transaction.atomic():
        OutgoingMail.objects.update(sent_at=timezone.now())


# --- failures, giving up, retention ---------------------------------------------------


@pytest.mark.django_db
def test_a_failing_e_mail_is_kept_retried_after_the_others_then_given_up(administrator, settings):
    broken = mail.queue(
        "test", "broken@example.org", "no/such/template", language="en", secret={"code": "1"}
    )
    assert mail.deliver_pending() == 0  # the failure ends the run
    broken.refresh_from_db()
    assert (broken.attempts, broken.sent_at) == (1, None)
    assert "TemplateDoesNotExist" in broken.last_error
    _invite(administrator)
    assert mail.deliver_pending() == 1  # the fresh row goes first
    assert [m.to for m in django_mail.outbox] == [["new.admin@example.org"]]
    OutgoingMail.objects.filter(pk=broken.pk).update(
        created_at=timezone.now() - timedelta(hours=settings.OUTGOING_MAIL_GIVE_UP_HOURS + 1)
    )
    assert mail.deliver_pending() == 0
    broken.refresh_from_db()
    assert broken.gave_up_at and broken.secret == {} and broken.sent_at is None


@pytest.mark.django_db
def test_sent_rows_are_deleted_after_a_week(administrator):
    _invite(administrator)
    _invite(administrator, email="second@example.org")
    mail.deliver_pending()
    old, recent = OutgoingMail.objects.order_by("pk")
    OutgoingMail.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timedelta(days=8))
    assert mail.purge_sent() == 1
    assert list(OutgoingMail.objects.values_list("pk", flat=True)) == [recent.pk]


# --- language --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_invitation_is_in_the_language_the_inviter_chose(administrator, run_jobs):
    _invite(administrator, language="nl")  # the request itself is in English
    run_jobs()
    assert django_mail.outbox[0].subject == "Je uitnodiging voor het Samen Hier-portaal"


@pytest.mark.django_db
def test_the_resume_link_is_in_the_language_of_the_request(programme, town, run_jobs, site):
    from groups.application import start_draft

    with translation.override("nl"):
        draft = start_draft(
            programme=programme,
            municipality=town,
            group_data={"name": "Buren", "email": "g@example.org"},
        )
    row = OutgoingMail.objects.get()
    assert (row.language, row.to) == ("nl", "g@example.org")
    assert draft.token in row.secret["url"]  # in clear until sent, then wiped
    run_jobs()
    assert django_mail.outbox[0].subject == "[Samen Hier] Ga verder met je groepsaanmelding"
    assert SITE + reverse("groups:apply_resume", args=[draft.token]) in django_mail.outbox[0].body
    row.refresh_from_db()
    assert row.secret == {}
    assert draft.token not in str(OutgoingMail.objects.values_list().get())


# --- allauth ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_goes_at_once_in_the_users_language_whatever_the_digest(
    client, coordinator, run_jobs, site
):
    notifications.set_mode(coordinator, "digest")
    coordinator.language = "nl"
    coordinator.save(update_fields=["language"])
    client.post(reverse("account_reset_password"), {"email": coordinator.email})
    row = OutgoingMail.objects.get()
    assert (row.kind, row.user, row.language) == ("account", coordinator, "nl")
    assert set(row.secret) == {"password_reset_url"}  # no uid, key, request or user
    run_jobs()
    [message] = django_mail.outbox
    assert message.subject.startswith("[Samen Hier] ")
    assert "wachtwoord" in message.subject.lower()
    assert re.search(rf"{SITE}/accounts/password/reset/key/\S+/", message.body)
    assert "Samen Hier" in message.body and "portal.test" in message.body
    assert OutgoingMail.objects.get().secret == {}


@pytest.mark.django_db
def test_a_reset_for_an_unknown_address_answers_in_the_requests_language(client, run_jobs):
    client.post(
        reverse("account_reset_password"),
        {"email": "nobody@example.org"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    row = OutgoingMail.objects.get()
    assert (row.user, row.to, row.language) == (None, "nobody@example.org", "en")
    run_jobs()
    assert django_mail.outbox[0].to == ["nobody@example.org"]
    assert "do not have any record" in django_mail.outbox[0].body


# --- notifications keep the digest ----------------------------------------------------


@pytest.mark.django_db
def test_a_withdrawal_notice_waits_for_a_digest_coordinators_digest(
    coordinator, town, programme, run_jobs
):
    from newcomers import services
    from tests.factories import CoordinatorFactory
    from tests.newcomers.factories import HouseholdFactory

    colleague = CoordinatorFactory(towns=[town], organisation=coordinator.organisation)
    notifications.set_mode(colleague, "digest")
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    household = HouseholdFactory(municipality=town, programme=programme)
    withdrawal = services.withdraw(household, actor=coordinator, withdrawn_on=timezone.localdate())
    notes = notifications.Notification.objects.filter(key=f"household-withdrew:{withdrawal.pk}")
    assert set(notes.values_list("user", flat=True)) == {coordinator.pk, colleague.pk}
    run_jobs()
    assert [m.to for m in django_mail.outbox] == [[coordinator.email]]
    assert household.pseudonym in django_mail.outbox[0].subject
    assert "alternative form of support" in django_mail.outbox[0].body
    # A redelivered job of the old kind writes nothing twice.
    from newcomers.tasks import notify_withdrawal

    assert notify_withdrawal.apply((withdrawal.pk,)).get() == 0
    assert notifications.send_digests() == 1
    assert django_mail.outbox[-1].to == [colleague.email]


# --- with the real worker --------------------------------------------------------------


def _wait(condition, timeout=60):
    import time

    deadline = time.time() + timeout
    while not condition():
        if time.time() > deadline:
            raise AssertionError("the worker did not get there in time")
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_each_mail_once_however_often_its_job_arrives(
    start_worker, worker_env, monkeypatch, tmp_path, client_for, administrator, client, site
):
    from sponsorship import outbox

    box = tmp_path / "mail"
    # Three slashes plus the absolute path: django-environ drops one leading slash.
    monkeypatch.setitem(worker_env, "EMAIL_URL", f"filemail:///{box}")
    monkeypatch.setitem(worker_env, "SITE_URL", SITE)
    start_worker()
    response = client_for(administrator).post(
        reverse("invitation_list"),
        {"email": "new.admin@example.org", "role": Role.ADMINISTRATOR, "language": "en"},
    )
    assert response.status_code == 302
    client.post(reverse("account_reset_password"), {"email": administrator.email})
    assert OutgoingMail.objects.count() == 2

    def all_sent():
        return not OutgoingMail.objects.filter(sent_at__isnull=True).exists()

    _wait(all_sent)
    # Every job published again (a redelivered message), and a new delivery run.
    for row in OutboxTask.objects.all():
        assert outbox.publish(row)
    assert send_outgoing_mail.delay().get(timeout=60) == 0
    _wait(lambda: not OutboxTask.objects.filter(done_at__isnull=True).exists())
    text = "".join(p.read_text() for p in box.iterdir())
    ids = re.findall(r"^Message-ID: (<mail-\d+@portal\.test>)$", text, flags=re.M)
    assert sorted(ids) == sorted(
        f"<mail-{pk}@portal.test>" for pk in OutgoingMail.objects.values_list("pk", flat=True)
    )
    assert f"{SITE}/invitations/" in text and f"{SITE}/accounts/password/reset/key/" in text
    assert not OutgoingMail.objects.exclude(secret={}).exists()
