"""In-app notifications and their e-mails, each delivered exactly once per user and key.

Exactly once, in two halves:

- *Creating* a notification is idempotent: ``(user, key)`` is unique in the database and
  every insert is ``INSERT ... ON CONFLICT DO NOTHING``. A reminder job that runs twice,
  two beat schedulers, or a worker killed half-way and its job redelivered all insert
  each row once; the second run inserts nothing.
- *E-mailing* it (through ``sponsorship.mail.deliver``, the portal's one way out for
  e-mail): ``send_pending`` claims unsent rows with ``SELECT ... FOR UPDATE SKIP
  LOCKED`` (two workers never claim the same row), sends, then sets ``emailed_at`` in the
  same transaction. The one window left is a process killed after the SMTP server accepted
  a message and before the commit: that message is sent again on the next run. We choose
  at-least-once there (a reminder duplicated in that rare case) over at-most-once (a
  reminder silently lost), and give each e-mail a Message-ID derived from the row, so
  mail systems that de-duplicate by Message-ID drop the repeat.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from sponsorship import mail, text
from sponsorship.links import absolute_reverse, absolute_url, site_host


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40)
    # Names the event and the recipient's duty, e.g. "plan-due:17:2027-03-01"; unique per
    # user, which is what makes every delivery exactly once.
    key = models.CharField(max_length=200)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True, max_length=text.NOTE)
    url = models.CharField(max_length=300, blank=True)
    # Urgent notifications are e-mailed at once, whatever the user's digest preference.
    urgent = models.BooleanField(_("urgent"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        app_label = "sponsorship"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_user_key"),
            *text.length_checks(body=text.NOTE),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_idx"),
            models.Index(
                fields=["created_at"],
                condition=Q(emailed_at__isnull=True),
                name="notification_unsent_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


class NotificationPreference(models.Model):
    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("E-mail each notification immediately")
        DIGEST = "digest", _("One e-mail per day with everything new")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    mode = models.CharField(
        _("e-mail"), max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE
    )

    class Meta:
        app_label = "sponsorship"
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.mode}"


@dataclass(frozen=True)
class Candidate:
    """One notification to create, already written in the recipient's language."""

    user_id: int
    key: str
    kind: str
    subject: str
    body: str = ""
    url: str = ""
    urgent: bool = False


_COLUMNS = ("user_id", "kind", "key", "subject", "body", "url", "urgent")
_TYPES = ("bigint[]", "text[]", "text[]", "text[]", "text[]", "text[]", "boolean[]")
# Built from the constants above only; values are always bound parameters.
_INSERT = (
    f"INSERT INTO sponsorship_notification ({', '.join(_COLUMNS)}, created_at) "  # noqa: S608
    f"SELECT *, %s FROM unnest({', '.join(f'%s::{t}' for t in _TYPES)}) "
    "ON CONFLICT (user_id, key) DO NOTHING RETURNING id"
)


def insert_candidates(candidates: Sequence[Candidate]) -> list[int]:
    """Insert in one statement, skipping (user, key) pairs that exist; the new ids.

    One array parameter per column keeps the statement small whatever the batch size.
    """
    if not candidates:
        return []
    columns = [[getattr(c, name) for c in candidates] for name in _COLUMNS]
    columns[3] = [s[:200] for s in columns[3]]
    columns[5] = [u[:300] for u in columns[5]]
    columns[4] = [text.clip(b, text.NOTE) for b in columns[4]]
    with connection.cursor() as cursor:
        cursor.execute(_INSERT, [timezone.now(), *columns])
        return [row[0] for row in cursor.fetchall()]


def notify(
    user, kind: str, key: str, subject: str, body: str = "", url: str = "", *, urgent: bool = False
) -> bool:
    """Create the notification unless ``(user, key)`` exists; True when it is new.

    New notifications for immediate (or urgent) recipients are e-mailed after commit.
    """
    created = bool(
        insert_candidates([Candidate(user.pk, key, kind, str(subject), str(body), url, urgent)])
    )
    if created and (urgent or mode_for(user) == NotificationPreference.Mode.IMMEDIATE):
        from sponsorship import outbox
        from sponsorship.tasks import send_notification_emails

        outbox.enqueue(send_notification_emails)
    return created


