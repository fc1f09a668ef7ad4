"""Who is told when something happens to a group, and what the notice says.

Notices go through the notification outbox (sponsorship/notifications.py): one row per
user and key, e-mailed at once or in the daily digest as each user prefers (urgent ones
always at once). They say what happened and link to it, never free text: issue 13's rule
(a signal's description may name someone's health).
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sponsorship.models import User
from sponsorship.notifications import notify_each


def coordinators_of(group):
    """The coordinators working in the group's town (and programme), active accounts.

    Anything with a ``municipality_id`` and a ``programme_id`` will do (a household too).
    """
    from sponsorship.models import Organisation, Role, User

    national = Q(organisation__kind=Organisation.Kind.NATIONAL_COORDINATOR)
    return (
        User.objects.filter(role=Role.COORDINATOR, is_active=True)
        .filter(Q(scope_municipalities=group.municipality_id) | national)
        .filter(Q(scope_programmes__isnull=True) | Q(scope_programmes=group.programme_id))
        .distinct()
        .order_by("email")
    )


def application_received(group) -> int:
    """A new public application: the coordinators of its town and programme."""
    return notify_each(
        coordinators_of(group),
        "group_applied",
        f"group-applied:{group.pk}",
        _("New application from the sponsor group %(group)s in %(town)s"),
        {"group": group.name, "town": group.municipality.name},
        url=reverse("groups:detail", args=[group.pk]),
    )


def member_users(group):
    """The active accounts of the group's active members (notices and reminders)."""
    return User.objects.filter(
        is_active=True, group_memberships__group=group, group_memberships__active=True
    ).order_by("email")


def back_in_pool(group, occasion: str) -> int:
    """The group's match or sponsorship ended without its doing: its members and
    coordinators learn where it stands now (``occasion`` names the match or sponsorship)."""
    from groups.models import SponsorGroup

    if group.status == SponsorGroup.Status.READY_FOR_MATCHING:
        message = _("%(group)s is back in the pool: it can be matched again")
    else:
        message = _("%(group)s is back in training: the training requirement is no longer met")
    users = list(member_users(group)) + list(coordinators_of(group))
    return notify_each(
        users,
        "group_back_in_pool",
        f"group-back-in-pool:{group.pk}:{occasion}",
        message,
        {"group": group.name},
        url=reverse("groups:detail", args=[group.pk]),
    )


def group_withdrew(group) -> int:
    """The coordinators of the group's town and programme (no reason: the page shows it)."""

    return notify_each(
        coordinators_of(group),
        "group_withdrew",
        f"group-withdrew:{group.pk}:{group.status_changed_at:%Y%m%d%H%M%S}",
        _("The sponsor group %(group)s withdrew"),
        {"group": group.name},
        url=reverse("groups:detail", args=[group.pk]),
    )
