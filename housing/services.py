"""Housing workflow: every state change of an offer, reservations and allocations.

Each state change applies a move of ``housing.machines.OFFER`` or ``ALLOCATION`` on the
locked row (``sponsorship.statemachine``: source state and guard, ``update_fields``, a
transition row and an audit event), all in one transaction.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone
from django.utils.translation import gettext as _

from housing.machines import ALLOCATION, OFFER
from housing.models import Allocation, HousingOffer
from newcomers.models import Household
from sponsorship import audit
from sponsorship import statemachine as sm

Status = HousingOffer.Status


def can(offer: HousingOffer, operation: str) -> bool:
    """Whether ``operation`` has a move from the offer's state (for buttons; the guard
    still decides when it runs)."""
    return OFFER.find(offer.status, operation) is not None


def _lock(offer: HousingOffer) -> HousingOffer:
    """Re-read the offer under a row lock; callers must be inside transaction.atomic."""
    return HousingOffer.objects.select_for_update().get(pk=offer.pk)


def _apply(actor, offer: HousingOffer, operation: str, *, reason: str = "", fields=None):
    """Make ``operation``'s move on a locked offer (call inside atomic)."""
    return sm.apply(OFFER, offer, operation, actor=actor, reason=reason, fields=fields, locked=True)


def _step(actor, offer: HousingOffer, operation: str, **kwargs) -> HousingOffer:
    """Lock, move and copy the saved fields onto ``offer``."""
    return sm.apply(OFFER, offer, operation, actor=actor, **kwargs)


NO_RESERVATION = {"reserved_by": None, "reserved_at": None, "reservation_note": ""}


# --- offers -----------------------------------------------------------------------------


def create_offer(actor, **fields) -> HousingOffer:
    """Register a new offer (status prospect unless given) and audit it."""
    with transaction.atomic():
        offer = HousingOffer.objects.create(created_by=actor, **fields)
        audit.record(audit.Action.CREATE, actor=actor, obj=offer, fields=list(fields))
    return offer


def publish_offer(actor, offer: HousingOffer) -> HousingOffer:
    """prospect -> offered, and released -> offered (the home is available again)."""
    return _step(actor, offer, "publish")


def withdraw_offer(actor, offer: HousingOffer, *, reason: str = "") -> HousingOffer:
    """The home is no longer available; final. Open proposals that use it are flagged to
    the coordinator in the same transaction (``signals.offer_withdrawn``)."""
    from housing import signals

    with transaction.atomic():
        _step(actor, offer, "withdraw", reason=reason, fields=NO_RESERVATION)
        signals.offer_withdrawn.send(sender=HousingOffer, offer=offer, actor=actor)
    return offer


def reserve_offer(actor, offer: HousingOffer, *, note: str = "") -> HousingOffer:
    """offered -> reserved: hold the home for a match until the municipality allocates it.

    Two coordinators reserving at once: the row lock makes the second see ``reserved``
    and fail with a clear message.
    """
    with transaction.atomic():
        offer = _lock(offer)
        if offer.status == Status.RESERVED:
            raise ValidationError(_("This offer is already reserved."), code="already_reserved")
        fields = {
            "reserved_by": actor,
            "reserved_at": timezone.now(),
            "reservation_note": note[:300],
        }
        return _apply(actor, offer, "reserve", reason=note, fields=fields)


def cancel_reservation(actor, offer: HousingOffer, *, reason: str = "") -> HousingOffer:
    """reserved -> offered."""
    return _step(actor, offer, "cancel_reservation", reason=reason, fields=NO_RESERVATION)


# --- allocations ------------------------------------------------------------------------

# Offers that can take an allocation. Allocated and occupied homes can take a *later*
# one (the next household after the current one leaves); the exclusion constraint
# refuses any overlap.
ALLOCATABLE = frozenset({Status.OFFERED, Status.RESERVED, Status.ALLOCATED, Status.OCCUPIED})
DOUBLE_BOOKING = "allocation_no_overlap_per_offer"
SECOND_HOME = "allocation_one_home_per_household"


def _household_size(household) -> int:
    return household.members.count()


def _lock_household(household):
    """Serialise allocations of one household (after its offers: the lock order)."""
    return Household.objects.select_for_update().get(pk=household.pk)


def _second_home() -> ValidationError:
    return ValidationError(
        _(
            "This household already has a home for (part of) these dates. End that "
            "allocation first, or move the household to its new home."
        ),
        code="household_has_home",
    )


