"""State transitions, reservations, allocations and the intermediate-to-permanent move."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

from housing import services
from housing.machines import OFFER
from housing.models import Allocation, HousingOffer
from sponsorship import statemachine as sm
from sponsorship.models import AuditEvent
from tests.housing.factories import HouseholdFactory, HousingOfferFactory

Status = HousingOffer.Status
START = date(2026, 3, 1)


@pytest.fixture
def offer(town):
    return HousingOfferFactory(municipality=town, status=Status.OFFERED)


@pytest.fixture
def household(town):
    # Arrived: a home is occupied only once its household's arrival was registered.
    return HouseholdFactory(municipality=town, size=3, status="arrived")


def _offer_in(status, town):
    return HousingOfferFactory(municipality=town, status=status)


# --- the state machine ------------------------------------------------------------------

WRONG = [(s, op) for s in Status for op in OFFER.operations() if OFFER.find(s, op) is None]


def test_every_state_is_reachable_and_withdrawn_is_final():
    reachable = {m.target for m in OFFER.moves}
    assert reachable | {Status.PROSPECT} == set(Status)
    assert OFFER.targets(Status.WITHDRAWN) == []


def test_allocated_and_released_follow_only_from_an_allocation():
    manual = {m.operation for m in OFFER.moves if m.manual}
    assert manual == {"publish", "reserve", "cancel_reservation", "occupy", "withdraw"}
    derived = {m.target for m in OFFER.moves if not m.manual}
    assert {Status.ALLOCATED, Status.RELEASED} <= derived
    assert not {m.target for m in OFFER.moves if m.manual} & {Status.ALLOCATED, Status.RELEASED}


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "operation"), WRONG)
def test_wrong_state_moves_are_refused_and_leave_the_offer_alone(
    source, operation, town, municipal_officer
):
    offer = _offer_in(source, town)
    with pytest.raises(ValidationError) as exc:
        sm.apply(OFFER, offer, operation, actor=municipal_officer)
    assert exc.value.code == "wrong_state"
    assert "cannot become" in exc.value.messages[0]
    offer.refresh_from_db()
    assert offer.status == source
    assert not AuditEvent.objects.filter(action="transition").exists()
    assert not sm.history(offer).exists()


@pytest.mark.django_db
def test_publish_moves_a_prospect_to_offered_and_records_it(town, municipal_officer):
    offer = _offer_in(Status.PROSPECT, town)
    services.publish_offer(municipal_officer, offer)
    offer.refresh_from_db()
    assert offer.status == Status.OFFERED
    event = AuditEvent.objects.get(action="transition", object_id=str(offer.pk))
    assert event.actor == municipal_officer
    assert event.summary == "offer.publish: prospect -> offered"
    row = sm.history(offer).get()
    assert (row.from_state, row.to_state, row.operation) == ("prospect", "offered", "publish")


@pytest.mark.django_db
def test_a_withdrawal_reason_stays_on_the_transition_row(town, municipal_officer):
    offer = _offer_in(Status.OFFERED, town)
    services.withdraw_offer(municipal_officer, offer, reason="The owner sold the house.")
    assert sm.history(offer).get().reason == "The owner sold the house."
    assert not AuditEvent.objects.filter(summary__contains="sold").exists()


@pytest.mark.django_db
def test_occupied_is_refused_before_the_household_arrived(town, municipal_officer):
    offer = _offer_in(Status.OFFERED, town)
    waiting = HouseholdFactory(municipality=town, size=2)
    services.allocate(municipal_officer, offer, waiting, START)
    with pytest.raises(ValidationError) as exc:
        services.mark_occupied(municipal_officer, offer)
    assert exc.value.messages == ["The household of the allocation has not arrived yet."]
    offer.refresh_from_db()
    assert offer.status == Status.ALLOCATED


@pytest.mark.django_db
def test_withdrawn_offer_cannot_be_published_again(town, municipal_officer):
    offer = _offer_in(Status.OFFERED, town)
    services.withdraw_offer(municipal_officer, offer, reason="sold")
    with pytest.raises(ValidationError):
        services.publish_offer(municipal_officer, offer)


@pytest.mark.django_db
def test_reserve_records_who_and_why(offer, coordinator):
    services.reserve_offer(coordinator, offer, note="match M-12")
    offer.refresh_from_db()
    assert (offer.status, offer.reserved_by, offer.reservation_note) == (
        Status.RESERVED,
        coordinator,
        "match M-12",
    )
    assert offer.reserved_at is not None


@pytest.mark.django_db
def test_reserving_twice_gives_a_clear_message(offer, coordinator, other_coordinator):
    services.reserve_offer(coordinator, offer)
    with pytest.raises(ValidationError, match="already reserved"):
        services.reserve_offer(other_coordinator, offer)


@pytest.mark.django_db
def test_a_prospect_cannot_be_reserved(town, coordinator):
    with pytest.raises(ValidationError):
        services.reserve_offer(coordinator, _offer_in(Status.PROSPECT, town))


@pytest.mark.django_db
def test_cancel_reservation_clears_it(offer, coordinator):
    services.reserve_offer(coordinator, offer, note="x")
    services.cancel_reservation(coordinator, offer)
    offer.refresh_from_db()
    assert (offer.status, offer.reserved_by, offer.reservation_note) == (Status.OFFERED, None, "")


# --- allocations ------------------------------------------------------------------------


@pytest.mark.django_db
def test_allocate_a_reserved_offer(offer, household, coordinator, municipal_officer):
    services.reserve_offer(coordinator, offer)
    allocation = services.allocate(municipal_officer, offer, household, START)
    offer.refresh_from_db()
    assert offer.status == Status.ALLOCATED
    assert offer.reserved_by is None
    assert (allocation.start, allocation.end, allocation.status) == (START, None, "active")


@pytest.mark.django_db
def test_overlapping_allocation_is_refused_with_a_clear_message(
    offer, household, town, municipal_officer
):
    services.allocate(municipal_officer, offer, household, START, START + timedelta(days=90))
    other = HouseholdFactory(municipality=town)
    with pytest.raises(ValidationError) as exc:
        services.allocate(municipal_officer, offer, other, START + timedelta(days=30))
    assert exc.value.code == "double_booking"
    assert "already allocated" in exc.value.messages[0]
    assert Allocation.objects.count() == 1


@pytest.mark.django_db
def test_a_later_household_may_follow_in_the_same_home(offer, household, town, municipal_officer):
    end = START + timedelta(days=90)
    services.allocate(municipal_officer, offer, household, START, end)
    nxt = services.allocate(municipal_officer, offer, HouseholdFactory(municipality=town), end)
    assert nxt.start == end  # the move-out day is the next move-in day


@pytest.mark.django_db
def test_the_database_refuses_overlap_even_without_the_service(offer, household, town):
    Allocation.objects.create(offer=offer, household=household, period=DateRange(START, None, "[)"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(
            offer=offer,
            household=HouseholdFactory(municipality=town),
            period=DateRange(START + timedelta(days=400), None, "[)"),
        )


@pytest.mark.django_db
def test_a_cancelled_allocation_frees_its_dates(offer, household, town, municipal_officer):
    first = services.allocate(municipal_officer, offer, household, START)
    services.cancel_allocation(municipal_officer, first, reason="household withdrew")
    offer.refresh_from_db()
    assert offer.status == Status.OFFERED
    services.allocate(municipal_officer, offer, HouseholdFactory(municipality=town), START)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.PROSPECT, Status.WITHDRAWN, Status.RELEASED])
def test_offers_not_open_for_allocation_are_refused(status, town, household, municipal_officer):
    with pytest.raises(ValidationError) as exc:
        services.allocate(municipal_officer, _offer_in(status, town), household, START)
    assert exc.value.code == "not_allocatable"


@pytest.mark.django_db
def test_household_larger_than_the_home_is_refused(offer, town, municipal_officer):
    with pytest.raises(ValidationError, match="5 persons"):
        services.allocate(
            municipal_officer, offer, HouseholdFactory(municipality=town, size=5), START
        )


@pytest.mark.django_db
def test_allocation_outside_availability_is_refused(town, household, municipal_officer):
    offer = HousingOfferFactory(
        municipality=town, available_from=START, available_until=START + timedelta(days=180)
    )
    with pytest.raises(ValidationError) as exc:
        services.allocate(municipal_officer, offer, household, START - timedelta(days=1))
    assert exc.value.code == "outside_availability"
    # An open end is cut off where the home stops being available.
    allocation = services.allocate(municipal_officer, offer, household, START)
    assert allocation.end == START + timedelta(days=180)


@pytest.mark.django_db
def test_household_of_another_municipality_is_refused(offer, other_town, municipal_officer):
    with pytest.raises(ValidationError) as exc:
        services.allocate(
            municipal_officer, offer, HouseholdFactory(municipality=other_town), START
        )
    assert exc.value.code == "other_municipality"


@pytest.mark.django_db
def test_occupy_then_end_releases_the_home(offer, household, municipal_officer):
    allocation = services.allocate(municipal_officer, offer, household, START)
    services.mark_occupied(municipal_officer, offer)
    services.end_allocation(municipal_officer, allocation, START + timedelta(days=60))
    offer.refresh_from_db()
    allocation.refresh_from_db()
    assert offer.status == Status.RELEASED
    assert (allocation.status, allocation.end) == ("ended", START + timedelta(days=60))
    with pytest.raises(ValidationError):
        services.cancel_allocation(municipal_officer, allocation)


@pytest.mark.django_db
def test_release_offer_ends_the_current_allocation(offer, household, municipal_officer):
    allocation = services.allocate(municipal_officer, offer, household, START)
    services.mark_occupied(municipal_officer, offer)
    services.release_offer(municipal_officer, offer, START + timedelta(days=10))
    allocation.refresh_from_db()
    assert allocation.status == "ended"
    services.publish_offer(municipal_officer, offer)  # released -> offered again


# --- the move ---------------------------------------------------------------------------


@pytest.fixture
def housed(offer, household, municipal_officer):
    allocation = services.allocate(municipal_officer, offer, household, START)
    services.mark_occupied(municipal_officer, offer)
    return allocation


@pytest.mark.django_db
def test_move_ends_one_allocation_and_starts_the_other(housed, household, town, municipal_officer):
    permanent = HousingOfferFactory(municipality=town, kind=HousingOffer.Kind.PERMANENT)
    on = timezone.localdate()
    new = services.move_household(municipal_officer, household, housed, permanent, on)
    housed.refresh_from_db()
    housed.offer.refresh_from_db()
    permanent.refresh_from_db()
    assert (housed.status, housed.end) == ("ended", on)
    assert housed.offer.status == Status.RELEASED
    assert (new.start, new.end, new.moved_from) == (on, None, housed)
    assert permanent.status == Status.OCCUPIED


@pytest.mark.django_db
def test_a_failed_move_changes_nothing(housed, household, town, municipal_officer):
    permanent = HousingOfferFactory(municipality=town, kind=HousingOffer.Kind.PERMANENT)
    services.allocate(
        municipal_officer, permanent, HouseholdFactory(municipality=town), START
    )  # someone else already lives there
    with pytest.raises(ValidationError) as exc:
        services.move_household(
            municipal_officer, household, housed, permanent, START + timedelta(days=100)
        )
    assert exc.value.code == "double_booking"
    housed.refresh_from_db()
    housed.offer.refresh_from_db()
    assert (housed.status, housed.end) == ("active", None)
    assert housed.offer.status == Status.OCCUPIED
    assert household.allocations.count() == 1


@pytest.mark.django_db
def test_move_only_to_a_permanent_home(housed, household, town, municipal_officer):
    other = HousingOfferFactory(municipality=town, kind=HousingOffer.Kind.INTERMEDIATE)
    with pytest.raises(ValidationError) as exc:
        services.move_household(municipal_officer, household, housed, other, START)
    assert exc.value.code == "not_permanent"
