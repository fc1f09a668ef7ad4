"""Issue 12: an invalid reason or note is shown, never swapped for an empty one."""

from datetime import date

import pytest
from django.urls import reverse

from housing import services
from housing.models import Allocation, HousingOffer
from tests.housing.factories import HouseholdFactory, HousingOfferFactory

S = HousingOffer.Status
TOO_LONG = "x" * 201  # ReasonForm allows 200


@pytest.mark.django_db
def test_an_invalid_cancellation_reason_cancels_nothing_and_says_why(
    client_for, municipal_officer, town
):
    offer = HousingOfferFactory(municipality=town, status=S.OFFERED)
    allocation = services.allocate(
        municipal_officer, offer, HouseholdFactory(municipality=town), date(2026, 3, 1), None
    )
    client = client_for(municipal_officer)
    response = client.post(
        reverse("housing:allocation_cancel", args=[allocation.pk]),
        {"reason": TOO_LONG},
        follow=True,
    )
    allocation.refresh_from_db()
    assert allocation.status == Allocation.Status.ACTIVE
    assert "Reason: Ensure this value has at most 200 characters" in response.content.decode()
    client.post(
        reverse("housing:allocation_cancel", args=[allocation.pk]), {"reason": "household withdrew"}
    )
    allocation.refresh_from_db()
    assert allocation.status == Allocation.Status.CANCELLED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "status", "field"),
    [
        ("offer_reserve", S.OFFERED, "note"),
        ("offer_withdraw", S.OFFERED, "reason"),
        ("offer_cancel_reservation", S.RESERVED, "reason"),
    ],
)
def test_an_invalid_note_or_reason_leaves_the_offer_as_it_was(
    action, status, field, client_for, coordinator, municipal_officer, town
):
    offer = HousingOfferFactory(municipality=town, status=status)
    user = municipal_officer if action == "offer_withdraw" else coordinator
    response = client_for(user).post(
        reverse(f"housing:{action}", args=[offer.pk]), {field: "x" * 301}, follow=True
    )
    offer.refresh_from_db()
    assert offer.status == status
    assert "at most" in response.content.decode()
