from datetime import timedelta

import factory
from django.utils import timezone

from tests.factories import MunicipalityFactory, ProgrammeFactory
from training.models import Completion, Enrolment, TrainingModule, TrainingSession


class TrainingModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingModule

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"module-{n}")
    name_nl = factory.Sequence(lambda n: f"Training {n}")
    name_en = factory.Sequence(lambda n: f"Training {n} (en)")
    kind = TrainingModule.Kind.SESSION
    required = True
    scope = TrainingModule.Scope.EVERY_MEMBER


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    module = factory.SubFactory(TrainingModuleFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    municipality = factory.SubFactory(MunicipalityFactory)
    place = "Wijkcentrum De Leeuw"
    trainer = "Trainer Jansen"
    language = "nl"
    capacity = 10


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    session = factory.SubFactory(TrainingSessionFactory)
    member = None
    status = Enrolment.Status.ENROLLED


def completion(member, module, completed_on=None, actor=None):
    """A confirmed completion made through the real service path (with its code)."""
    from training.completions import _confirm

    row = Completion.objects.create(
        member=member,
        module=module,
        source=Completion.Source.E_LEARNING,
        completed_on=completed_on or timezone.localdate(),
    )
    return _confirm(row, actor)
