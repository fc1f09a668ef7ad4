"""Shared business operations: invitations (there is no open sign-up)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sponsorship import audit
from sponsorship.access import may_invite
from sponsorship.links import absolute_reverse
from sponsorship.models import Invitation, User
from sponsorship.signals import invitation_accepted

INVITATION_VALID_DAYS = 14


def create_invitation(
    *, actor, email: str, role: str, send: bool = True, scope_municipalities=(), **fields
) -> Invitation:
    """Create an invitation and e-mail its link; refuses an e-mail that already has an account."""
    email = email.strip().lower()
    if not may_invite(
        actor,
        role,
        organisation=fields.get("organisation"),
        municipality=fields.get("municipality"),
        scope_municipalities=scope_municipalities,
    ):
        audit.record(
            audit.Action.PERMISSION_DENIED,
            actor=actor,
            object_type="sponsorship.invitation",
            summary=f"invitation refused: role={role}",
        )
        raise ValidationError(
            {
                "role": _(
                    "You may not invite someone into this role for this "
                    "organisation or municipality."
                )
            }
        )
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("This e-mail address already has an account.")})
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email,
            role=role,
            token=secrets.token_urlsafe(32),
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=INVITATION_VALID_DAYS),
            **fields,
        )
        if scope_municipalities:
            invitation.scope_municipalities.set(scope_municipalities)
        audit.record(audit.Action.INVITE, actor=actor, obj=invitation, summary=f"role={role}")
        if send:
            transaction.on_commit(lambda: send_invitation(invitation.pk))
    return invitation


def invitation_url(invitation: Invitation) -> str:
    return absolute_reverse("invitation_accept", invitation.token)


def send_invitation(invitation_id: int) -> None:
    invitation = Invitation.objects.get(pk=invitation_id)
    context = {"invitation": invitation, "url": invitation_url(invitation)}
    with translation.override(invitation.language):
        subject = render_to_string("sponsorship/email/invitation_subject.txt", context).strip()
        body = render_to_string("sponsorship/email/invitation_body.txt", context)
        html = render_to_string("sponsorship/email/invitation_body.html", context)
    send_mail(subject, body, None, [invitation.email], html_message=html)


def open_invitation(token: str) -> Invitation | None:
    """The invitation for ``token`` if it can still be accepted, else None."""
    return Invitation.objects.filter(
        token=token, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).first()


@transaction.atomic
def accept_invitation(
    invitation: Invitation, *, password: str, first_name: str, last_name: str
) -> User:
    """Create the invited user with a verified e-mail; an invitation is used once."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.expires_at <= timezone.now():
        raise ValidationError(_("This invitation has already been used or has expired."))
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("This e-mail address already has an account."))
    user = User.objects.create_user(
        invitation.email,
        password,
        role=invitation.role,
        organisation=invitation.organisation,
        municipality=invitation.municipality,
        first_name=first_name,
        last_name=last_name,
        language=invitation.language,
    )
    user.scope_municipalities.set(invitation.scope_municipalities.all())
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    audit.record(audit.Action.CREATE, actor=user, obj=user, summary="accepted invitation")
    invitation_accepted.send(sender=Invitation, invitation=invitation, user=user)
    return user
