"""Factories for newcomer households; names and places plausible for the countries of stay."""

from datetime import date

import factory

from newcomers.models import Household, HouseholdIdentity, HouseholdMember
from tests.factories import MunicipalityFactory, ProgrammeFactory


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"NC-T-{n:05d}")
    pseudonym = factory.Sequence(lambda n: f"Household Tree {n}")
    programme = factory.SubFactory(ProgrammeFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    country_of_stay = "LB"
    nationality = "SY"
    expected_arrival = date(2027, 3, 15)
    languages = factory.LazyFunction(lambda: ["ar", "en"])
    language_levels = factory.LazyFunction(lambda: {"ar": "native", "en": "basic"})
    interests = factory.LazyFunction(lambda: ["cooking", "football"])
    work_sector = "construction"
    needs_ground_floor = True
    vulnerabilities = factory.LazyFunction(lambda: ["medical"])
    vulnerability_notes = "Insulin-dependent diabetes; needs a GP quickly."
    accessibility_notes = "Father uses a crutch."
    background_consent = True
    religion = "Syriac Orthodox"
    cultural_background = "Aleppo, urban"

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if not create:
            return
        for relation, band in extracted or [
            ("principal", "30-49"),
            ("partner", "30-49"),
            ("child", "5-11"),
        ]:
            HouseholdMember.objects.create(household=obj, relation=relation, age_band=band)


class IdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdIdentity

    household = factory.SubFactory(HouseholdFactory)
    family_name = "Haddad"
    given_names = "Rami"
    name_native_script = "رامي حداد"
    other_members = "Lina Haddad, Yara Haddad"
    phone = "+961 3 123 456"
    email = "rami.haddad@example.org"
    address = "Hamra Street 12, Beirut"
    unhcr_case_number = "LEB-21C04567"
