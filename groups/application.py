"""The public application: drafts resumable by a secret link, then one submission.

Its two e-mails (the resume link, the confirmation) go to an address typed on a public
form, so they carry no text typed there (a group's name could be anyone's words): the
programme, the town and the link. They are queued on the portal's one mail path
(sponsorship/mail.py) in the language of the request, and sent at once.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from groups import notices
from groups.models import ApplicationDraft, GroupMember, SponsorGroup
from groups.services import email_in_active_group, lock_emails, refresh_languages
from sponsorship import audit, mail, tokens
from sponsorship.links import absolute_reverse

DRAFT_VALID_DAYS = 30
PRIVACY_NOTICE_VERSION = "2026-01"
STEPS = ("group", "members", "capacity", "consent")


def open_draft(token: str) -> ApplicationDraft | None:
    """The draft for ``token`` unless it expired; ``.token`` is set on it for the links.

    The draft keeps only the token's digest (sponsorship/tokens.py): the clear token is in
    the applicant's link, and in the resume e-mail's row until that is sent.
    """
    draft = (
        ApplicationDraft.objects.select_related("programme", "municipality")
        .filter(token_hash=tokens.digest(token), expires_at__gt=timezone.now())
        .first()
    )
    if draft is not None:
        draft.token = token
    return draft


def first_incomplete_step(draft: ApplicationDraft) -> str:
    for step in STEPS[:-1]:
        if step not in draft.data:
            return step
    return "consent"


@transaction.atomic
def start_draft(*, programme, municipality, group_data: dict) -> ApplicationDraft:
    """Create a draft from the first step and e-mail the link to continue it (the link
    opens the first step still to do, whenever it is followed)."""
    token, digest = tokens.new()
    draft = ApplicationDraft.objects.create(
        token_hash=digest,
        programme=programme,
        municipality=municipality,
        email=group_data["email"],
        data={"group": group_data},
        expires_at=timezone.now() + timedelta(days=DRAFT_VALID_DAYS),
    )
    draft.token = token
    mail.queue(
        "application-resume",
        draft.email,
        "groups/email/resume",
        language=get_language(),
        secret={"url": absolute_reverse("groups:apply_resume", token)},
        key=f"application-resume:{draft.pk}",
    )
    return draft


def save_step(draft: ApplicationDraft, step: str, data) -> None:
    draft.data[step] = data
    draft.expires_at = timezone.now() + timedelta(days=DRAFT_VALID_DAYS)
    fields = ["data", "expires_at", "updated_at"]
    if step == "group":
        draft.email = data["email"]
        fields.append("email")
    draft.save(update_fields=fields)


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
        mail.queue(
            "application-received",
            contact["email"],
            "groups/email/confirmation",
            language=get_language(),
            context={"programme": group.programme.name, "town": group.municipality.name},
            key=f"application-received:{group.pk}",
        )
    return group


def purge_expired_drafts() -> int:
    """Delete drafts past their expiry (they hold personal data of people without account)."""
    deleted, _detail = ApplicationDraft.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
