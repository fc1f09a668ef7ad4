"""Enrolment, the waiting list, promotion and capacity changes."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from groups.models import SponsorGroup
from sponsorship import statemachine as sm
from sponsorship.models import AuditEvent
from tests.groups.factories import GroupMemberFactory, SponsorGroupFactory
from tests.training.factories import TrainingModuleFactory, TrainingSessionFactory
from training import enrolment as service
from training.machines import ENROLMENT
from training.models import Enrolment, TrainingModule

Status = Enrolment.Status
pytestmark = pytest.mark.django_db


def _members(group, n):
    return [GroupMemberFactory(group=group) for _ in range(n)]


def test_enrol_takes_a_place_and_audits(session, training_group, coordinator):
    member = training_group.members.first()
    enrolment = service.enrol(session, member, coordinator)
    assert enrolment.status == Status.ENROLLED
    assert AuditEvent.objects.filter(
        object_type="training.enrolment",
        object_id=str(enrolment.pk),
        summary="enrolment.enrol: - -> enrolled",
    ).exists()
    row = sm.history(enrolment).get()
    assert (row.from_state, row.to_state, row.actor) == ("", Status.ENROLLED, coordinator)


def test_a_full_session_puts_people_on_the_waiting_list_in_order(
    session, training_group, coordinator
):
    first, second, third = training_group.members.all()
    extra = GroupMemberFactory(group=training_group)
    for member in (first, second, third, extra):
        service.enrol(session, member, coordinator)
    statuses = list(session.enrolments.values_list("member_id", "status"))
    assert statuses == [
        (first.pk, "enrolled"),
        (second.pk, "enrolled"),
        (third.pk, "waitlisted"),
        (extra.pk, "waitlisted"),
    ]
    waiting = session.enrolments.filter(status=Status.WAITLISTED)
    assert [service.waitlist_position(e) for e in waiting] == [1, 2]


def test_cancelling_promotes_the_first_in_line(session, training_group, coordinator):
    first, second, third = training_group.members.all()
    fourth = GroupMemberFactory(group=training_group)
    enrolments = [service.enrol(session, m, coordinator) for m in (first, second, third, fourth)]
    promoted = service.cancel(enrolments[0], coordinator)
    assert [e.member_id for e in promoted] == [third.pk]
    assert dict(session.enrolments.values_list("member_id", "status")) == {
        first.pk: "cancelled",
        second.pk: "enrolled",
        third.pk: "enrolled",
        fourth.pk: "waitlisted",
    }
    assert service.waitlist_position(enrolments[3]) == 1
    assert [r.operation for r in sm.history(enrolments[2])] == ["enrol", "promote"]
    assert [r.operation for r in sm.history(enrolments[0])] == ["enrol", "cancel"]


def test_cancel_refused_for_an_attended_enrolment(session, training_group, coordinator):
    enrolment = service.enrol(session, training_group.members.first(), coordinator)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Status.ATTENDED)
    with pytest.raises(ValidationError, match="can no longer be cancelled"):
        service.cancel(enrolment, coordinator)
    assert ENROLMENT.refusals(Enrolment.objects.get(pk=enrolment.pk), "cancel") == [
        "Something that is “Attended” cannot become “Cancelled” this way."
    ]


def test_cancelling_a_waitlisted_enrolment_promotes_nobody(session, training_group, coordinator):
    enrolments = [service.enrol(session, m, coordinator) for m in training_group.members.all()]
    assert service.cancel(enrolments[2], coordinator) == []
    assert session.enrolments.filter(status=Status.ENROLLED).count() == 2


def test_a_member_can_enrol_again_after_cancelling(session, training_group, coordinator):
    member = training_group.members.first()
    service.cancel(service.enrol(session, member, coordinator), coordinator)
    assert service.enrol(session, member, coordinator).status == Status.ENROLLED


def test_double_enrolment_is_refused(session, training_group, coordinator):
    member = training_group.members.first()
    service.enrol(session, member, coordinator)
    with pytest.raises(ValidationError, match="already enrolled"):
        service.enrol(session, member, coordinator)


def test_enrolment_refused_for_started_session_other_programme_and_unapproved_group(
    module, town, coordinator, training_group
):
    past = TrainingSessionFactory(
        module=module, municipality=town, starts_at=timezone.now() - timedelta(hours=1)
    )
    with pytest.raises(ValidationError, match="already started"):
        service.enrol(past, training_group.members.first(), coordinator)
    foreign = TrainingSessionFactory(municipality=town)
    with pytest.raises(ValidationError, match="another programme"):
        service.enrol(foreign, training_group.members.first(), coordinator)
    applied = SponsorGroupFactory(programme=module.programme, municipality=town, members=1)
    session = TrainingSessionFactory(module=module, municipality=town)
    with pytest.raises(ValidationError, match="approved, open group"):
        service.enrol(session, applied.members.first(), coordinator)


def test_e_learning_modules_take_no_enrolments(programme, town, training_group, coordinator):
    module = TrainingModuleFactory(programme=programme, kind=TrainingModule.Kind.E_LEARNING)
    session = TrainingSessionFactory(module=module, municipality=town)
    with pytest.raises(ValidationError, match="E-learning"):
        service.enrol(session, training_group.members.first(), coordinator)


def test_cancel_refused_after_the_start(session, training_group, coordinator):
    enrolment = service.enrol(session, training_group.members.first(), coordinator)
    session.starts_at = timezone.now() - timedelta(minutes=5)
    session.ends_at = session.starts_at + timedelta(hours=2)
    session.save()
    with pytest.raises(ValidationError, match="already started"):
        service.cancel(enrolment, coordinator)


def test_more_places_promote_from_the_waiting_list(session, training_group, coordinator):
    for member in [*training_group.members.all(), *_members(training_group, 2)]:
        service.enrol(session, member, coordinator)
    promoted = service.change_capacity(session, coordinator, 4)
    assert len(promoted) == 2
    assert session.enrolments.filter(status=Status.WAITLISTED).count() == 1


def test_capacity_cannot_drop_below_the_seated(session, training_group, coordinator):
    for member in training_group.members.all()[:2]:
        service.enrol(session, member, coordinator)
    with pytest.raises(ValidationError, match="already hold a place"):
        service.change_capacity(session, coordinator, 1)


def test_members_of_closed_groups_cannot_enrol(session, town, programme, coordinator):
    group = SponsorGroupFactory(
        municipality=town, programme=programme, members=1, status=SponsorGroup.Status.COMPLETED
    )
    with pytest.raises(ValidationError):
        service.enrol(session, group.members.first(), coordinator)
