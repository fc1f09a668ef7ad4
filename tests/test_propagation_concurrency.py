"""The lock order under real concurrency: two propagations over the same records, in two
threads and two PostgreSQL connections, never deadlock and leave no contradiction."""

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.utils import timezone

from groups import services as groups
from newcomers import services as newcomers
from sponsorships import services as sponsorships
from tests.housing.test_housing_concurrency import _run_in_parallel
from tests.test_propagation import World, _broken

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(town, programme, coordinator, municipal_officer, group_member):
    return World(town, programme, coordinator, municipal_officer, group_member)


def _withdraw_household(world):
    return lambda: newcomers.withdraw(
        world.household, actor=world.coordinator, withdrawn_on=timezone.localdate()
    )


def test_household_and_group_withdraw_at_the_same_moment(world):
    world.arrived(moved_in=True)
    outcomes = _run_in_parallel(
        _withdraw_household(world),
        lambda: groups.withdraw(world.group, world.coordinator, reason="Stopped."),
    )
    assert not any(isinstance(o, (OperationalError, ValidationError)) for o in outcomes), outcomes
    state = world.state()
    assert (state["household"], state["group"]) == ("withdrawn", "withdrawn")
    assert _broken() == {}


def test_a_withdrawal_and_an_early_end_at_the_same_moment(world):
    world.confirmed()
    outcomes = _run_in_parallel(
        _withdraw_household(world),
        lambda: sponsorships.end_early(world.coordinator, world.sponsorship, reason="Ended."),
    )
    # One of them may find the sponsorship closed already; neither deadlocks.
    assert not any(isinstance(o, OperationalError) for o in outcomes), outcomes
    assert world.state()["sponsorship"] == "ended_early"
    assert _broken() == {}
