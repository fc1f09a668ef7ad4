"""Who is told when a match is sent to a municipality (see groups/notices.py for the rules)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sponsorship.notifications import notify_each


def municipal_staff(municipality_id: int):
    from sponsorship.models import Role, User

    return User.objects.filter(
        role=Role.MUNICIPAL_STAFF, municipality_id=municipality_id, is_active=True
    ).order_by("email")


def proposal_sent(proposal) -> int:
    """The staff of the home's municipality, who decide. Pseudonym and group only."""
    return notify_each(
        municipal_staff(proposal.offer.municipality_id),
        "proposal_sent",
        f"proposal-sent:{proposal.pk}",
        _("A match waits for your decision: %(household)s with %(group)s"),
        {"household": proposal.household.pseudonym, "group": proposal.group.name},
        url=reverse("matching:dossier", args=[proposal.pk]),
    )


def home_withdrawn(proposal) -> int:
    """The coordinators of the group's town: the home of an open proposal is gone."""
    from groups.notices import coordinators_of

    return notify_each(
        coordinators_of(proposal.group),
        "proposal_home_withdrawn",
        f"proposal-home-withdrawn:{proposal.pk}",
        _("The home of the match proposal for %(household)s was withdrawn"),
        {"household": proposal.household.pseudonym},
        url=reverse("matching:proposal_detail", args=[proposal.pk]),
        body=_("Choose another home for the proposal, or withdraw it."),
    )
