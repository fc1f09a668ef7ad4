"""Shared business operations: invitations (there is no open sign-up)."""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sponsorship import audit, mail, tokens
from sponsorship.access import may_invite
from sponsorship.links import absolute_reverse
from sponsorship.models import Invitation, User
from sponsorship.signals import invitation_accepted

INVITATION_VALID_DAYS = 14


def create_invitation(
    *, actor, email: str, role: str, send: bool = True, scope_municipalities=(), **fields
) -> Invitation:
    """Create an invitation and e-mail its link; refuses an e-mail that already has an account.

    The link's token exists in clear only on the returned object (``.token``) and in the
    e-mail's row until it is sent; the invitation keeps its digest (sponsorship/tokens.py).
    """
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
    token, digest = tokens.new()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email,
            role=role,
            token_hash=digest,
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=INVITATION_VALID_DAYS),
            **fields,
        )
        if scope_municipalities:
            invitation.scope_municipalities.set(scope_municipalities)
        audit.record(audit.Action.INVITE, actor=actor, obj=invitation, summary=f"role={role}")
        invitation.token = token
        if send:
            send_invitation(invitation)
    return invitation


def send_invitation(invitation: Invitation) -> None:
    """Queue the invitation e-mail (once per invitation), in the language the inviter
    chose for the invitee: sent at once, there is no account and so no digest yet."""
    mail.queue(
        "invitation",
        invitation.email,
        "sponsorship/email/invitation",
        language=invitation.language,
        context={"role": invitation.role},
        secret={"url": absolute_reverse("invitation_accept", invitation.token)},
        key=f"invitation:{invitation.pk}",
    )


def open_invitation(token: str) -> Invitation | None:
    """The invitation for ``token`` if it can still be accepted, else None."""
    invitation = Invitation.objects.filter(
        token_hash=tokens.digest(token), accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).first()
    if invitation is not None:
        invitation.token = token
    return invitation


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
