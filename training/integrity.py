"""Training invariants (docs/integrity.md); see sponsorship/integrity.py."""

from __future__ import annotations

from groups.models import SponsorGroup
from sponsorship.integrity import Invariant, offence
from training.readiness import group_readiness


def ready_group_without_readiness():
    groups = SponsorGroup.objects.filter(status=SponsorGroup.Status.READY_FOR_MATCHING)
    return [
        offence(g, "training requirement not met today")
        for g in groups.order_by("pk")
        if not group_readiness(g).ready
    ]


INVARIANTS = [
    Invariant(
        "group.ready_passes_readiness_gate",
        "A group ready for matching meets its programme's training requirement today.",
        ready_group_without_readiness,
    ),
]
