"""seed_demo leaves no contradiction between states (docs/integrity.md), and still shows
every state that can last."""

from datetime import date

import pytest
from django.core.management import call_command

from groups.models import SponsorGroup
from housing.models import HousingOffer
from newcomers.models import Household
from sponsorship import integrity

# Last only inside the operation that passes through them: approval, arrival.
TRANSIENT = {Household.Status.MATCHED, Household.Status.ARRIVED}


@pytest.mark.django_db
@pytest.mark.parametrize("today", [None, date(2026, 3, 15)])
def test_seed_demo_passes_check_integrity(today):
    call_command("seed_demo", today=today)
    broken = {i.code: found for i, found in integrity.run() if found}
    assert broken == {}
    call_command("check_integrity")  # exit 0: no CommandError
    households = set(Household.objects.values_list("status", flat=True))
    assert households == set(Household.Status.values) - TRANSIENT
    assert set(SponsorGroup.objects.values_list("status", flat=True)) == set(
        SponsorGroup.Status.values
    )
    assert set(HousingOffer.objects.values_list("status", flat=True)) == set(
        HousingOffer.Status.values
    )
