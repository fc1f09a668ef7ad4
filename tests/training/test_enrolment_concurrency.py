"""No overbooking under real concurrency: many threads, each its own PostgreSQL
connection, released together by a barrier into the last places of a session."""

import threading

import pytest
from django.db import connection

from groups.models import SponsorGroup
from tests.groups.factories import SponsorGroupFactory
from tests.training.factories import TrainingSessionFactory
from training import enrolment as service
from training.models import Enrolment

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 12


def _run_in_parallel(calls):
    """Run each call in its own thread and connection; returns each value or exception."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as exc:  # noqa: BLE001 - the outcome under test
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a transaction hung"
    return outcomes


@pytest.fixture
def crowd(town, programme):
    group = SponsorGroupFactory(
        municipality=town,
        programme=programme,
        members=THREADS + 3,
        status=SponsorGroup.Status.IN_TRAINING,
    )
    return list(group.members.order_by("pk"))


def test_parallel_enrolments_into_the_last_places_never_overbook(module, town, crowd, coordinator):
    session = TrainingSessionFactory(module=module, municipality=town, capacity=5)
    for member in crowd[:3]:  # two places left
        service.enrol(session, member, coordinator)
    outcomes = _run_in_parallel(
        [(lambda m=m: service.enrol(session, m, coordinator)) for m in crowd[3 : 3 + THREADS]]
    )
    assert all(isinstance(o, Enrolment) for o in outcomes), outcomes
    statuses = [o.status for o in outcomes]
    assert statuses.count("enrolled") == 2
    assert statuses.count("waitlisted") == THREADS - 2
    assert session.enrolments.filter(status__in=Enrolment.SEATED).count() == 5


def test_parallel_cancellations_promote_each_waiting_person_once(module, town, crowd, coordinator):
    session = TrainingSessionFactory(module=module, municipality=town, capacity=4)
    enrolments = [service.enrol(session, m, coordinator) for m in crowd[:10]]
    seated, waiting = enrolments[:4], enrolments[4:]
    outcomes = _run_in_parallel([(lambda e=e: service.cancel(e, coordinator)) for e in seated])
    promoted = [e.pk for result in outcomes for e in result]
    # Four places freed, four promoted: the first four in line, each exactly once.
    assert sorted(promoted) == [e.pk for e in waiting[:4]]
    assert session.enrolments.filter(status="enrolled").count() == 4
    assert session.enrolments.filter(status="waitlisted").count() == 2
