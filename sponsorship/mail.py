"""E-mail: one path. Every e-mail the portal sends is a row written in the caller's
transaction and delivered by the worker through ``deliver`` below, the only code that
hands a message to the mail server (a test walks the source for any other).

The rows:

- ``Notification`` (sponsorship/notifications.py) for people with an account: events and
  reminders, in the user's language, at once or in the daily digest as the user chose
  (urgent ones at once);
- ``OutgoingMail`` (here) for what cannot wait for a digest or has no account behind
  it: invitations, the public application's resume link and confirmation (addresses
  without an account, in the language of the request that caused them or the one the
  inviter chose), and allauth's own mail (password reset, e-mail confirmation, the
  unknown-account notice) through ``sponsorship.accounts.AccountAdapter.send_mail``.

Exactly once, as for notifications: ``deliver_pending`` claims a row with ``SELECT ...
FOR UPDATE SKIP LOCKED``, sends it and marks it sent in one transaction, so a redelivered
Celery message or a second worker finds nothing to send. The window left is a worker
killed after the mail server accepted the message and before the commit: it is sent
again, with the same Message-ID (at-least-once there, never lost).

What a row keeps: the address, the language, and in ``context`` only codes and names of
the portal's own records the template needs, never free text typed on a public form (a
stranger could otherwise put their words into a mail from the portal to any address).
What must not outlive the e-mail (a link carrying a secret token, a one-time code, the
requester's IP address) sits in ``secret``, wiped in the transaction that marks the row
sent, or when delivery is given up (``OUTGOING_MAIL_GIVE_UP_HOURS``); a CHECK constraint
holds that. Sent rows are deleted after ``OUTGOING_MAIL_KEEP_DAYS``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.lookups import Exact
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from sponsorship.links import site, site_host

logger = logging.getLogger(__name__)

# allauth's own mail: its subjects get allauth's prefix (ACCOUNT_EMAIL_SUBJECT_PREFIX).
ACCOUNT = "account"


@dataclass(frozen=True)
class Letter:
    """One rendered e-mail to one address."""

    to: str
    subject: str
    body: str
    html: str = ""
    message_id: str = ""


def message(letter: Letter) -> EmailMultiAlternatives:
    headers = {"Message-ID": letter.message_id} if letter.message_id else None
    msg = EmailMultiAlternatives(letter.subject, letter.body, None, [letter.to], headers=headers)
    if letter.html:
        msg.attach_alternative(letter.html, "text/html")
    return msg


def deliver(letter: Letter) -> None:
    """Hand one e-mail to the mail server: the one place the portal does."""
    message(letter).send()


def render(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Subject, text and (when ``<template>_message.html`` exists) HTML, in ``language``."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_message.txt", context).strip() + "\n"
        try:
            html = render_to_string(f"{template}_message.html", context)
        except TemplateDoesNotExist:
            html = ""
    return subject, body, html


def _json_type(field: str) -> models.Func:
    return models.Func(F(field), function="jsonb_typeof", output_field=models.CharField())


class OutgoingMail(models.Model):
    kind = models.CharField(_("kind"), max_length=40)
    # Names the event, e.g. "invitation:17": queuing it twice writes one row. Empty for
    # mail each request asks for anew (a second password reset is a second e-mail).
    key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    to = models.EmailField(_("to"))
    # Set when the address belongs to an account (allauth's mail): its templates greet
    # the user; the row goes when the account does.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8)
    template = models.CharField(max_length=200)
    context = models.JSONField(default=dict, blank=True)
    secret = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    gave_up_at = models.DateTimeField(_("given up"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        app_label = "sponsorship"
        ordering = ["-created_at"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        constraints = [
            models.CheckConstraint(condition=~Q(to=""), name="outgoing_mail_has_address"),
            models.CheckConstraint(condition=~Q(template=""), name="outgoing_mail_has_template"),
            models.CheckConstraint(
                condition=Exact(_json_type("context"), "object"), name="outgoing_mail_context_dict"
            ),
            models.CheckConstraint(
                condition=Exact(_json_type("secret"), "object"), name="outgoing_mail_secret_dict"
            ),
            # No secret outlives the e-mail that carried it.
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True, gave_up_at__isnull=True) | Q(secret={}),
                name="outgoing_mail_secret_wiped",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True, gave_up_at__isnull=True),
                name="outgoing_mail_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    @property
    def message_id(self) -> str:
        return f"<mail-{self.pk}@{site_host()}>"


def queue(
    kind: str,
    to: str,
    template: str,
    *,
    language: str,
    context: dict | None = None,
    secret: dict | None = None,
    user=None,
    key: str | None = None,
) -> OutgoingMail | None:
    """Write one e-mail for the worker to deliver after the commit; None when ``key`` was
    queued before. ``context`` and ``secret`` hold JSON values only (see the module)."""
    values = {
        "kind": kind,
        "to": to,
        "template": template,
        "language": language or settings.LANGUAGE_CODE,
        "context": context or {},
        "secret": secret or {},
        "user": user,
    }
    if key:
        row, created = OutgoingMail.objects.get_or_create(key=key, defaults=values)
        if not created:
            return None
    else:
        row = OutgoingMail.objects.create(**values)
    from sponsorship import outbox
    from sponsorship.tasks import send_outgoing_mail

    outbox.enqueue(send_outgoing_mail)
    return row


def letter_for(row: OutgoingMail) -> Letter:
    context = {
        **row.context,
        **row.secret,
        "email": row.to,
        "user": row.user,
        "current_site": site(),
    }
    subject, body, html = render(row.template, context, row.language)
    if row.kind == ACCOUNT:
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject
    return Letter(row.to, subject, body, html, row.message_id)


def deliver_pending() -> int:
    """Send every pending row once; the number sent.

    One row per transaction, the fewest failed attempts first: a row the mail server
    refuses is retried after the others, and a failure ends the run (the server is likely
    down; the beat task tries again in five minutes).
    """
    given_up = _give_up()
    sent = 0
    while True:
        with transaction.atomic():
            row = (
                OutgoingMail.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(sent_at__isnull=True, gave_up_at__isnull=True)
                .select_related("user")
                .order_by("attempts", "pk")
                .first()
            )
            if row is None:
                break
            try:
                with transaction.atomic():
                    deliver(letter_for(row))
            except Exception as exc:  # noqa: BLE001 - kept for the next run, never lost
                logger.warning("mail %s not sent (%s)", row.pk, type(exc).__name__)
                OutgoingMail.objects.filter(pk=row.pk).update(
                    attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:300]
                )
                break
            OutgoingMail.objects.filter(pk=row.pk).update(
                sent_at=timezone.now(), secret={}, attempts=F("attempts") + 1, last_error=""
            )
            sent += 1
    if given_up:
        logger.warning("mail: gave up %s e-mails the mail server never took", given_up)
    return sent


def _give_up() -> int:
    """Close rows the mail server would not take for too long, their secrets wiped."""
    hours = getattr(settings, "OUTGOING_MAIL_GIVE_UP_HOURS", 24)
    return OutgoingMail.objects.filter(
        sent_at__isnull=True,
        gave_up_at__isnull=True,
        created_at__lt=timezone.now() - timedelta(hours=hours),
    ).update(gave_up_at=timezone.now(), secret={})


def purge_sent(keep_days: int | None = None) -> int:
    """Delete rows sent or given up more than ``keep_days`` ago (their addresses are
    personal data of people who may have no account)."""
    if keep_days is None:
        keep_days = getattr(settings, "OUTGOING_MAIL_KEEP_DAYS", 7)
    before = timezone.now() - timedelta(days=keep_days)
    deleted, _per_model = OutgoingMail.objects.filter(
        Q(sent_at__lt=before) | Q(gave_up_at__lt=before)
    ).delete()
    return deleted