def notify_each(
    users,
    kind: str,
    key: str,
    message,
    params: dict | None = None,
    url: str = "",
    *,
    urgent: bool = False,
    body=None,
) -> int:
    """``notify`` every user once, the lazy ``message`` (and ``body``, %-formatted with
    ``params``) written in each user's own language; the number of new notifications.

    Event notices name what happened and link to it; they carry no free text typed by
    others (descriptions, reasons), which the linked page shows to those allowed to see it.
    """
    created = 0
    for user in users:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject = str(message) % params if params else str(message)
            detail = (str(body) % params if params else str(body)) if body else ""
        created += notify(user, kind, key, subject, detail, url=url, urgent=urgent)
    return created


def mode_for(user) -> str:
    pref = NotificationPreference.objects.filter(user=user).values_list("mode", flat=True)
    return pref.first() or NotificationPreference.Mode.IMMEDIATE


def _immediate_filter() -> Q:
    digest_users = NotificationPreference.objects.filter(
        mode=NotificationPreference.Mode.DIGEST
    ).values("user_id")
    return Q(urgent=True) | ~Q(user_id__in=digest_users)


def message_id(notification_ids: Iterable[int]) -> str:
    """Stable per notification (or digest of notifications): a repeat has the same id."""
    return f"<notification-{'-'.join(str(i) for i in notification_ids)}@{site_host()}>"


def _email_for(user, notifications: list[Notification], template: str) -> mail.Letter:
    context = {
        "user": user,
        "notifications": notifications,
        "items": [(n, absolute_url(n.url)) for n in notifications],
        "notifications_url": absolute_reverse("notifications:list"),
    }
    with translation.override(user.language):
        subject = render_to_string(f"sponsorship/email/{template}_subject.txt", context)
        body = render_to_string(f"sponsorship/email/{template}_body.txt", context)
    # A digest's Message-ID names its first and last row: long header values make the
    # e-mail package's header folding slow, and first/last identify the digest anyway.
    ids = (
        [notifications[0].pk, notifications[-1].pk]
        if len(notifications) > 1
        else [notifications[0].pk]
    )
    return mail.Letter(user.email, " ".join(subject.split()), body, message_id=message_id(ids))


def send_pending(batch_size: int = 100) -> int:
    """E-mail unsent notifications of immediate recipients (and urgent ones); the count.

    Each batch is claimed, sent and marked in one transaction (see the module docstring).
    """
    sent = 0
    while True:
        with transaction.atomic():
            batch = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(_immediate_filter(), emailed_at__isnull=True)
                .select_related("user")
                .order_by("pk")[:batch_size]
            )
            if not batch:
                return sent
            for notification in batch:
                mail.deliver(_email_for(notification.user, [notification], "notification"))
            Notification.objects.filter(pk__in=[n.pk for n in batch]).update(
                emailed_at=timezone.now()
            )
            sent += len(batch)


def _digest_pending():
    """Unsent, non-urgent notifications of users who chose the daily digest."""
    digest_users = NotificationPreference.objects.filter(
        mode=NotificationPreference.Mode.DIGEST
    ).values("user_id")
    return Notification.objects.filter(
        user_id__in=digest_users, urgent=False, emailed_at__isnull=True
    )


def send_digests() -> int:
    """One e-mail per digest user with every unsent notification; the number of e-mails."""
    sent = 0
    for user_id in list(_digest_pending().values_list("user_id", flat=True).distinct()):
        with transaction.atomic():
            batch = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(user_id=user_id, urgent=False, emailed_at__isnull=True)
                .select_related("user")
                .order_by("created_at", "pk")
            )
            if not batch:
                continue  # another worker holds them
            mail.deliver(_email_for(batch[0].user, batch, "digest"))
            Notification.objects.filter(pk__in=[n.pk for n in batch]).update(
                emailed_at=timezone.now()
            )
            sent += 1
    return sent


def build_digest(user) -> mail.Letter | None:
    """The digest e-mail ``user`` would get now (for previews and tests)."""
    pending = list(_digest_pending().filter(user=user).order_by("created_at", "pk"))
    return _email_for(user, pending, "digest") if pending else None


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or ``ids``) read; only their own rows."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def set_mode(user, mode: str) -> NotificationPreference:
    pref, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"mode": mode}
    )
    return pref
