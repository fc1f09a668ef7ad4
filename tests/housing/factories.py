"""Factories for housing; households are built here until tests/newcomers has its own."""

from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from housing.models import HousingOffer, HousingProvider
from newcomers.models import Household, HouseholdMember
from tests.factories import MunicipalityFactory, ProgrammeFactory


class HousingProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HousingProvider

    name = factory.Sequence(lambda n: f"Woningcorporatie {n}")
    kind = HousingProvider.Kind.HOUSING_CORPORATION
    municipality = factory.SubFactory(MunicipalityFactory)
    contact_name = "Contact Persoon"


class HousingOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HousingOffer

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = HousingOffer.Kind.INTERMEDIATE
    status = HousingOffer.Status.OFFERED
    neighbourhood = factory.Sequence(lambda n: f"Wijk {n}")
    address = factory.Sequence(lambda n: f"Dorpsstraat {n}, 3500 AA")
    bedrooms = 2
    max_occupants = 4
    rent = Decimal("650.00")
    service_costs = Decimal("40.00")
    deposit = Decimal("0")
    available_from = date(2026, 1, 1)
    # The database insists a reserved offer says when it was reserved.
    reserved_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == HousingOffer.Status.RESERVED else None
    )


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"HH-T{n:05d}")
    pseudonym = factory.Sequence(lambda n: f"Familie {n}")
    programme = factory.SubFactory(ProgrammeFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    status = Household.Status.APPROVED
    country_of_stay = "LB"

    @factory.post_generation
    def size(obj, create, extracted, **kwargs):
        """``size=n`` creates n members (default 2): a principal and relatives."""
        if not create:
            return
        for i in range(extracted if extracted is not None else 2):
            HouseholdMember.objects.create(
                household=obj, age_band="30-49", relation="principal" if i == 0 else "child"
            )
