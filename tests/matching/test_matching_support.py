"""Builders for matching tests on the database: ready groups, cleared households, homes.

(A test_ module so it may live in tests/matching; it holds no tests itself.)
"""

from __future__ import annotations

from datetime import date

from django.db.backends.postgresql.psycopg_any import DateRange

from groups.models import SponsorGroup
from housing.models import Allocation, HousingOffer
from matching.models import MatchProposal
from newcomers.models import Consent, Household, InformationSession
from tests.groups.factories import GroupMemberFactory, SponsorGroupFactory
from tests.housing.factories import HousingOfferFactory
from tests.newcomers.factories import HouseholdFactory

ARRIVAL = date(2027, 3, 15)


def ready_group(town, programme, *, contact_user=None, **kw) -> SponsorGroup:
    kw.setdefault("supported_vulnerabilities", ["medical"])
    kw.setdefault("max_household_size", 4)
    group = SponsorGroupFactory(
        municipality=town,
        programme=programme,
        status=SponsorGroup.Status.READY_FOR_MATCHING,
        members=3,
        **kw,
    )
    if contact_user is not None:
        contact = group.members.get(is_contact=True)
        contact.user, contact.email = contact_user, contact_user.email
        contact.save(update_fields=["user", "email"])
    return group


def add_member(group, user):
    return GroupMemberFactory(group=group, user=user, email=user.email)


def cleared_household(town, programme, **kw) -> Household:
    """A household with consent in force and an intake held (status intake_held)."""
    kw.setdefault("expected_arrival", ARRIVAL)
    household = HouseholdFactory(
        municipality=town,
        programme=programme,
        status=Household.Status.INTAKE_HELD,
        intake_held_on=date(2026, 10, 1),
        **kw,
    )
    info = InformationSession.objects.create(
        household=household,
        informed_by="UNHCR",
        informed_on=date(2026, 9, 1),
        language="ar",
        topics=["programme", "voluntary", "withdrawal", "data"],
    )
    Consent.objects.create(
        household=household,
        information=info,
        participate=True,
        processing=True,
        share_profile=True,
        given_on=date(2026, 9, 2),
    )
    return household


def home(town, **kw) -> HousingOffer:
    kw.setdefault("ground_floor", True)
    kw.setdefault("max_occupants", 4)
    return HousingOfferFactory(
        municipality=town, status=HousingOffer.Status.OFFERED, available_from=date(2026, 1, 1), **kw
    )


def proposal(household, group, offer, status=MatchProposal.Status.PROPOSED, **kw) -> MatchProposal:
    from django.utils import timezone

    if status in MatchProposal.MUNICIPAL:
        kw.setdefault("sent_at", timezone.now())
    if status in (MatchProposal.Status.APPROVED, MatchProposal.Status.CONFIRMED):
        # The database insists an approved match holds its allocation.
        kw.setdefault(
            "allocation",
            Allocation.objects.create(
                offer=offer, household=household, period=DateRange(household.expected_arrival, None)
            ),
        )
    return MatchProposal.objects.create(
        programme=household.programme,
        household=household,
        group=group,
        offer=offer,
        status=status,
        score=12.5,
        criteria=[
            {
                "criterion": "languages",
                "score": 1.0,
                "weight": 2.0,
                "points": 2.0,
                "text": "shares languages: Arabic",
            },
            {
                "criterion": "housing_fit",
                "score": 0.75,
                "weight": 1.0,
                "points": 0.75,
                "text": "3 of 4 places used",
            },
        ],
        **kw,
    )
