"""A household holds at most one active allocation at a time: the database constraint, the
allocation service's refusal, and moving to a permanent home as one operation."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from housing import services
from housing.models import Allocation, HousingOffer
from newcomers.models import Household
from sponsorship.models import AuditEvent
from tests.housing.factories import HouseholdFactory, HousingOfferFactory

START = date(2026, 3, 1)
Status = HousingOffer.Status
PERMANENT = HousingOffer.Kind.PERMANENT


def _allocation(offer, household, start, end=None, status="active"):
    return Allocation.objects.create(
        offer=offer, household=household, period=DateRange(start, end, "[)"), status=status
    )


@pytest.fixture
def household(town):
    return HouseholdFactory(municipality=town, size=3)


@pytest.mark.django_db
def test_the_database_refuses_two_overlapping_active_allocations(town, household):
    _allocation(HousingOfferFactory(municipality=town), household, START)
    second = Allocation(
        offer=HousingOfferFactory(municipality=town),
        household=household,
        period=DateRange(START + timedelta(days=90), None, "[)"),
    )
    with pytest.raises(ValidationError) as refused:
        second.validate_constraints()
    assert refused.value.messages == [
        "This household already has a home for (part of) these dates. End that allocation "
        "first, or move the household to its new home."
    ]
    with (
        pytest.raises(IntegrityError, match="allocation_one_home_per_household"),
        transaction.atomic(),
    ):
        second.save()


@pytest.mark.django_db
def test_following_ended_and_cancelled_allocations_do_not_count(town, household):
    offers = [HousingOfferFactory(municipality=town) for _ in range(4)]
    _allocation(offers[0], household, START, START + timedelta(days=30))
    _allocation(offers[1], household, START + timedelta(days=30))  # the next home, booked
    _allocation(offers[2], household, START, status="ended", end=START + timedelta(days=60))
    _allocation(offers[3], household, START, status="cancelled")
    assert household.allocations.count() == 4


@pytest.mark.django_db
def test_allocate_refuses_a_second_home_for_the_same_dates(town, household, municipal_officer):
    first = HousingOfferFactory(municipality=town)
    services.allocate(municipal_officer, first, household, START)
    second = HousingOfferFactory(municipality=town)
    with pytest.raises(ValidationError) as refused:
        services.allocate(municipal_officer, second, household, START + timedelta(days=200))
    assert refused.value.code == "household_has_home"
    assert "already has a home" in refused.value.messages[0]
    second.refresh_from_db()
    assert second.status == Status.OFFERED
    assert household.allocations.count() == 1


@pytest.mark.django_db
def test_move_is_one_operation_under_the_constraint(town, household, municipal_officer):
    intermediate = HousingOfferFactory(municipality=town)
    housed = services.allocate(municipal_officer, intermediate, household, START)
    # Moving in needs an arrived household (the arrival registration owns that state).
    Household.objects.filter(pk=household.pk).update(status=Household.Status.ARRIVED)
    services.mark_occupied(municipal_officer, intermediate)
    permanent = HousingOfferFactory(municipality=town, kind=PERMANENT)
    on = timezone.localdate()
    new = services.move_household(municipal_officer, household, housed, permanent, on)
    active = household.allocations.filter(status="active")
    assert list(active) == [new] and new.moved_from == housed
    housed.refresh_from_db()
    assert (housed.status, housed.end) == ("ended", on)
    # A move elsewhere while the household already lives in the new home is refused whole.
    elsewhere = HousingOfferFactory(municipality=town, kind=PERMANENT)
    with pytest.raises(ValidationError) as refused:
        services.move_household(municipal_officer, household, housed, elsewhere, on)
    assert refused.value.code == "not_active"
    assert list(household.allocations.filter(status="active")) == [new]


@pytest.mark.django_db
def test_moving_on_from_a_home_never_moved_into_frees_it(town, household, municipal_officer):
    intermediate = HousingOfferFactory(municipality=town)
    housed = services.allocate(municipal_officer, intermediate, household, START)
    permanent = HousingOfferFactory(municipality=town, kind=PERMANENT)
    services.move_household(
        municipal_officer, household, housed, permanent, START + timedelta(days=10)
    )
    intermediate.refresh_from_db()
    assert intermediate.status == Status.OFFERED  # not "allocated" to nobody


@pytest.mark.django_db(transaction=True)
def test_the_migration_ends_older_overlapping_allocations(town):
    """Migrating a database that holds violations: the newest active allocation stays, the
    others end (audited) and their homes follow."""
    executor = MigrationExecutor(connection)
    before = [("housing", "0005_backfill_offer_transitions")]
    after = [("housing", "0006_allocation_one_home_per_household")]
    executor.migrate(before)
    try:
        household = HouseholdFactory(municipality=town)
        oldest, middle, newest, alone = (
            HousingOfferFactory(municipality=town, status=s)
            for s in (Status.OCCUPIED, Status.ALLOCATED, Status.ALLOCATED, Status.ALLOCATED)
        )
        a = _allocation(oldest, household, START)
        b = _allocation(middle, household, START + timedelta(days=40))
        c = _allocation(newest, household, START + timedelta(days=20))
        other = _allocation(alone, HouseholdFactory(municipality=town), START)
        executor = MigrationExecutor(connection)
        executor.migrate(after)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    for allocation in (a, b, c, other):
        allocation.refresh_from_db()
    assert (c.status, other.status) == ("active", "active")
    assert (a.status, a.period.upper) == ("ended", c.start)
    # b began after the newest: closed one day after its own start.
    assert (b.status, b.period.upper) == ("ended", b.start + timedelta(days=1))
    statuses = dict(HousingOffer.objects.values_list("pk", "status"))
    assert statuses[oldest.pk] == Status.RELEASED and statuses[middle.pk] == Status.OFFERED
    assert statuses[newest.pk] == statuses[alone.pk] == Status.ALLOCATED
    summaries = AuditEvent.objects.filter(summary__contains="migration housing.0005")
    assert set(summaries.values_list("object_type", "object_id")) == {
        ("housing.allocation", str(a.pk)),
        ("housing.allocation", str(b.pk)),
        ("housing.housingoffer", str(oldest.pk)),
        ("housing.housingoffer", str(middle.pk)),
    }
