import pytest

from groups.models import SponsorGroup
from tests.groups.factories import GroupMemberFactory, SponsorGroupFactory
from tests.training.factories import TrainingModuleFactory, TrainingSessionFactory


@pytest.fixture
def module(programme):
    """The required start training of ``programme`` (every member, a session)."""
    return TrainingModuleFactory(
        programme=programme, code="start", name_nl="Starttraining", name_en="Start training"
    )


@pytest.fixture
def session(module, town):
    return TrainingSessionFactory(module=module, municipality=town, capacity=2)


@pytest.fixture
def training_group(town, programme):
    """A group in training in ``town``, three members (the first is the contact)."""
    return SponsorGroupFactory(
        municipality=town, programme=programme, members=3, status=SponsorGroup.Status.IN_TRAINING
    )


@pytest.fixture
def own_member(training_group, group_member):
    """The persona ``group_member`` as an active member of ``training_group``."""
    return GroupMemberFactory(
        group=training_group, user=group_member, email=group_member.email, name="Persona Member"
    )


@pytest.fixture
def dutch(settings):
    """The portal's deployed default language (tests otherwise run in English)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "nl"
    with translation.override("nl"):
        yield
