"""Ending a sponsorship early and what follows from it (docs/architecture.md, "Propagation").

The receivers of the lower apps' withdrawal signals live here, at the top of the app map
(they read housing and matching); sponsorships/apps.py imports this module to connect them.

- ``end_early`` (the coordinator's screen): the sponsorship ends with a reason; the group
  goes back to the pool (ready for matching when its readiness still holds, else back in
  training); the household follows: before the arrival it returns to the pool (intake
  held) and the home of its match is cancelled; after the arrival it stays "arrived",
  without a group, flagged for other support, and keeps its home.
- a household's withdrawal ends its sponsorship early ("household withdrew"), and the
  group follows as above; a group's withdrawal ends it ("group withdrew"), and the
  household follows as above.

Plans, check-in and task reminders and the review queue all read the sponsorship's
state, so a sponsorship that ended stops them without touching the plan.

Lock order, every propagation (no two operations can wait on each other in a cycle):
offer → household → group → proposal → allocation → sponsorship, each kind by id.
``lock_rows`` takes them all up front; the operations below re-lock rows they already hold.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groups import notices
from groups import services as group_services
from groups.models import SponsorGroup
from groups.signals import group_withdrawing, group_withdrawn
from housing import services as housing
from housing.models import Allocation, HousingOffer
from matching.integrity import PENDING
from matching.models import MatchProposal
from newcomers import services as newcomers
from newcomers.models import Household
from newcomers.signals import household_withdrawing, household_withdrawn
from sponsorships import notices as sponsorship_notices
from sponsorships.services import _copy, _lock, _move
from sponsorships.sponsorship_models import Sponsorship

S = Sponsorship.Status
H = Household.Status
HOUSEHOLD_WITHDREW = gettext_lazy("The household withdrew.")
GROUP_WITHDREW = gettext_lazy("The group withdrew.")


def _open_sponsorships(q: Q):
    return Sponsorship.objects.filter(q).exclude(status__in=Sponsorship.CLOSED)


def lock_rows(*, household_ids=(), group_ids=(), sponsorship_ids=()) -> None:
    """Lock, in the lock order, every row a withdrawal or an early end may change."""
    households, groups = set(household_ids), set(group_ids)
    parties = Q(household__in=households) | Q(group__in=groups)
    sponsorships = _open_sponsorships(parties | Q(pk__in=sponsorship_ids))
    for household_id, group_id in sponsorships.values_list("household_id", "group_id"):
        households.add(household_id)
        groups.add(group_id)
    proposals = MatchProposal.objects.filter(status__in=PENDING).filter(parties)
    for household_id, group_id in proposals.values_list("household_id", "group_id"):
        households.add(household_id)
        groups.add(group_id)
    allocations = Allocation.objects.filter(
        status=Allocation.Status.ACTIVE, household__in=households
    )
    offers = set(allocations.values_list("offer_id", flat=True))
    for model, ids in (
        (HousingOffer, offers),
        (Household, households),
        (SponsorGroup, groups),
        (MatchProposal, set(proposals.values_list("pk", flat=True))),
        (Allocation, set(allocations.values_list("pk", flat=True))),
        (Sponsorship, set(sponsorships.values_list("pk", flat=True))),
    ):
        if ids:
            list(model.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))


@receiver(household_withdrawing, dispatch_uid="sponsorships.household_withdrawing")
def _lock_for_household(sender, household_id, **kwargs) -> None:
    lock_rows(household_ids=[household_id])


@receiver(group_withdrawing, dispatch_uid="sponsorships.group_withdrawing")
def _lock_for_group(sender, group_id, **kwargs) -> None:
    lock_rows(group_ids=[group_id])


@receiver(household_withdrawn, dispatch_uid="sponsorships.household_withdrawn")
def household_left(sender, household, actor, **kwargs) -> None:
    for sponsorship in _open_sponsorships(Q(household=household)):
        _end(actor, sponsorship, str(HOUSEHOLD_WITHDREW), left="household")


@receiver(group_withdrawn, dispatch_uid="sponsorships.group_withdrawn")
def group_left(sender, group, actor, **kwargs) -> None:
    for sponsorship in _open_sponsorships(Q(group=group)):
        _end(actor, sponsorship, str(GROUP_WITHDREW), left="group")


@transaction.atomic
def end_early(actor, sponsorship: Sponsorship, *, reason: str) -> Sponsorship:
    """End before the year is over (DOMAIN: the household may stop at any time); group
    and household follow in the same transaction."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    lock_rows(sponsorship_ids=[sponsorship.pk])
    locked = _end(actor, sponsorship, reason, left=None)
    _copy(locked, sponsorship)
    return sponsorship


def _end(actor, sponsorship: Sponsorship, reason: str, *, left: str | None) -> Sponsorship:
    """Close a sponsorship early; the party that did not leave follows (call inside atomic)."""
    locked = _lock(sponsorship)
    if locked.is_closed:
        raise ValidationError(
            _("This sponsorship is already closed (“%(status)s”).")
            % {"status": S(locked.status).label}
        )
    closing = {"closing_reason": reason, "closed_on": timezone.localdate()}
    _move(locked, actor, "end_early", fields=closing, reason=str(reason))
    if left != "group":
        _group_follows(locked, actor)
    if left != "household":
        _household_follows(locked, actor)
    sponsorship_notices.sponsorship_ended(locked)
    return locked


def _group_follows(sponsorship: Sponsorship, actor) -> None:
    group = SponsorGroup.objects.get(pk=sponsorship.group_id)
    if group.status in (SponsorGroup.Status.MATCHED, SponsorGroup.Status.ACTIVE):
        group = group_services.back_to_pool(group, actor)
        notices.back_in_pool(group, f"s{sponsorship.pk}")


def _household_follows(sponsorship: Sponsorship, actor) -> None:
    household = Household.objects.get(pk=sponsorship.household_id)
    if household.status in (H.MATCHED, H.APPROVED):
        # Not arrived: the home of this match goes back to the pool with the household.
        for allocation in Allocation.objects.filter(
            household=household, status=Allocation.Status.ACTIVE
        ).order_by("offer_id"):
            housing.cancel_allocation(actor, allocation, reason=f"sponsorship #{sponsorship.pk}")
        newcomers.return_to_pool(household, actor=actor)
    elif household.status == H.IN_SPONSORSHIP:
        newcomers.sponsorship_ended(household, actor=actor)
