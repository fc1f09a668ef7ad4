"""The sponsorship's steps on the group checklist (groups/checklist.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from groups.checklist import Item
from sponsorships.plan_models import ResettlementPlan


def plan_items(group) -> list[Item]:
    """The group checklist's last step (registered in groups/extensions.py)."""
    plan = (
        ResettlementPlan.objects.filter(sponsorship__group=group)
        .exclude(sponsorship__status__in=["ended_early"])
        .order_by("-pk")
        .only("status")
        .first()
    )
    if plan is None:
        return [Item(_("Resettlement plan written"), False, _("Follows after matching."))]
    item = Item(
        _("Resettlement plan written"),
        plan.status == ResettlementPlan.Status.APPROVED,
        ""
        if plan.status == ResettlementPlan.Status.APPROVED
        else _("Plan status: %(status)s") % {"status": plan.get_status_display()},
    )
    return [item]
