"""Builders and fixtures for the sponsorship, plan and monitoring tests (import them)."""

from __future__ import annotations

from datetime import date

import pytest

from groups.models import SponsorGroup
from newcomers.models import Household
from sponsorships.services import start_sponsorship
from tests.groups.factories import GroupMemberFactory, SponsorGroupFactory
from tests.newcomers.factories import HouseholdFactory


def make_sponsorship(
    town,
    programme,
    *,
    user=None,
    actor=None,
    members=3,
    group_status=SponsorGroup.Status.MATCHED,
    household_status=Household.Status.APPROVED,
    expected_arrival=date(2027, 3, 15),
    contact_user=False,
):
    """A matched group in ``town`` and an approved household with a started sponsorship.

    ``user`` becomes an active member (the contact member if ``contact_user``)."""
    group = SponsorGroupFactory(
        municipality=town,
        programme=programme,
        members=members,
        status=group_status,
        members__complete=True,
    )
    if user is not None:
        if contact_user:
            contact = group.members.get(is_contact=True)
            contact.user, contact.email = user, user.email
            contact.save()
        else:
            GroupMemberFactory(group=group, user=user, email=user.email, name="Persona Member")
    household = HouseholdFactory(
        programme=programme,
        municipality=town,
        status=household_status,
        expected_arrival=expected_arrival,
    )
    return start_sponsorship(actor, group=group, household=household)


@pytest.fixture
def sponsorship(town, programme, group_member, coordinator):
    """The persona member's group (matched) sponsoring an approved household in ``town``."""
    return make_sponsorship(town, programme, user=group_member, actor=coordinator)


@pytest.fixture
def foreign_sponsorship(other_town, programme, coordinator):
    return make_sponsorship(other_town, programme, actor=coordinator)
