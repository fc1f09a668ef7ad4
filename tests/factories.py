"""Factories for the shared models; apps add theirs in tests/<app>/factories.py."""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP

from sponsorship.models import Municipality, Organisation, Programme, Role, User

TEST_PASSWORD = "correct-horse-battery-staple"
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPTESTAAAAAAAAAAAA"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Town {n}")
    code = factory.Sequence(lambda n: f"GM9{n:03d}")
    latitude = factory.Sequence(lambda n: 51.5 + (n % 20) * 0.1)
    longitude = factory.Sequence(lambda n: 4.5 + (n % 20) * 0.1)
    takes_resettled_refugees = True


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = Organisation.Kind.LOCAL_PARTNER


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    variant = Programme.Variant.RESETTLEMENT
    min_group_size = 3


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    role = Role.GROUP_MEMBER

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or TEST_PASSWORD)
        if create:
            obj.save(update_fields=["password"])
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)

    @factory.post_generation
    def mfa(obj, create, extracted, **kwargs):
        # Staff get TOTP unless mfa=False is passed.
        if create and obj.needs_mfa and extracted is not False:
            TOTP.activate(obj, TEST_TOTP_SECRET)


class CoordinatorFactory(UserFactory):
    role = Role.COORDINATOR
    organisation = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def towns(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.scope_municipalities.set(extracted)


class MunicipalStaffFactory(UserFactory):
    role = Role.MUNICIPAL_STAFF
    municipality = factory.SubFactory(MunicipalityFactory)


class AdministratorFactory(UserFactory):
    role = Role.ADMINISTRATOR
    is_staff = True
    is_superuser = True
