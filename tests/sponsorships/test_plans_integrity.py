"""The sponsorship invariants of check_integrity: each contradiction, built directly in the
database (bypassing the services), is reported with its code."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from groups.models import SponsorGroup
from matching.models import MatchProposal
from newcomers.models import Household
from sponsorships.sponsorship_models import Sponsorship
from tests.groups.factories import SponsorGroupFactory
from tests.integrity_check import assert_reported
from tests.matching.test_matching_support import cleared_household, home, proposal, ready_group
from tests.newcomers.factories import HouseholdFactory
from tests.sponsorships.plan_helpers import make_sponsorship

pytestmark = pytest.mark.django_db
H, G, SP = Household.Status, SponsorGroup.Status, Sponsorship.Status
P = MatchProposal.Status
ARRIVED = date(2026, 9, 1)


def _set(obj, **fields):
    type(obj).objects.filter(pk=obj.pk).update(**fields)
    obj.refresh_from_db()
    return obj


def test_an_approved_household_without_a_match_or_with_two(town, programme):
    alone = HouseholdFactory(status=H.APPROVED, intake_held_on=ARRIVED)
    first = make_sponsorship(town, programme)
    twice = first.household
    proposal(twice, ready_group(town, programme), home(town), status=P.APPROVED)
    assert_reported("household.placed_has_one_match", alone, twice)


def test_a_matched_group_without_a_match_or_with_two(town, programme):
    alone = SponsorGroupFactory(status=G.MATCHED)
    sponsorship = make_sponsorship(town, programme)
    twice = sponsorship.group
    proposal(cleared_household(town, programme), twice, home(town), status=P.APPROVED)
    assert_reported("group.matched_has_one_match", alone, twice)


def test_a_household_in_sponsorship_without_a_running_one(town, programme):
    household = HouseholdFactory(
        status=H.IN_SPONSORSHIP, intake_held_on=ARRIVED, arrival_date=ARRIVED
    )
    ended = make_sponsorship(town, programme).household
    Sponsorship.objects.filter(household=ended).update(
        status=SP.ENDED_EARLY, closing_reason="Moved away.", closed_on=ARRIVED
    )
    _set(ended, status=H.ARRIVED, arrival_date=ARRIVED)
    assert_reported("household.in_sponsorship_has_sponsorship", household, ended)


def test_an_active_group_without_a_running_sponsorship(town, programme):
    group = SponsorGroupFactory(status=G.ACTIVE)
    assert_reported("group.active_has_sponsorship", group)


def test_a_sponsorship_before_arrival_of_a_withdrawn_household(town, programme):
    sponsorship = make_sponsorship(town, programme)
    _set(sponsorship.household, status=H.WITHDRAWN)
    assert_reported("sponsorship.pre_arrival_parties", sponsorship)


def test_a_running_sponsorship_whose_group_was_withdrawn(town, programme):
    sponsorship = make_sponsorship(town, programme, household_status=H.IN_SPONSORSHIP)
    _set(sponsorship, status=SP.ACTIVE, arrival_date=ARRIVED)
    _set(sponsorship.household, arrival_date=ARRIVED)
    _set(sponsorship.group, status=G.WITHDRAWN, closing_reason="Members moved away.")
    assert_reported("sponsorship.running_parties", sponsorship)


def test_a_completed_sponsorship_whose_household_is_still_in_it(town, programme):
    sponsorship = make_sponsorship(
        town, programme, household_status=H.IN_SPONSORSHIP, group_status=G.COMPLETED
    )
    _set(sponsorship, status=SP.COMPLETED, arrival_date=ARRIVED, closed_on=timezone.localdate())
    assert_reported("sponsorship.completed_parties", sponsorship)


def test_a_completed_household_without_a_closed_sponsorship(town, programme):
    household = HouseholdFactory(status=H.COMPLETED, intake_held_on=ARRIVED, arrival_date=ARRIVED)
    assert_reported("household.completed_has_closed_sponsorship", household)


def test_a_completed_group_without_a_closed_sponsorship(town, programme):
    group = SponsorGroupFactory(status=G.COMPLETED)
    assert_reported("group.completed_has_closed_sponsorship", group)


def test_a_sponsorship_without_its_plan(town, programme):
    sponsorship = Sponsorship.objects.create(
        group=SponsorGroupFactory(status=G.MATCHED),
        household=HouseholdFactory(status=H.APPROVED),
    )
    assert_reported("sponsorship.has_plan", sponsorship)


def test_a_confirmed_match_that_started_no_sponsorship(town, programme):
    confirmed = proposal(
        cleared_household(town, programme),
        ready_group(town, programme),
        home(town),
        status=P.CONFIRMED,
    )
    assert_reported("proposal.confirmed_has_sponsorship", confirmed)


def test_a_sponsorship_cannot_name_a_missing_proposal(town, programme):
    """The foreign key (sponsorships 0003) refuses it, so the invariant need not look."""
    missing = make_sponsorship(town, programme)
    with pytest.raises(IntegrityError), transaction.atomic():
        _set(missing, proposal_id=987654)
        connection.check_constraints(table_names=["sponsorships_sponsorship"])


def test_a_sponsorship_naming_a_foreign_proposal(town, programme):
    foreign = make_sponsorship(town, programme)
    other = proposal(
        cleared_household(town, programme),
        ready_group(town, programme),
        home(town),
        status=P.CONFIRMED,
    )
    _set(foreign, proposal_id=other.pk)
    assert_reported("sponsorship.proposal_reference_valid", foreign)
