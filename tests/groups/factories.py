from datetime import timedelta

import factory
from django.utils import timezone

from groups.models import GroupMember, Intake, SponsorGroup
from tests.factories import MunicipalityFactory, ProgrammeFactory


class SponsorGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SponsorGroup
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Group {n}")
    neighbourhood = "Lombok"
    motivation = "We want to welcome a family in our street."
    max_household_size = 4
    interests = factory.LazyFunction(lambda: ["cooking", "football"])
    supported_vulnerabilities = factory.LazyFunction(lambda: ["medical"])
    languages = factory.LazyFunction(lambda: ["nl"])

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        """members=N creates N members (the first is the contact); complete=True adds
        declaration and VOG dates."""
        if not create or not extracted:
            return
        for i in range(extracted):
            GroupMemberFactory(group=obj, is_contact=i == 0, **kwargs)


class GroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMember

    group = factory.SubFactory(SponsorGroupFactory)
    name = factory.Sequence(lambda n: f"Member {n}")
    email = factory.Sequence(lambda n: f"member{n}@groups.example.org")
    phone = "06 12345678"
    languages = factory.LazyFunction(lambda: {"nl": "native"})
    professional_sector = "education"

    class Params:
        complete = factory.Trait(
            declaration_signed_on=factory.LazyFunction(
                lambda: timezone.localdate() - timedelta(days=10)
            ),
            vog_issued_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=20)),
            vog_received_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=15)),
        )


class IntakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intake

    group = factory.SubFactory(SponsorGroupFactory)
    planned_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    interviewer = None