def _has_home_during(household, start: date, end: date | None) -> bool:
    return Allocation.objects.filter(
        household=household,
        status=Allocation.Status.ACTIVE,
        period__overlap=DateRange(start, end, "[)"),
    ).exists()


def _check_allocation(offer: HousingOffer, household, start: date, end: date | None) -> None:
    """Refuse an allocation the offer or the household cannot take; the database keeps
    the home's overlap check (and refuses a second home of a household in a race)."""
    if offer.status not in ALLOCATABLE:
        raise ValidationError(
            _("A %(status)s offer cannot be allocated.")
            % {"status": offer.get_status_display().lower()},
            code="not_allocatable",
        )
    if end is not None and end <= start:
        raise ValidationError(_("The end date must be after the start date."), code="period")
    if start < offer.available_from or (
        offer.available_until and (end is None or end > offer.available_until)
    ):
        raise ValidationError(
            _("The home is available from %(start)s until %(end)s only.")
            % {"start": offer.available_from, "end": offer.available_until or "—"},
            code="outside_availability",
        )
    if household.municipality_id != offer.municipality_id:
        raise ValidationError(
            _("The household is assigned to another municipality."), code="other_municipality"
        )
    if _has_home_during(household, start, end):
        raise _second_home()
    size = _household_size(household)
    if size > offer.max_occupants:
        raise ValidationError(
            _("The household has %(size)d persons; this home fits %(max)d.")
            % {"size": size, "max": offer.max_occupants},
            code="too_small",
        )


def _insert_allocation(actor, offer, household, start, end, moved_from=None) -> Allocation:
    """Insert under a savepoint so a refused insert leaves the outer transaction usable."""
    try:
        with transaction.atomic():
            return Allocation.objects.create(
                offer=offer,
                household=household,
                period=DateRange(start, end, "[)"),
                moved_from=moved_from,
                created_by=actor,
            )
    except IntegrityError as exc:
        if DOUBLE_BOOKING in str(exc):
            raise ValidationError(
                _(
                    "This home is already allocated to another household for (part of) "
                    "%(start)s – %(end)s. Choose other dates or another home."
                )
                % {"start": start, "end": end or _("open-ended")},
                code="double_booking",
            ) from exc
        if SECOND_HOME in str(exc):
            raise _second_home() from exc
        raise


def _allocate_locked(actor, offer, household, start, end, moved_from=None) -> Allocation:
    if offer.available_until and end is None:
        end = offer.available_until  # a temporary home is allocated until it is gone
    _check_allocation(offer, household, start, end)
    allocation = _insert_allocation(actor, offer, household, start, end, moved_from)
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        obj=allocation,
        fields=["offer", "household", "period"],
        summary=f"offer #{offer.pk} household #{household.pk}",
    )
    if can(offer, "allocate"):
        _apply(actor, offer, "allocate", fields=NO_RESERVATION)
    return allocation


def allocate(
    actor, offer: HousingOffer, household, start: date, end: date | None = None
) -> Allocation:
    """Give ``offer`` to ``household`` for ``[start, end)``; the municipality's approval.

    Two transactions allocating overlapping dates of one offer cannot both succeed: the
    exclusion constraint refuses the second insert, turned here into a ValidationError.
    Nor can a household get a second home for the same dates: the household row lock makes
    a parallel allocation wait and then see the first (the database refuses it anyway).
    """
    with transaction.atomic():
        offer = _lock(offer)
        _lock_household(household)
        return _allocate_locked(actor, offer, household, start, end)


def _lock_allocation(allocation: Allocation) -> Allocation:
    return (
        Allocation.objects.select_for_update()
        .select_related("offer", "household")
        .get(pk=allocation.pk)
    )


def _has_other_holding(offer: HousingOffer, allocation: Allocation) -> bool:
    return (
        offer.allocations.filter(status=Allocation.Status.ACTIVE).exclude(pk=allocation.pk).exists()
    )


def mark_occupied(actor, offer: HousingOffer) -> HousingOffer:
    """allocated -> occupied: the household of the active allocation, which has arrived,
    moved in (refused before the arrival was registered)."""
    return _step(actor, offer, "occupy")


