"""The sponsor group invariants of check_integrity: each contradiction, built directly in
the database (bypassing the services), is reported with its code."""

from datetime import date

import pytest

from groups.models import Intake, SponsorGroup
from tests.groups.factories import IntakeFactory, SponsorGroupFactory
from tests.integrity_check import assert_reported

pytestmark = pytest.mark.django_db
G = SponsorGroup.Status


def test_a_group_past_the_intake_without_one(coordinator):
    planned = SponsorGroupFactory(status=G.INTAKE_PLANNED)
    approved = SponsorGroupFactory(status=G.APPROVED)
    IntakeFactory(group=approved, interviewer=coordinator)  # planned, never held
    assert_reported("group.intake_matches_status", planned, approved)


def test_a_group_approved_after_a_negative_intake(coordinator):
    group = SponsorGroupFactory(status=G.IN_TRAINING)
    IntakeFactory(
        group=group,
        interviewer=coordinator,
        held_on=date(2026, 9, 1),
        outcome=Intake.Outcome.NEGATIVE,
    )
    assert_reported("group.approved_after_positive_intake", group)
