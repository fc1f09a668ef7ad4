"""The public application: drafts resumable by a secret link, then one submission."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from groups import notices
from groups.models import ApplicationDraft, GroupMember, SponsorGroup
from groups.services import email_in_active_group, lock_emails, refresh_languages
from sponsorship import audit
from sponsorship.links import absolute_reverse

DRAFT_VALID_DAYS = 30
PRIVACY_NOTICE_VERSION = "2026-01"
STEPS = ("group", "members", "capacity", "consent")


def open_draft(token: str) -> ApplicationDraft | None:
    """The draft for ``token`` unless it expired."""
    return (
        ApplicationDraft.objects.select_related("programme", "municipality")
        .filter(token=token, expires_at__gt=timezone.now())
        .first()
    )


def draft_url(draft: ApplicationDraft) -> str:
    """The resume link: it opens the first step still to do, whenever it is followed."""
    return absolute_reverse("groups:apply_resume", draft.token)


def first_incomplete_step(draft: ApplicationDraft) -> str:
    for step in STEPS[:-1]:
        if step not in draft.data:
            return step
    return "consent"


@transaction.atomic
def start_draft(*, programme, municipality, group_data: dict) -> ApplicationDraft:
    """Create a draft from the first step and e-mail the link to continue it."""
    draft = ApplicationDraft.objects.create(
        token=secrets.token_urlsafe(32),
        programme=programme,
        municipality=municipality,
        email=group_data["email"],
        data={"group": group_data},
        expires_at=timezone.now() + timedelta(days=DRAFT_VALID_DAYS),
    )
    language = get_language()
    transaction.on_commit(lambda: send_resume_link(draft.pk, language))
    return draft


def save_step(draft: ApplicationDraft, step: str, data) -> None:
    draft.data[step] = data
    draft.expires_at = timezone.now() + timedelta(days=DRAFT_VALID_DAYS)
    fields = ["data", "expires_at", "updated_at"]
    if step == "group":
        draft.email = data["email"]
        fields.append("email")
    draft.save(update_fields=fields)


def _send(template: str, context: dict, to: str) -> None:
    subject = render_to_string(f"groups/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"groups/email/{template}_body.txt", context)
    send_mail(subject, body, None, [to])


def send_resume_link(draft_id: int, language: str | None = None) -> None:
    from django.utils import translation

    draft = ApplicationDraft.objects.filter(pk=draft_id).first()
    if draft is None:
        return
    with translation.override(language):
        _send(
            "resume",
            {
                "draft": draft,
                "url": draft_url(draft),
                "group_name": draft.data.get("group", {}).get("name", ""),
            },
            draft.email,
        )


def duplicate_emails(emails: list[str]) -> set[str]:
    """The addresses that already belong to an active member of an open group."""
    return {e for e in emails if email_in_active_group(e)}


def submit(draft: ApplicationDraft) -> SponsorGroup:
    """Turn a complete draft into a group in state "applied"; the draft is deleted.

    Raises ValidationError when a member's e-mail joined another open group meanwhile.
    """
    group_data, capacity = draft.data["group"], draft.data["capacity"]
    members = draft.data["members"]
    emails = [m["email"] for m in members]
    language = get_language()
    with transaction.atomic():
        lock_emails(emails)
        taken = duplicate_emails(emails)
        if taken:
            raise ValidationError(
                _(
                    "These e-mail addresses are already members of an active sponsor group: "
                    "%(emails)s"
                )
                % {"emails": ", ".join(sorted(taken))}
            )
        group = SponsorGroup.objects.create(
            programme=draft.programme,
            municipality=draft.municipality,
            name=group_data["name"],
            neighbourhood=group_data["neighbourhood"],
            interests=group_data["interests"],
            motivation=group_data["motivation"],
            max_household_size=capacity["max_household_size"],
            supported_vulnerabilities=capacity["supported_vulnerabilities"],
            accepts_financial_duties=capacity.get("accepts_financial_duties", False),
            consent_given_at=timezone.now(),
            privacy_notice_version=PRIVACY_NOTICE_VERSION,
        )
        GroupMember.objects.bulk_create([GroupMember(group=group, **m) for m in members])
        refresh_languages(group)
        audit.record(audit.Action.CREATE, obj=group, summary="public application")
        notices.application_received(group)
        draft.delete()
        contact = next(m for m in members if m["is_contact"])
        transaction.on_commit(lambda: send_confirmation(group.pk, contact["email"], language))
    return group


def send_confirmation(group_id: int, email: str, language: str | None = None) -> None:
    from django.utils import translation

    group = SponsorGroup.objects.select_related("programme", "municipality").get(pk=group_id)
    with translation.override(language):
        _send("confirmation", {"group": group}, email)


def purge_expired_drafts() -> int:
    """Delete drafts past their expiry (they hold personal data of people without account)."""
    deleted, _detail = ApplicationDraft.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
