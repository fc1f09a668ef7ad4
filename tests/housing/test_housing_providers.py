"""Provider pages: register, duplicate names, roles and scope."""

import pytest
from django.urls import reverse

from housing.models import HousingProvider
from tests.housing.factories import HousingProviderFactory

CREATE = reverse("housing:provider_create")


def _data(**overrides):
    return {
        "name": "Woonstad",
        "kind": "housing_corporation",
        "contact_name": "Els",
        "guarantee_fund": "on",
        **overrides,
    }


@pytest.mark.django_db
def test_officer_registers_a_provider_in_their_municipality(client_for, municipal_officer, town):
    response = client_for(municipal_officer).post(CREATE, _data())
    assert response.url == reverse("housing:provider_list")
    provider = HousingProvider.objects.get()
    assert (provider.municipality, provider.incentives) == (town, ["guarantee or damage fund"])


@pytest.mark.django_db
def test_duplicate_name_in_the_same_town_is_a_form_error(client_for, municipal_officer, town):
    HousingProviderFactory(municipality=town, name="Woonstad")
    response = client_for(municipal_officer).post(CREATE, _data(name="woonstad"))
    assert response.status_code == 200
    assert "name" in response.context["form"].errors


@pytest.mark.django_db
def test_roles_and_scope(client_for, coordinator, other_municipal_officer, town):
    provider = HousingProviderFactory(municipality=town)
    url = reverse("housing:provider_update", args=[provider.pk])
    assert client_for(coordinator).post(CREATE, _data()).status_code == 403
    assert client_for(other_municipal_officer).get(url).status_code == 404
    listed = client_for(coordinator).get(reverse("housing:provider_list")).context["object_list"]
    assert list(listed) == [provider]
