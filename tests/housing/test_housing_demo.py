"""seed_demo leaves offers in every state across at least three towns."""

from datetime import date

import pytest
from django.core.management import call_command

from housing.models import Allocation, HousingOffer


@pytest.mark.django_db
def test_demo_has_every_state_in_utrecht_amersfoort_and_zeist():
    call_command("seed_demo", today=date(2026, 3, 15))
    for town in ("Utrecht", "Amersfoort", "Zeist"):
        states = set(
            HousingOffer.objects.filter(municipality__name=town).values_list("status", flat=True)
        )
        assert states == set(HousingOffer.Status), town
    # newcomers/demo.py runs first and leaves households: some homes are given to them,
    # consistently with the allocation rules.
    assert Allocation.objects.exists()
    for allocation in Allocation.objects.select_related("offer", "household"):
        assert allocation.household.municipality_id == allocation.offer.municipality_id
        assert allocation.household.members.count() <= allocation.offer.max_occupants
