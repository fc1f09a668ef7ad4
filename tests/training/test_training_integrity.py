"""The readiness invariant of check_integrity: a group "ready for matching" that does not
meet its training requirement is reported."""

import pytest

from groups.models import SponsorGroup
from tests.groups.factories import SponsorGroupFactory
from tests.integrity_check import assert_reported
from tests.training.factories import TrainingModuleFactory, completion

pytestmark = pytest.mark.django_db


def test_a_ready_group_that_did_not_train(programme):
    TrainingModuleFactory(programme=programme)
    group = SponsorGroupFactory(
        programme=programme, status=SponsorGroup.Status.READY_FOR_MATCHING, members=2
    )
    assert_reported("group.ready_passes_readiness_gate", group)


def test_a_ready_group_that_trained_is_not_reported(programme):
    from sponsorship import integrity

    module = TrainingModuleFactory(programme=programme)
    group = SponsorGroupFactory(
        programme=programme, status=SponsorGroup.Status.READY_FOR_MATCHING, members=2
    )
    for member in group.members.all():
        completion(member, module)
    [(_, found)] = integrity.run(["group.ready_passes_readiness_gate"])
    assert found == []
