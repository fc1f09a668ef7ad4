import pytest

from newcomers.models import CaseAccess
from tests.newcomers.factories import HouseholdFactory, IdentityFactory


@pytest.fixture
def household(town, programme):
    """A household in ``town`` with an identity; nobody has case access yet."""
    household = HouseholdFactory(municipality=town, programme=programme)
    IdentityFactory(household=household)
    return household


@pytest.fixture
def case_worker(coordinator, household):
    """The coordinator, holding case access to ``household``."""
    CaseAccess.objects.create(household=household, user=coordinator, granted_by=coordinator)
    return coordinator


@pytest.fixture
def colleague(town):
    """A second coordinator working in ``town`` without case access."""
    from tests.factories import CoordinatorFactory

    return CoordinatorFactory(email="colleague@example.org", towns=[town])
