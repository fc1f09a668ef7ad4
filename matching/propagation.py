"""What a withdrawal does to match proposals (docs/architecture.md, "Propagation").

- A household or group withdraws: its proposals not yet confirmed are withdrawn
  (``party_withdrew``). An approved one is undone as a decline is: its allocation
  cancelled and the other party back in the pool. A confirmed one stays: the sponsorship
  that started from it carries the match from there.
- A home is withdrawn: the open proposals that use it are flagged to the coordinator
  (``home_withdrawn_at`` and a notice), who chooses another home or withdraws them.
"""

from __future__ import annotations

from django.dispatch import receiver
from django.utils import timezone

from groups.signals import group_withdrawn
from housing.signals import offer_withdrawn
from matching import notices
from matching.integrity import PENDING
from matching.machines import PROPOSAL
from matching.models import MatchProposal
from newcomers.signals import household_withdrawn
from sponsorship import audit
from sponsorship import statemachine as sm

P = MatchProposal.Status
OPEN_ON_HOME = (P.PROPOSED, P.ACCEPTED, P.SENT)


def _pending(**filters):
    return (
        MatchProposal.objects.select_for_update(of=("self",))
        .filter(status__in=PENDING, **filters)
        .select_related("household", "group", "allocation")
        .order_by("pk")
    )


@receiver(household_withdrawn, dispatch_uid="matching.household_withdrawn")
def household_left(sender, household, actor, **kwargs) -> None:
    for proposal in _pending(household=household):
        _withdraw(proposal, actor, other="group")


@receiver(group_withdrawn, dispatch_uid="matching.group_withdrawn")
def group_left(sender, group, actor, **kwargs) -> None:
    for proposal in _pending(group=group):
        _withdraw(proposal, actor, other="household")


def _withdraw(proposal: MatchProposal, actor, *, other: str) -> None:
    was_approved = proposal.status == P.APPROVED
    sm.apply(PROPOSAL, proposal, "party_withdrew", actor=actor, locked=True)
    if was_approved:
        _undo_approval(proposal, actor, other)


def _undo_approval(proposal: MatchProposal, actor, other: str) -> None:
    """As a decline: the home offered again, the party that stays back in the pool."""
    from groups import notices as group_notices
    from groups import services as groups
    from housing import services as housing
    from housing.models import Allocation
    from newcomers import services as newcomers

    allocation = proposal.allocation
    if allocation is not None and allocation.status == Allocation.Status.ACTIVE:
        housing.cancel_allocation(actor, allocation, reason=f"match proposal #{proposal.pk}")
    if other == "group":
        group = groups.back_to_pool(proposal.group, actor)
        group_notices.back_in_pool(group, f"p{proposal.pk}")
    else:
        newcomers.return_to_pool(proposal.household, actor=actor)


@receiver(offer_withdrawn, dispatch_uid="matching.offer_withdrawn")
def home_withdrawn(sender, offer, actor, **kwargs) -> None:
    now = timezone.now()
    proposals = (
        MatchProposal.objects.select_for_update(of=("self",))
        .filter(offer=offer, status__in=OPEN_ON_HOME, home_withdrawn_at__isnull=True)
        .select_related("household", "group")
        .order_by("pk")
    )
    for proposal in proposals:
        proposal.home_withdrawn_at = now
        proposal.save(update_fields=["home_withdrawn_at"])
        audit.record(
            audit.Action.UPDATE,
            actor=actor,
            obj=proposal,
            fields=["home_withdrawn_at"],
            summary=f"home withdrawn: offer #{offer.pk}",
        )
        notices.home_withdrawn(proposal)


def flagged(queryset=None):
    """Open proposals whose home was withdrawn (the coordinator's queue)."""
    queryset = MatchProposal.objects.all() if queryset is None else queryset
    return queryset.filter(status__in=OPEN_ON_HOME, home_withdrawn_at__isnull=False)