def cancel_allocation(actor, allocation: Allocation, *, reason: str = "") -> Allocation:
    """Undo an allocation before the household moved in; the home is offered again."""
    with transaction.atomic():
        offer = _lock(allocation.offer)
        allocation = _lock_allocation(allocation)
        if allocation.status != Allocation.Status.ACTIVE or offer.status == Status.OCCUPIED:
            raise ValidationError(
                _(
                    "Only an allocation whose household has not moved in "
                    "can be cancelled; end it instead."
                ),
                code="not_cancellable",
            )
        sm.apply(ALLOCATION, allocation, "cancel", actor=actor, reason=reason, locked=True)
        if offer.status == Status.ALLOCATED and not _has_other_holding(offer, allocation):
            _apply(actor, offer, "allocation_cancelled")
        return allocation


def _end_locked(actor, offer, allocation, on_date: date, reason: str) -> Allocation:
    if allocation.status != Allocation.Status.ACTIVE:
        raise ValidationError(_("This allocation is not active."), code="not_active")
    if on_date <= allocation.start or (allocation.end and on_date > allocation.end):
        raise ValidationError(
            _("The move-out date must fall within the allocation."), code="period"
        )
    period = DateRange(allocation.start, on_date, "[)")
    sm.apply(
        ALLOCATION,
        allocation,
        "end",
        actor=actor,
        reason=reason,
        fields={"period": period},
        locked=True,
    )
    if not _has_other_holding(offer, allocation):
        if offer.status == Status.OCCUPIED:
            _apply(actor, offer, "release")
        elif offer.status == Status.ALLOCATED:
            # The household never moved in (e.g. it moved on from a home it did not take
            # up): the home is free again rather than allocated to nobody.
            _apply(actor, offer, "allocation_ended")
    return allocation


def end_allocation(actor, allocation: Allocation, on_date: date, *, reason: str = "") -> Allocation:
    """The household moves out on ``on_date``; an occupied home becomes released."""
    with transaction.atomic():
        offer = _lock(allocation.offer)
        return _end_locked(actor, offer, _lock_allocation(allocation), on_date, reason)


def release_offer(actor, offer: HousingOffer, on_date: date) -> HousingOffer:
    """occupied -> released: end the current household's allocation on ``on_date``."""
    with transaction.atomic():
        offer = _lock(offer)
        current = (
            offer.allocations.filter(status=Allocation.Status.ACTIVE).order_by("period").first()
        )
        if problems := OFFER.refusals(offer, "release"):
            raise ValidationError(problems, code="wrong_state")
        if current is None:
            raise ValidationError(_("The home has no active allocation."), code="not_active")
        _end_locked(actor, offer, _lock_allocation(current), on_date, "")
        offer.refresh_from_db()
        return offer


def move_household(
    actor, household, from_allocation: Allocation, to_offer: HousingOffer, on_date: date
) -> Allocation:
    """Move a household from an intermediate to a permanent home on ``on_date``, atomically:
    the old allocation ends and the new one starts, or neither happens.

    The household never holds two active allocations, not even inside the transaction:
    the old one is ended before the new one is inserted, so the household constraint
    holds at every statement.
    """
    with transaction.atomic():
        # Lock both offers in id order, then the household, so two moves between the same
        # homes cannot deadlock and a parallel allocation of the household waits.
        first, second = sorted([from_allocation.offer_id, to_offer.pk])
        locked = {
            o.pk: o
            for o in HousingOffer.objects.select_for_update()
            .filter(pk__in=[first, second])
            .order_by("pk")
        }
        _lock_household(household)
        from_allocation = _lock_allocation(from_allocation)
        _check_move(household, from_allocation, locked[to_offer.pk])
        _end_locked(
            actor,
            locked[from_allocation.offer_id],
            from_allocation,
            on_date,
            f"moved to offer #{to_offer.pk}",
        )
        new = _allocate_locked(
            actor, locked[to_offer.pk], household, on_date, None, moved_from=from_allocation
        )
        target = locked[to_offer.pk]
        if target.status == Status.ALLOCATED and on_date <= timezone.localdate():
            _apply(actor, target, "move_in")
        return new


def _check_move(household, from_allocation: Allocation, to_offer: HousingOffer) -> None:
    if from_allocation.household_id != household.pk:
        raise ValidationError(_("That allocation belongs to another household."), code="other")
    if to_offer.kind != HousingOffer.Kind.PERMANENT:
        raise ValidationError(_("A household moves on to a permanent home."), code="not_permanent")
    if from_allocation.offer_id == to_offer.pk:
        raise ValidationError(_("Choose another home."), code="same_offer")
