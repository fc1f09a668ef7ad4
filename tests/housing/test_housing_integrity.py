"""The housing invariants of check_integrity: each contradiction, built directly in the
database (bypassing the services), is reported with its code."""

from datetime import date, timedelta

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

from housing.models import Allocation, HousingOffer
from newcomers.models import Household
from tests.housing.factories import HouseholdFactory, HousingOfferFactory
from tests.integrity_check import assert_reported

pytestmark = pytest.mark.django_db
O = HousingOffer.Status  # noqa: E741


def _allocation(offer, household, start=date(2026, 3, 1)):
    return Allocation.objects.create(
        offer=offer, household=household, period=DateRange(start, None, "[)")
    )


def test_an_allocated_home_without_allocation(town):
    offer = HousingOfferFactory(municipality=town, status=O.ALLOCATED)
    cancelled = HousingOfferFactory(municipality=town, status=O.OCCUPIED)
    allocation = _allocation(cancelled, HouseholdFactory(municipality=town))
    Allocation.objects.filter(pk=allocation.pk).update(status=Allocation.Status.CANCELLED)
    assert_reported("offer.taken_has_allocation", offer, cancelled)


def test_an_active_allocation_of_a_home_that_is_offered(town):
    allocation = _allocation(HousingOfferFactory(municipality=town), HouseholdFactory())
    assert_reported("allocation.active_offer_taken", allocation)


def test_an_occupied_home_whose_allocation_has_not_begun(town):
    offer = HousingOfferFactory(municipality=town, status=O.OCCUPIED)
    _allocation(offer, HouseholdFactory(), start=timezone.localdate() + timedelta(days=30))
    assert_reported("offer.occupied_after_move_in", offer)


def test_a_reservation_without_its_author_or_on_a_home_not_reserved(town, coordinator):
    reserved = HousingOfferFactory(municipality=town, status=O.RESERVED)
    leftover = HousingOfferFactory(municipality=town, reserved_by=coordinator)
    assert_reported("offer.reservation_matches_status", reserved, leftover)


def test_a_withdrawn_household_keeps_its_home(town):
    household = HouseholdFactory(municipality=town, status=Household.Status.WITHDRAWN)
    _allocation(HousingOfferFactory(municipality=town, status=O.ALLOCATED), household)
    assert_reported("household.withdrawn_has_no_home", household)
