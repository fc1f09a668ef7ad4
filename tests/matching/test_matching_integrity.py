"""The match proposal invariants of check_integrity: each contradiction, built directly in
the database (bypassing the services), is reported with its code."""

from datetime import date

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

from groups.models import SponsorGroup
from housing.models import Allocation, HousingOffer
from matching.models import MatchProposal
from newcomers.models import Household
from tests.integrity_check import assert_reported
from tests.matching.test_matching_support import cleared_household, home, proposal, ready_group

pytestmark = pytest.mark.django_db
P = MatchProposal.Status


@pytest.fixture
def scene(town, programme):
    return cleared_household(town, programme), ready_group(town, programme), home(town)


def test_an_approved_match_whose_household_and_group_stayed_behind(scene):
    approved = proposal(*scene, status=P.APPROVED)  # household intake held, group ready
    assert_reported("proposal.approved_moves_both_parties", approved)


def test_an_approved_match_holding_another_allocation(scene, town, programme):
    household, group, offer = scene
    other = cleared_household(town, programme)
    foreign = Allocation.objects.create(
        offer=home(town), household=other, period=DateRange(date(2027, 3, 15), None)
    )
    wrong = proposal(household, group, offer, status=P.APPROVED, allocation=foreign)
    cancelled = proposal(
        cleared_household(town, programme),
        ready_group(town, programme),
        home(town),
        status=P.APPROVED,
    )
    Allocation.objects.filter(pk=cancelled.allocation_id).update(status="cancelled")
    assert_reported("proposal.allocation_is_the_match", wrong, cancelled)


def test_a_pending_proposal_of_a_withdrawn_household_or_a_rejected_group(scene, town, programme):
    household, group, offer = scene
    Household.objects.filter(pk=household.pk).update(status=Household.Status.WITHDRAWN)
    of_household = proposal(household, group, offer, status=P.SENT)
    group = ready_group(town, programme)
    SponsorGroup.objects.filter(pk=group.pk).update(
        status=SponsorGroup.Status.REJECTED, closing_reason="Too little shared time."
    )
    of_group = proposal(cleared_household(town, programme), group, home(town), status=P.PROPOSED)
    assert_reported("proposal.pending_parties_still_open", of_household, of_group)


def test_a_group_committed_to_two_proposals(scene, town, programme):
    household, group, offer = scene
    proposal(household, group, offer, status=P.ACCEPTED)
    proposal(cleared_household(town, programme), group, home(town), status=P.SENT)
    assert_reported("group.one_committed_proposal", group)


def test_a_sent_proposal_whose_home_was_withdrawn(scene):
    household, group, offer = scene
    HousingOffer.objects.filter(pk=offer.pk).update(status=HousingOffer.Status.WITHDRAWN)
    sent = proposal(household, group, offer, status=P.SENT)
    assert_reported("proposal.pending_home_not_withdrawn", sent)


def test_a_rejection_that_was_not_remembered(scene):
    rejected = proposal(
        *scene, status=P.REJECTED, rejection_reason="Too small.", decided_at=timezone.now()
    )
    assert_reported("proposal.refusal_remembered", rejected)


def test_a_decision_without_its_time(scene):
    rejected = proposal(*scene, status=P.REJECTED, rejection_reason="Too small.")
    assert_reported("proposal.decision_recorded", rejected)


def test_a_confirmed_match_without_the_confirmations(scene):
    confirmed = proposal(*scene, status=P.CONFIRMED, decided_at=timezone.now())
    assert_reported("proposal.confirmed_by_both_sides", confirmed)
