"""The household invariants of check_integrity: each contradiction, built directly in the
database (bypassing the services), is reported with its code."""

from datetime import date

import pytest

from newcomers.models import AnonymousProfile, Consent, Household, InformationSession, Withdrawal
from tests.integrity_check import assert_reported
from tests.newcomers.factories import HouseholdFactory

pytestmark = pytest.mark.django_db
S = Household.Status


def _consent(household, *, share_profile=True):
    info = InformationSession.objects.create(
        household=household,
        informed_by="UNHCR",
        informed_on=date(2026, 9, 1),
        language="ar",
        topics=["programme", "voluntary", "withdrawal", "data"],
    )
    return Consent.objects.create(
        household=household,
        information=info,
        participate=True,
        processing=True,
        share_profile=share_profile,
        given_on=date(2026, 9, 2),
    )


def test_an_arrived_household_without_arrival_date():
    household = HouseholdFactory(status=S.IN_SPONSORSHIP, intake_held_on=date(2026, 9, 9))
    assert_reported("household.arrived_has_arrival_date", household)


def test_a_matched_household_without_intake():
    household = HouseholdFactory(status=S.MATCHED)
    _consent(household)
    assert_reported("household.interviewed_has_intake_date", household)


def test_a_consented_household_without_consent_or_whose_consent_was_withdrawn():
    never = HouseholdFactory(status=S.CONSENTED)
    withdrawn = HouseholdFactory(status=S.INTAKE_HELD, intake_held_on=date(2026, 9, 9))
    _consent(withdrawn)
    Withdrawal.objects.create(
        household=withdrawn, withdrawn_on=date(2026, 9, 10), from_status=S.INTAKE_HELD
    )
    assert_reported("household.consenting_has_consent", never, withdrawn)


def test_a_withdrawn_household_without_withdrawal_record():
    household = HouseholdFactory(status=S.WITHDRAWN)
    assert_reported("household.withdrawn_has_withdrawal", household)


def test_a_profile_still_published_after_withdrawal():
    household = HouseholdFactory(status=S.WITHDRAWN)
    profile = AnonymousProfile.objects.create(household=household, code="P-AAA111", published=True)
    assert_reported("profile.published_only_while_open", profile)


def test_a_profile_published_without_consent_to_share_it():
    household = HouseholdFactory(status=S.CONSENTED)
    _consent(household, share_profile=False)
    profile = AnonymousProfile.objects.create(household=household, code="P-BBB222", published=True)
    assert_reported("profile.published_with_consent", profile)
