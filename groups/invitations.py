"""Group members get their account by invitation once the group is approved."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import GroupMember, SponsorGroup
from sponsorship import audit, services
from sponsorship.models import Invitation, Role, User
from sponsorship.signals import invitation_accepted

PURPOSE = "group_member"


def invite_member(member: GroupMember, actor) -> None:
    """Invite one member by e-mail, or link the account a returning member already has."""
    if member.user_id or member.invited_at:
        return
    existing = User.objects.filter(email__iexact=member.email).first()
    if existing is not None:
        # A returning member (e.g. of a completed group) keeps one account; staff accounts
        # are never turned into member accounts, the coordinator handles those by hand.
        if existing.is_group_member:
            member.user = existing
            member.save(update_fields=["user"])
            audit.record(
                audit.Action.UPDATE,
                actor=actor,
                obj=member,
                fields=["user"],
                summary="linked existing account",
            )
        return
    first, _space, last = member.name.partition(" ")
    try:
        services.create_invitation(
            actor=actor,
            email=member.email,
            role=Role.GROUP_MEMBER,
            purpose=PURPOSE,
            payload={"member_id": member.pk},
            first_name=first[:150],
            last_name=last[:150],
        )
    except ValidationError:
        return
    member.invited_at = timezone.now()
    member.save(update_fields=["invited_at"])


def invite_members(group: SponsorGroup, actor) -> None:
    for member in group.members.active().filter(user__isnull=True, invited_at__isnull=True):
        invite_member(member, actor)


@transaction.atomic
def invite_group(group: SponsorGroup, actor) -> None:
    """Invite the members of an approved group who have no account or invitation yet."""
    # The lock serialises two coordinators inviting at once: each member is invited once.
    locked = SponsorGroup.objects.select_for_update().get(pk=group.pk)
    if locked.status not in SponsorGroup.APPROVED_STATES or not locked.is_open:
        raise ValidationError(_("Members get an account once their group is approved."))
    invite_members(locked, actor)


@receiver(invitation_accepted, sender=Invitation)
def _link_member_account(sender, invitation, user, **kwargs):
    """The new account becomes the member's login (cross-app hook, not workflow)."""
    if invitation.purpose != PURPOSE:
        return
    member_id = (invitation.payload or {}).get("member_id")
    updated = GroupMember.objects.filter(pk=member_id, user__isnull=True).update(user=user)
    if updated:
        audit.record(
            audit.Action.UPDATE,
            actor=user,
            object_type="groups.groupmember",
            object_id=str(member_id),
            fields=["user"],
            summary="accepted invitation",
        )
