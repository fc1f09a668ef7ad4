"""Match proposal invariants (docs/integrity.md); see sponsorship/integrity.py.

The database already holds one open proposal per household and per home, a reason for a
rejection and an allocation for an approved match; these are the rules across records.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q

from groups.models import SponsorGroup
from housing.models import Allocation, HousingOffer
from matching.models import DeclinedPairing, MatchProposal
from newcomers.models import Household
from sponsorship.integrity import Invariant, offence

P = MatchProposal.Status
# Before both sides confirmed: a withdrawal of either party must end these.
PENDING = (P.PROPOSED, P.ACCEPTED, P.SENT, P.APPROVED)
# Past "proposed": the group is committed to this one (groups.held_elsewhere).
COMMITTED = (P.ACCEPTED, P.SENT, P.APPROVED)
DECIDED = (P.APPROVED, P.REJECTED, P.CONFIRMED, P.DECLINED)
CLOSED_HOUSEHOLD = (Household.Status.WITHDRAWN, Household.Status.COMPLETED)


def approved_but_parties_elsewhere():
    proposals = MatchProposal.objects.filter(status=P.APPROVED).select_related("household", "group")
    return [
        offence(p, f"household status={p.household.status}, group status={p.group.status}")
        for p in proposals
        if p.household.status != Household.Status.APPROVED
        or p.group.status != SponsorGroup.Status.MATCHED
    ]


def allocation_not_of_the_match():
    proposals = MatchProposal.objects.filter(
        status__in=(P.APPROVED, P.CONFIRMED), allocation__isnull=False
    ).select_related("allocation")
    found = []
    for p in proposals:
        a = p.allocation
        if (a.household_id, a.offer_id) != (p.household_id, p.offer_id):
            found.append(offence(p, f"allocation #{a.pk} is of another household or home"))
        elif p.status == P.APPROVED and a.status != Allocation.Status.ACTIVE:
            found.append(offence(p, f"allocation #{a.pk} status={a.status}"))
    return found


def pending_with_closed_party():
    return [
        offence(p, f"household status={p.household.status}, group status={p.group.status}")
        for p in MatchProposal.objects.filter(status__in=PENDING)
        .filter(
            Q(household__status__in=CLOSED_HOUSEHOLD)
            | Q(group__status__in=SponsorGroup.CLOSED_STATES)
        )
        .select_related("household", "group")
    ]


def group_committed_twice():
    groups = (
        SponsorGroup.objects.annotate(
            committed=Count("match_proposals", filter=Q(match_proposals__status__in=COMMITTED))
        )
        .filter(committed__gt=1)
        .order_by("pk")
    )
    return [offence(g, f"{g.committed} proposals accepted, sent or approved") for g in groups]


def pending_on_withdrawn_home():
    return MatchProposal.objects.filter(
        status__in=(P.PROPOSED, P.ACCEPTED, P.SENT),
        offer__status=HousingOffer.Status.WITHDRAWN,
        home_withdrawn_at__isnull=True,
    )


def refusal_not_remembered():
    remembered = DeclinedPairing.objects.filter(
        household=OuterRef("household"), group=OuterRef("group")
    )
    return MatchProposal.objects.filter(status__in=(P.REJECTED, P.DECLINED)).exclude(
        Exists(remembered)
    )


def decision_not_recorded():
    return MatchProposal.objects.filter(status__in=DECIDED).filter(
        Q(sent_at__isnull=True) | Q(decided_at__isnull=True)
    )


def confirmed_without_both_sides():
    return MatchProposal.objects.filter(status=P.CONFIRMED).filter(
        Q(group_confirmed_at__isnull=True) | Q(household_confirmed_at__isnull=True)
    )


INVARIANTS = [
    Invariant(
        "proposal.approved_moves_both_parties",
        "While a match is approved (and not yet confirmed), its household is approved by "
        "the municipality and its group is matched.",
        approved_but_parties_elsewhere,
    ),
    Invariant(
        "proposal.allocation_is_the_match",
        "The allocation of an approved or confirmed match is of its household and home, and "
        "active while the match waits for confirmation.",
        allocation_not_of_the_match,
    ),
    Invariant(
        "proposal.pending_parties_still_open",
        "A proposal not yet confirmed has neither a withdrawn or completed household nor a "
        "withdrawn, rejected or completed group.",
        pending_with_closed_party,
    ),
    Invariant(
        "group.one_committed_proposal",
        "A group has at most one proposal that is accepted, sent or approved.",
        group_committed_twice,
    ),
    Invariant(
        "proposal.pending_home_not_withdrawn",
        "The home of an open proposal (proposed, accepted or sent) has not been withdrawn, "
        "or the proposal is flagged to the coordinator.",
        pending_on_withdrawn_home,
    ),
    Invariant(
        "proposal.refusal_remembered",
        "A rejected or declined pairing is remembered, so later runs never propose it again.",
        refusal_not_remembered,
    ),
    Invariant(
        "proposal.decision_recorded",
        "A proposal the municipality decided on says when it was sent and when decided.",
        decision_not_recorded,
    ),
    Invariant(
        "proposal.confirmed_by_both_sides",
        "A confirmed match records the confirmation of the group and of the household.",
        confirmed_without_both_sides,
    ),
]
