"""Role predicates and the shared permissions; apps add theirs in their own rules.py."""

import rules

from sponsorship.models import Role


@rules.predicate
def is_administrator(user):
    return user.is_authenticated and user.role == Role.ADMINISTRATOR


@rules.predicate
def is_coordinator(user):
    return user.is_authenticated and user.role == Role.COORDINATOR


@rules.predicate
def is_municipal_staff(user):
    return user.is_authenticated and user.role == Role.MUNICIPAL_STAFF


@rules.predicate
def is_group_member(user):
    return user.is_authenticated and user.role == Role.GROUP_MEMBER


is_staff_role = is_administrator | is_coordinator | is_municipal_staff

rules.add_perm("sponsorship.view_audit", is_administrator | is_coordinator)
# Who may invite whom (role, organisation, municipality) is sponsorship.access.may_invite;
# this permission only opens the invitation page.
rules.add_perm("sponsorship.invite_staff", is_administrator | is_coordinator | is_municipal_staff)
