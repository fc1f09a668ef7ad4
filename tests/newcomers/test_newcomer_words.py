"""Messages about a household use its pseudonym once (issue 12)."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from newcomers.models import Household


@pytest.mark.django_db
def test_registering_says_the_pseudonym_once(client_for, coordinator, town, programme):
    data = {
        "pseudonym": "Household Tamarind",
        "programme": programme.pk,
        "municipality": town.pk,
        "country_of_stay": "LB",
        "nationality": "SY",
        "expected_arrival": "2027-04-01",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "1",
        "members-MAX_NUM_FORMS": "20",
        "members-0-relation": "principal",
        "members-0-age_band": "30-49",
    }
    response = client_for(coordinator).post("/newcomers/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    assert Household.objects.filter(pseudonym="Household Tamarind").exists()
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts == ["Household Tamarind is registered."], texts
