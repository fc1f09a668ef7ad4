"""Changes to who is in a group: the contact member proposes, a coordinator decides."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.invitations import invite_member
from groups.models import GroupMember, MembershipChange, SponsorGroup
from groups.services import email_in_active_group, lock_emails, refresh_languages
from sponsorship import audit


def is_contact_member(user, group: SponsorGroup) -> bool:
    return group.members.filter(user=user, active=True, is_contact=True).exists()


def _check_proposer(group: SponsorGroup, actor) -> None:
    if not is_contact_member(actor, group):
        raise ValidationError(_("Only the group's contact member can propose changes."))
    if not group.is_open:
        raise ValidationError(_("This group is closed."))


@transaction.atomic
def propose_addition(
    group: SponsorGroup, actor, *, name: str, email: str, phone: str, reason: str = ""
) -> MembershipChange:
    _check_proposer(group, actor)
    email = email.strip().lower()
    if email_in_active_group(email):
        raise ValidationError(
            {"email": _("This e-mail address is already a member of an active sponsor group.")}
        )
    if group.membership_changes.pending().filter(kind="add", email__iexact=email).exists():
        raise ValidationError({"email": _("This person was already proposed.")})
    change = MembershipChange.objects.create(
        group=group,
        kind=MembershipChange.Kind.ADD,
        name=name,
        email=email,
        phone=phone,
        reason=reason,
        proposed_by=actor,
    )
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        obj=group,
        fields=["members"],
        summary=f"proposed adding a member (change {change.pk})",
    )
    return change


@transaction.atomic
def propose_removal(member: GroupMember, actor, *, reason: str = "") -> MembershipChange:
    group = member.group
    _check_proposer(group, actor)
    if not member.active:
        raise ValidationError(_("This person is no longer a member."))
    if member.is_contact:
        raise ValidationError(
            _(
                "The contact member cannot be removed this way; ask your "
                "coordinator to appoint another contact first."
            )
        )
    if group.membership_changes.pending().filter(kind="remove", member=member).exists():
        raise ValidationError(_("Removing this member was already proposed."))
    change = MembershipChange.objects.create(
        group=group,
        kind=MembershipChange.Kind.REMOVE,
        member=member,
        reason=reason,
        proposed_by=actor,
    )
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        obj=group,
        fields=["members"],
        summary=f"proposed removing member {member.pk} (change {change.pk})",
    )
    return change


def _apply_addition(change: MembershipChange, actor) -> None:
    lock_emails([change.email])
    if email_in_active_group(change.email):
        raise ValidationError(
            _("This e-mail address is already a member of an active sponsor group.")
        )
    member = GroupMember.objects.create(
        group=change.group, name=change.name, email=change.email, phone=change.phone
    )
    audit.record(audit.Action.CREATE, actor=actor, obj=member, summary="member added")
    if change.group.status in SponsorGroup.APPROVED_STATES:
        invite_member(member, actor)


def _apply_removal(change: MembershipChange, actor) -> None:
    member = change.member
    member.active = False
    member.left_on = timezone.localdate()
    member.save(update_fields=["active", "left_on"])
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        obj=member,
        fields=["active", "left_on"],
        summary="member removed",
    )


@transaction.atomic
def decide(change: MembershipChange, actor, *, confirm: bool) -> MembershipChange:
    """Confirm (apply) or decline a pending proposal; decided proposals are final."""
    change = (
        MembershipChange.objects.select_for_update(of=("self",))
        .select_related("group", "member")
        .get(pk=change.pk)
    )
    if change.decision != MembershipChange.Decision.PENDING:
        raise ValidationError(_("This proposal was already decided."))
    if confirm:
        (_apply_addition if change.kind == MembershipChange.Kind.ADD else _apply_removal)(
            change, actor
        )
        refresh_languages(change.group)
    change.decision = (
        MembershipChange.Decision.CONFIRMED if confirm else MembershipChange.Decision.DECLINED
    )
    change.decided_by, change.decided_at = actor, timezone.now()
    change.save(update_fields=["decision", "decided_by", "decided_at"])
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        obj=change.group,
        fields=["members"],
        summary=f"membership change {change.pk} {change.decision}",
    )
    return change


@transaction.atomic
def update_profile(member: GroupMember, actor, form) -> GroupMember:
    """Save a member's profile form (by the member or a coordinator), audited by field."""
    changed = form.changed_fields()
    member = form.save()
    if changed:
        audit.record(
            audit.Action.UPDATE, actor=actor, obj=member, fields=changed, summary="profile edited"
        )
    if "languages" in changed:
        refresh_languages(member.group)
    return member
