"""Granting and revoking case access: who may see a household's sensitive data.

DOMAIN/data protection: access to special-category data is explicit, personal, logged
and revocable. A grant is a row (never deleted) and an audit event.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from newcomers.models import CaseAccess, Household
from newcomers.sensitivity import can_see_sensitive, forget_case_access
from sponsorship import audit


def may_grant(actor, household: Household) -> bool:
    """Administrators, and coordinators who themselves hold case access, may grant it."""
    return actor.is_administrator or (actor.is_coordinator and can_see_sensitive(actor, household))


def grantable_users(household: Household):
    """Active coordinators and administrators whose scope covers the household."""
    from django.db.models import Q

    from sponsorship.models import Organisation, Role, User

    in_towns = Q(organisation__kind=Organisation.Kind.NATIONAL_COORDINATOR) | Q(
        scope_municipalities=household.municipality_id
    )
    in_programmes = Q(scope_programmes=None) | Q(scope_programmes=household.programme_id)
    return (
        User.objects.filter(
            Q(role=Role.ADMINISTRATOR) | (Q(role=Role.COORDINATOR) & in_towns & in_programmes),
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "email")
    )


@transaction.atomic
def grant(household: Household, *, user, actor, reason: str = "") -> CaseAccess:
    """Give ``user`` case access; refuses roles or scopes that may not hold it."""
    if not may_grant(actor, household):
        raise ValidationError(
            _("Only a coordinator with case access or an administrator may grant case access.")
        )
    if actor.pk == user.pk and not actor.is_administrator:
        raise ValidationError(_("You cannot grant case access to yourself."))
    if not (user.is_coordinator or user.is_administrator):
        raise ValidationError(_("Only coordinators and administrators can hold case access."))
    if not Household.objects.visible_to(user).filter(pk=household.pk).exists():
        raise ValidationError(_("This person does not work in the household's town or programme."))
    try:
        with transaction.atomic():
            access = CaseAccess.objects.create(
                household=household, user=user, granted_by=actor, reason=reason
            )
    except IntegrityError:
        raise ValidationError(_("This person already has case access.")) from None
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        obj=household,
        fields=["case_access"],
        summary=f"case access granted to user #{user.pk}",
    )
    forget_case_access(user)
    return access


def grant_to_creator(household: Household, actor) -> CaseAccess | None:
    """Whoever registers a household works the case, so gets access (audited)."""
    if not (actor.is_coordinator or actor.is_administrator):
        return None
    access = CaseAccess.objects.create(
        household=household, user=actor, granted_by=actor, reason="registered the household"
    )
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        obj=household,
        fields=["case_access"],
        summary=f"case access granted to user #{actor.pk} (registration)",
    )
    forget_case_access(actor)
    return access


@transaction.atomic
def revoke(access: CaseAccess, *, actor) -> CaseAccess:
    """End a grant; the row stays as history."""
    access = CaseAccess.objects.select_for_update().get(pk=access.pk)
    if not (
        actor.is_administrator or actor.pk == access.user_id or may_grant(actor, access.household)
    ):
        raise ValidationError(_("You may not revoke this case access."))
    if access.revoked_at is not None:
        raise ValidationError(_("This case access was already revoked."))
    access.revoked_at = timezone.now()
    access.revoked_by = actor
    access.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        obj=access.household,
        fields=["case_access"],
        summary=f"case access of user #{access.user_id} revoked",
    )
    forget_case_access(access.user)
    if actor.pk == access.user_id:
        forget_case_access(actor)
    return access
