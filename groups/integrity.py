"""Sponsor group invariants (docs/integrity.md); see sponsorship/integrity.py.

The sponsorship rules live in ``sponsorships/integrity.py``.
"""

from __future__ import annotations

from groups.models import Intake, SponsorGroup
from sponsorship.integrity import Invariant, offence

S = SponsorGroup.Status
# From "intake held" on (closed ones aside), the intake really took place.
INTERVIEWED = (S.INTAKE_HELD, *SponsorGroup.APPROVED_STATES)


def intake_out_of_step():
    found = []
    groups = SponsorGroup.objects.filter(status__in=(S.INTAKE_PLANNED, *INTERVIEWED))
    for group in groups.select_related("intake"):
        intake = getattr(group, "intake", None)
        if intake is None:
            found.append(offence(group, f"status={group.status} without an intake"))
        elif group.status != S.INTAKE_PLANNED and intake.held_on is None:
            found.append(offence(group, f"status={group.status} before the intake was held"))
    return found


def approved_despite_negative_intake():
    return SponsorGroup.objects.filter(
        status__in=SponsorGroup.APPROVED_STATES, intake__outcome=Intake.Outcome.NEGATIVE
    )


INVARIANTS = [
    Invariant(
        "group.intake_matches_status",
        "A group with an intake planned has an intake; from intake held on, it was held.",
        intake_out_of_step,
    ),
    Invariant(
        "group.approved_after_positive_intake",
        "An approved group (and every later state) did not have a negative intake.",
        approved_despite_negative_intake,
    ),
]
