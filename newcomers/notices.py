"""Who is told when something happens to a household (see groups/notices.py for the rules).

A withdrawal is told through the notification outbox like every other event: one row per
coordinator (exactly once, whatever the retries), in each one's language, e-mailed at once
or in the daily digest as each chose. Pseudonym and reference only, never the reason.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newcomers.models import CaseAccess
from sponsorship.notifications import notify_each


def coordinators_for(household):
    """Who must act on a withdrawal: coordinators holding case access, and the local
    partner's coordinators of the household's town."""
    from sponsorship.models import Role, User

    case_users = CaseAccess.objects.active().filter(household=household).values("user_id")
    return (
        User.objects.filter(
            Q(pk__in=case_users) | Q(scope_municipalities=household.municipality_id),
            is_active=True,
            role=Role.COORDINATOR,
        )
        .distinct()
        .order_by("email")
    )


def household_withdrew(withdrawal) -> int:
    """The coordinators arrange support outside the programme; not urgent (a day's digest
    is soon enough, the household's page shows the flag meanwhile)."""
    household = withdrawal.household
    return notify_each(
        coordinators_for(household),
        "household_withdrew",
        f"household-withdrew:{withdrawal.pk}",
        _("%(name)s (%(ref)s) withdrew: alternative support needed"),
        {"name": household.pseudonym, "ref": household.reference},
        url=reverse("newcomers:household_detail", args=[household.pk]),
        body=_(
            "The household needs an alternative form of support. Withdrawal has no effect on "
            "residence status, income or anything else outside the programme."
        ),
    )
