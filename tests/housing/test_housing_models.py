"""Scoping, the address rule, coordinates and constraints of the housing models."""

from decimal import Decimal

import pytest
from django.db import IntegrityError

from housing import geo
from housing.models import HousingOffer
from tests.factories import MunicipalityFactory
from tests.housing.factories import HousingOfferFactory

S = HousingOffer.Status


@pytest.fixture
def offers(town, other_town):
    return HousingOfferFactory(municipality=town), HousingOfferFactory(municipality=other_town)


@pytest.mark.django_db
def test_visible_to_follows_the_roles(
    offers,
    coordinator,
    other_coordinator,
    municipal_officer,
    other_municipal_officer,
    group_member,
    administrator,
):
    here, there = offers
    visible = lambda user: set(HousingOffer.objects.visible_to(user))  # noqa: E731
    assert visible(administrator) == {here, there}
    assert visible(coordinator) == {here}
    assert visible(other_coordinator) == {there}
    assert visible(municipal_officer) == {here}
    assert visible(other_municipal_officer) == {there}
    assert visible(group_member) == set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "coordinator_sees"),
    [
        (S.PROSPECT, False),
        (S.OFFERED, False),
        (S.RESERVED, False),
        (S.ALLOCATED, True),
        (S.OCCUPIED, True),
        (S.RELEASED, False),
        (S.WITHDRAWN, False),
    ],
)
def test_address_rule(
    status,
    coordinator_sees,
    town,
    coordinator,
    other_coordinator,
    municipal_officer,
    other_municipal_officer,
    group_member,
    administrator,
):
    offer = HousingOfferFactory(municipality=town, status=status)
    assert offer.may_see_address(administrator)
    assert offer.may_see_address(municipal_officer)
    assert not offer.may_see_address(other_municipal_officer)
    assert offer.may_see_address(coordinator) is coordinator_sees
    assert not offer.may_see_address(other_coordinator)
    assert not offer.may_see_address(group_member)


@pytest.mark.django_db
def test_coordinates_default_to_the_municipality_nudged_by_neighbourhood():
    town = MunicipalityFactory(latitude=Decimal("52.09074"), longitude=Decimal("5.12142"))
    a = HousingOfferFactory(municipality=town, neighbourhood="Overvecht")
    b = HousingOfferFactory(municipality=town, neighbourhood="Overvecht")
    c = HousingOfferFactory(municipality=town, neighbourhood="Lombok")
    assert (a.latitude, a.longitude) == (b.latitude, b.longitude)
    assert (a.latitude, a.longitude) != (c.latitude, c.longitude)
    assert a.distance_km(town.latitude, town.longitude) < 2.5


def test_distance_between_utrecht_and_amersfoort():
    assert 19 < geo.distance_km(52.09074, 5.12142, 52.15611, 5.38760) < 21


def test_a_blank_neighbourhood_sits_on_the_town():
    assert geo.neighbourhood_offset("  ") == (0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields", [{"max_occupants": 0}, {"rent": Decimal("-1")}, {"available_until": "2025-12-31"}]
)
def test_database_refuses_nonsense(fields, town):
    with pytest.raises(IntegrityError):
        HousingOfferFactory(municipality=town, **fields)
