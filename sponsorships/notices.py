"""Who is told about a sponsorship's signals, and what the notice says.

The same rules as groups/notices.py: what happened and a link, never free text (a
signal's description may name someone's health).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groups.notices import coordinators_of, member_users
from sponsorship.notifications import notify_each


def signal_recipients(sponsorship):
    """Coordinators who work the household's case (active case access, still in scope).

    When nobody holds case access yet, the coordinators of the group's town and programme:
    an urgent signal must reach someone, and the notice itself discloses nothing.
    """
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
        url=reverse("sponsorships:sponsorship", args=[sponsorship.pk]),
        urgent=True,
    )


def sponsorship_ended(sponsorship) -> int:
    """The group's members and coordinators: the sponsorship ended early (no reason here:
    the sponsorship page shows it to those allowed to see it)."""
    group = sponsorship.group
    users = list(member_users(group)) + list(coordinators_of(group))
    return notify_each(
        users,
        "sponsorship_ended_early",
        f"sponsorship-ended-early:{sponsorship.pk}",
        _("The sponsorship of %(group)s has ended early"),
        {"group": group.name},
        url=reverse("sponsorships:sponsorship", args=[sponsorship.pk]),
    )
