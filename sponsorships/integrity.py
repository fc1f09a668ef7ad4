"""Sponsorship invariants (docs/integrity.md): the states of the sponsorship, its group, its
household and the match it came from agree. See sponsorship/integrity.py.

It reads groups, newcomers and matching: the sponsorships app sits above them all.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Q

from groups.models import SponsorGroup
from matching.models import MatchProposal
from newcomers.models import Household
from sponsorship.integrity import Invariant, offence
from sponsorships.plan_models import ResettlementPlan
from sponsorships.sponsorship_models import Sponsorship

H, G, P = Household.Status, SponsorGroup.Status, MatchProposal.Status
SP = Sponsorship.Status


def _sponsorships(*statuses):
    return Sponsorship.objects.filter(status__in=statuses).select_related("household", "group")


def _matches(field: str) -> Counter:
    """Per household (or group) id: its matches waiting for arrival, counted once each.

    An approved proposal waits for both confirmations; once confirmed, its sponsorship
    before arrival stands for it (a confirmed proposal is not counted again).
    """
    counts = Counter(MatchProposal.objects.filter(status=P.APPROVED).values_list(field, flat=True))
    counts.update(_sponsorships(SP.PRE_ARRIVAL).values_list(field, flat=True))
    return counts


def placed_household_without_one_match():
    counts = _matches("household_id")
    households = Household.objects.filter(status__in=(H.MATCHED, H.APPROVED)).order_by("pk")
    return [
        offence(h, f"status={h.status}, {counts[h.pk]} matches waiting for arrival")
        for h in households
        if counts[h.pk] != 1
    ]


def matched_group_without_one_match():
    counts = _matches("group_id")
    groups = SponsorGroup.objects.filter(status=G.MATCHED).order_by("pk")
    return [
        offence(g, f"status={g.status}, {counts[g.pk]} matches waiting for arrival")
        for g in groups
        if counts[g.pk] != 1
    ]


def arrived_household_without_running():
    running = Sponsorship.objects.running().values("household_id")
    # An arrived household whose sponsorship ended early stays here, without a group.
    ended = Sponsorship.objects.filter(status=SP.ENDED_EARLY, arrival_date__isnull=False)
    return Household.objects.filter(
        Q(status=H.IN_SPONSORSHIP) | Q(status=H.ARRIVED) & ~Q(pk__in=ended.values("household_id"))
    ).exclude(pk__in=running)


def active_group_without_running():
    running = Sponsorship.objects.running().values("group_id")
    return SponsorGroup.objects.filter(status=G.ACTIVE).exclude(pk__in=running)


def pre_arrival_parties_elsewhere():
    return [
        offence(s, f"household status={s.household.status}, group status={s.group.status}")
        for s in _sponsorships(SP.PRE_ARRIVAL)
        if s.household.status != H.APPROVED or s.group.status != G.MATCHED
    ]


def running_parties_elsewhere():
    return [
        offence(s, f"household status={s.household.status}, group status={s.group.status}")
        for s in _sponsorships(*Sponsorship.RUNNING)
        if s.household.status not in (H.ARRIVED, H.IN_SPONSORSHIP) or s.group.status != G.ACTIVE
    ]


def completed_parties_elsewhere():
    closed = (H.COMPLETED, H.WITHDRAWN)
    return [
        offence(s, f"household status={s.household.status}, group status={s.group.status}")
        for s in _sponsorships(SP.COMPLETED)
        if s.household.status not in closed or s.group.status not in (G.COMPLETED, G.WITHDRAWN)
    ]


def _closed():
    return Sponsorship.objects.filter(status__in=Sponsorship.CLOSED)


def completed_household_without_closed():
    closed = _closed().values("household_id")
    return Household.objects.filter(status=H.COMPLETED).exclude(pk__in=closed)


def completed_group_without_closed():
    return SponsorGroup.objects.filter(status=G.COMPLETED).exclude(
        pk__in=_closed().values("group_id")
    )


def sponsorship_without_plan():
    return Sponsorship.objects.exclude(pk__in=ResettlementPlan.objects.values("sponsorship_id"))


def confirmed_without_sponsorship():
    started = Sponsorship.objects.filter(proposal_id__isnull=False).values("proposal_id")
    return MatchProposal.objects.filter(status=P.CONFIRMED).exclude(pk__in=started)


def proposal_reference_broken():
    proposals = {
        p.pk: p
        for p in MatchProposal.objects.filter(
            pk__in=Sponsorship.objects.filter(proposal_id__isnull=False).values("proposal_id")
        )
    }
    found = []
    for s in Sponsorship.objects.filter(proposal_id__isnull=False).order_by("pk"):
        p = proposals.get(s.proposal_id)
        if p is None:
            found.append(offence(s, f"proposal #{s.proposal_id} does not exist"))
        elif (p.group_id, p.household_id) != (s.group_id, s.household_id):
            found.append(offence(s, f"proposal #{p.pk} pairs another group or household"))
        elif p.status != P.CONFIRMED:
            found.append(offence(s, f"proposal #{p.pk} status={p.status}"))
    return found


INVARIANTS = [
    Invariant(
        "household.placed_has_one_match",
        "A household matched or approved by the municipality has exactly one match waiting "
        "for arrival: an approved proposal, or a sponsorship before arrival.",
        placed_household_without_one_match,
    ),
    Invariant(
        "group.matched_has_one_match",
        "A matched group has exactly one match waiting for arrival: an approved proposal, or "
        "a sponsorship before arrival.",
        matched_group_without_one_match,
    ),
    Invariant(
        "household.in_sponsorship_has_sponsorship",
        "A household in sponsorship has a running sponsorship; one that arrived has a "
        "running sponsorship or one that ended early after the arrival.",
        arrived_household_without_running,
    ),
    Invariant(
        "group.active_has_sponsorship",
        "An active group has a running sponsorship.",
        active_group_without_running,
    ),
    Invariant(
        "sponsorship.pre_arrival_parties",
        "Before arrival, the household of a sponsorship is approved by the municipality and "
        "its group is matched.",
        pre_arrival_parties_elsewhere,
    ),
    Invariant(
        "sponsorship.running_parties",
        "While a sponsorship runs, its household has arrived (is in sponsorship) and its "
        "group is active.",
        running_parties_elsewhere,
    ),
    Invariant(
        "sponsorship.completed_parties",
        "A completed sponsorship has a completed (or withdrawn) household and group.",
        completed_parties_elsewhere,
    ),
    Invariant(
        "household.completed_has_closed_sponsorship",
        "A completed household has a sponsorship that was completed or ended early.",
        completed_household_without_closed,
    ),
    Invariant(
        "group.completed_has_closed_sponsorship",
        "A completed group has a sponsorship that was completed or ended early.",
        completed_group_without_closed,
    ),
    Invariant(
        "sponsorship.has_plan",
        "Every sponsorship has its resettlement plan.",
        sponsorship_without_plan,
    ),
    Invariant(
        "proposal.confirmed_has_sponsorship",
        "A match confirmed by both sides has the sponsorship that started from it.",
        confirmed_without_sponsorship,
    ),
    Invariant(
        "sponsorship.proposal_reference_valid",
        "The match proposal a sponsorship names exists, pairs the same group and household, "
        "and is confirmed.",
        proposal_reference_broken,
    ),
]
