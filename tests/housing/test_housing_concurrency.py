"""Double booking under real concurrency: two threads, two PostgreSQL connections."""

import contextlib
import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.backends.postgresql.psycopg_any import DateRange

from housing import services
from housing.models import Allocation
from tests.housing.factories import HouseholdFactory, HousingOfferFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _run_in_parallel(*calls):
    """Run each call in its own thread and connection, released together by a barrier.

    Returns one outcome per call: the value or the exception it raised.
    """
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as exc:  # noqa: BLE001 - the outcome under test
            outcomes[index] = exc
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(t.is_alive() for t in threads), "a transaction hung"
    return outcomes


def test_two_parallel_allocations_of_overlapping_dates_cannot_both_succeed(
    town, municipal_officer, administrator
):
    offer = HousingOfferFactory(municipality=town)
    first, second = (HouseholdFactory(municipality=town) for _ in range(2))
    outcomes = _run_in_parallel(
        lambda: services.allocate(municipal_officer, offer, first, date(2026, 3, 1)),
        lambda: services.allocate(administrator, offer, second, date(2026, 4, 1), date(2026, 9, 1)),
    )
    won = [o for o in outcomes if isinstance(o, Allocation)]
    lost = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert lost[0].code == "double_booking"
    assert "already allocated" in lost[0].messages[0]
    assert Allocation.objects.filter(offer=offer).count() == 1


def test_the_constraint_alone_refuses_parallel_overlapping_inserts(town):
    """Without the service's row lock: the database is the last line of defence."""
    offer = HousingOfferFactory(municipality=town)
    households = [HouseholdFactory(municipality=town) for _ in range(2)]
    inside = threading.Barrier(2)

    def insert(household, start):
        def call():
            with transaction.atomic():
                allocation = Allocation.objects.create(
                    offer=offer, household=household, period=DateRange(start, None, "[)")
                )
                # Hold the transaction open: the other insert now waits on ours (so the
                # barrier breaks by timeout) and must fail once we commit.
                with contextlib.suppress(threading.BrokenBarrierError):
                    inside.wait(timeout=2)
                return allocation

        return call

    outcomes = _run_in_parallel(
        insert(households[0], date(2026, 3, 1)), insert(households[1], date(2026, 5, 1))
    )
    assert sum(isinstance(o, Allocation) for o in outcomes) == 1, outcomes
    # The loser is refused by the exclusion constraint; when both inserts check it at the
    # same instant, each waits for the other and PostgreSQL breaks the tie as a deadlock.
    # Either way the database refused the overlap.
    assert sum(_refused_by_database(o) for o in outcomes) == 1, outcomes
    assert Allocation.objects.count() == 1


def _refused_by_database(outcome) -> bool:
    from psycopg import errors

    if isinstance(outcome, IntegrityError):
        return True
    return isinstance(outcome, OperationalError) and isinstance(
        outcome.__cause__, errors.DeadlockDetected
    )


def test_parallel_allocations_of_separate_periods_both_succeed(town, municipal_officer):
    """The lock serialises, it does not refuse: adjacent periods are fine."""
    offer = HousingOfferFactory(municipality=town)
    first, second = (HouseholdFactory(municipality=town) for _ in range(2))
    outcomes = _run_in_parallel(
        lambda: services.allocate(
            municipal_officer, offer, first, date(2026, 3, 1), date(2026, 6, 1)
        ),
        lambda: services.allocate(municipal_officer, offer, second, date(2026, 6, 1)),
    )
    assert all(isinstance(o, Allocation) for o in outcomes), outcomes


def test_two_parallel_homes_for_one_household_cannot_both_be_allocated(
    town, municipal_officer, administrator
):
    """Two homes, one household, overlapping dates, two connections: one allocation."""
    household = HouseholdFactory(municipality=town)
    homes = [HousingOfferFactory(municipality=town) for _ in range(2)]
    outcomes = _run_in_parallel(
        lambda: services.allocate(municipal_officer, homes[0], household, date(2026, 3, 1)),
        lambda: services.allocate(administrator, homes[1], household, date(2026, 5, 1)),
    )
    won = [o for o in outcomes if isinstance(o, Allocation)]
    lost = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert lost[0].code == "household_has_home"
    assert Allocation.objects.filter(household=household, status="active").count() == 1


def test_two_parallel_moves_of_one_household_leave_it_one_home(town, municipal_officer):
    """Moving to a permanent home is one operation: two at once, one wins whole."""
    from housing.models import HousingOffer

    household = HouseholdFactory(municipality=town)
    intermediate = HousingOfferFactory(municipality=town)
    housed = services.allocate(municipal_officer, intermediate, household, date(2026, 3, 1))
    # Moving in needs an arrived household (the arrival registration owns that state).
    type(household).objects.filter(pk=household.pk).update(status="arrived")
    services.mark_occupied(municipal_officer, intermediate)
    homes = [
        HousingOfferFactory(municipality=town, kind=HousingOffer.Kind.PERMANENT) for _ in range(2)
    ]
    on = date(2026, 9, 1)
    outcomes = _run_in_parallel(
        *(
            (
                lambda home=home: services.move_household(
                    municipal_officer, household, housed, home, on
                )
            )
            for home in homes
        )
    )
    won = [o for o in outcomes if isinstance(o, Allocation)]
    lost = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    active = Allocation.objects.filter(household=household, status="active")
    assert list(active) == won
    statuses = set(
        HousingOffer.objects.filter(pk__in=[h.pk for h in homes]).values_list("status", flat=True)
    )
    assert statuses == {HousingOffer.Status.OCCUPIED, HousingOffer.Status.OFFERED}
