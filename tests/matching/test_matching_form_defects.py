"""Issue 12: pre-selection links and acts; home choices say town, size and accessibility."""

import html
import re

import pytest
from django.urls import reverse

from newcomers.models import Household
from tests.matching.test_matching_support import cleared_household, home, proposal, ready_group
from tests.newcomers.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def test_preselection_links_each_household_and_pre_selects_in_place(
    client_for, coordinator, town, programme
):
    household = HouseholdFactory(municipality=town, programme=programme)
    ready_group(town, programme)
    home(town)
    client = client_for(coordinator)
    query = {"programme": programme.pk, "municipalities": [town.pk]}
    response = client.get(reverse("matching:preselection"), query)
    assert household in response.context["result"]["eligible"]
    body = response.content.decode()
    assert reverse("newcomers:household_detail", args=[household.pk]) in body
    action = reverse("newcomers:household_preselect", args=[household.pk])
    assert f'action="{action}"' in body
    here = html.unescape(re.search(r'name="next" value="([^"]+)"', body).group(1))
    response = client.post(action, {"next": here})
    assert response.url == here  # back on the pre-selection, not the household page
    household.refresh_from_db()
    assert household.status == Household.Status.PRE_SELECTED


def test_preselect_ignores_a_next_url_on_another_site(client_for, coordinator, town, programme):
    household = HouseholdFactory(municipality=town, programme=programme)
    response = client_for(coordinator).post(
        reverse("newcomers:household_preselect", args=[household.pk]),
        {"next": "https://evil.example/"},
    )
    assert response.url == reverse("newcomers:household_detail", args=[household.pk])


def test_home_choices_name_town_size_and_accessibility(client_for, coordinator, town, programme):
    offer = home(town, bedrooms=3, max_occupants=5, step_free=True, neighbourhood="Lombok")
    match = proposal(cleared_household(town, programme), ready_group(town, programme), offer)
    body = (
        client_for(coordinator)
        .get(reverse("matching:proposal_edit", args=[match.pk]))
        .content.decode()
    )
    option = re.search(rf'<option value="{offer.pk}"[^>]*>([^<]+)</option>', body).group(1)
    option = html.unescape(option)
    for words in (
        town.name,
        "Lombok",
        "3 bedrooms",
        "up to 5 people",
        "step-free",
        "ground floor",
        f"#{offer.pk}",
    ):
        assert words in option, option
