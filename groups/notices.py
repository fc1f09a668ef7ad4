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
