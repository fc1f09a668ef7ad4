"""Who is told when something happens to a group, and what the notice says.

Notices go through the notification outbox (sponsorship/notifications.py): one row per
user and key, e-mailed at once or in the daily digest as each user prefers (urgent ones
always at once). They say what happened and link to it, never free text: issue 13's rule
(a signal's description may name someone's health).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sponsorship.notifications import notify_each


def application_received(group) -> int:
    """A new public application: the coordinators of its town and programme."""
    from groups.monitoring import coordinators_of

    return notify_each(
        coordinators_of(group),
        "group_applied",
        f"group-applied:{group.pk}",
        _("New application from the sponsor group %(group)s in %(town)s"),
        {"group": group.name, "town": group.municipality.name},
        url=reverse("groups:detail", args=[group.pk]),
    )


def signal_recipients(sponsorship):
    """Coordinators who work the household's case (active case access, still in scope).

    When nobody holds case access yet, the coordinators of the group's town and programme:
    an urgent signal must reach someone, and the notice itself discloses nothing.
    """
    from groups.monitoring import coordinators_of
    from newcomers.models import CaseAccess

    # A grant is only made to someone whose scope covers the household; intersecting with
    # the group's coordinators drops holders who have since left the town or programme.
    local = coordinators_of(sponsorship.group)
    holders = CaseAccess.objects.active().filter(household=sponsorship.household_id)
    with_access = local.filter(pk__in=holders.values("user_id"))
    return with_access if with_access.exists() else local


def urgent_signal(signal) -> int:
    """Only the kind of event and a link: no category, no description."""
    sponsorship = signal.sponsorship
    return notify_each(
        signal_recipients(sponsorship),
        "urgent_signal",
        f"urgent-signal:{signal.pk}",
        _("Urgent signal in the sponsorship of %(group)s"),
        {"group": sponsorship.group.name},
        url=reverse("groups:sponsorship", args=[sponsorship.pk]),
        urgent=True,
    )


def _member_users(group):
    from sponsorship.models import User

    return User.objects.filter(
        is_active=True, group_memberships__group=group, group_memberships__active=True
    ).order_by("email")


def back_in_pool(group, occasion: str) -> int:
    """The group's match or sponsorship ended without its doing: its members and
    coordinators learn where it stands now (``occasion`` names the match or sponsorship)."""
    from groups.models import SponsorGroup
    from groups.monitoring import coordinators_of

    if group.status == SponsorGroup.Status.READY_FOR_MATCHING:
        message = _("%(group)s is back in the pool: it can be matched again")
    else:
        message = _("%(group)s is back in training: the training requirement is no longer met")
    users = list(_member_users(group)) + list(coordinators_of(group))
    return notify_each(
        users,
        "group_back_in_pool",
        f"group-back-in-pool:{group.pk}:{occasion}",
        message,
        {"group": group.name},
        url=reverse("groups:detail", args=[group.pk]),
    )


def sponsorship_ended(sponsorship) -> int:
    """The group's members and coordinators: the sponsorship ended early (no reason here:
    the sponsorship page shows it to those allowed to see it)."""
    from groups.monitoring import coordinators_of

    group = sponsorship.group
    users = list(_member_users(group)) + list(coordinators_of(group))
    return notify_each(
        users,
        "sponsorship_ended_early",
        f"sponsorship-ended-early:{sponsorship.pk}",
        _("The sponsorship of %(group)s has ended early"),
        {"group": group.name},
        url=reverse("groups:sponsorship", args=[sponsorship.pk]),
    )


def group_withdrew(group) -> int:
    """The coordinators of the group's town and programme (no reason: the page shows it)."""
    from groups.monitoring import coordinators_of

    return notify_each(
        coordinators_of(group),
        "group_withdrew",
        f"group-withdrew:{group.pk}:{group.status_changed_at:%Y%m%d%H%M%S}",
        _("The sponsor group %(group)s withdrew"),
        {"group": group.name},
        url=reverse("groups:detail", args=[group.pk]),
    )
