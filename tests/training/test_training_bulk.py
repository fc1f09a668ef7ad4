"""Work in bulk in training: "all present" on the attendance sheet and enrolling several
members of a group at once (one capacity check, all or nothing)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from groups.models import SponsorGroup
from tests.groups.factories import SponsorGroupFactory
from tests.training.factories import EnrolmentFactory, TrainingModuleFactory, TrainingSessionFactory
from training import enrolment
from training.models import Enrolment

pytestmark = pytest.mark.django_db
S = Enrolment.Status


@pytest.fixture
def training_group(town, programme):
    return SponsorGroupFactory(
        municipality=town,
        programme=programme,
        members=3,
        status=SponsorGroup.Status.IN_TRAINING,
        name="Trainees",
    )


@pytest.fixture
def session(town, programme):
    return TrainingSessionFactory(
        module=TrainingModuleFactory(programme=programme), municipality=town, capacity=3
    )


def test_all_present_marks_every_place_holder_and_leaves_the_waiting_list(
    client_for, coordinator, training_group, session
):
    a, b, c = training_group.members.all()
    seated = [EnrolmentFactory(session=session, member=m) for m in (a, b)]
    waiting = EnrolmentFactory(session=session, member=c, status=S.WAITLISTED)
    session.starts_at = timezone.now() - timedelta(hours=1)
    session.save()
    response = client_for(coordinator).post(
        reverse("training:attendance", args=[session.pk]), {"all_present": "1"}
    )
    assert response.status_code == 302
    assert {e.status for e in Enrolment.objects.filter(pk__in=[s.pk for s in seated])} == {
        S.ATTENDED
    }
    waiting.refresh_from_db()
    assert waiting.status == S.WAITLISTED
    page = client_for(coordinator).get(reverse("training:attendance", args=[session.pk]))
    assert 'name="all_present"' in page.content.decode()
    assert "data-confirm" in page.content.decode()


def test_all_present_before_the_start_is_refused(client_for, coordinator, training_group, session):
    EnrolmentFactory(session=session, member=training_group.members.first())
    client_for(coordinator).post(
        reverse("training:attendance", args=[session.pk]), {"all_present": "1"}
    )
    assert not session.enrolments.filter(status=S.ATTENDED).exists()


def test_enrol_many_seats_everyone_or_nobody(coordinator, training_group, session):
    members = list(training_group.members.all())
    enrolment.enrol_many(session, members[:2], coordinator)
    assert session.enrolments.filter(status=S.ENROLLED).count() == 2
    other = SponsorGroupFactory(
        municipality=session.municipality,
        programme=session.module.programme,
        members=2,
        status=SponsorGroup.Status.IN_TRAINING,
    )
    with pytest.raises(ValidationError) as refused:
        enrolment.enrol_many(session, [members[2], *other.members.all()], coordinator)
    assert "1 places are left for 3 members." in refused.value.messages
    assert session.enrolments.count() == 2  # all or nothing


def test_enrol_many_refuses_someone_already_enrolled(coordinator, training_group, session):
    first = training_group.members.first()
    EnrolmentFactory(session=session, member=first)
    with pytest.raises(ValidationError):
        enrolment.enrol_many(session, list(training_group.members.all()), coordinator)
    assert session.enrolments.count() == 1


def _enrol_url(session):
    return reverse("training:enrol_group", args=[session.pk])


def test_the_page_enrols_the_ticked_members(client_for, coordinator, training_group, session):
    client = client_for(coordinator)
    step1 = client.get(_enrol_url(session))
    assert (training_group.pk, "Trainees") in step1.context["choices"]
    step2 = client.get(_enrol_url(session), {"group": training_group.pk})
    assert len(step2.context["form"].fields["members"].queryset) == 3
    ids = list(training_group.members.values_list("pk", flat=True))
    response = client.post(_enrol_url(session), {"group": training_group.pk, "members": ids})
    assert response.status_code == 302
    assert session.enrolments.filter(status=S.ENROLLED).count() == 3


def test_too_many_for_the_places_shows_why_and_enrols_nobody(
    client_for, coordinator, training_group, session
):
    session.capacity = 2
    session.save()
    ids = list(training_group.members.values_list("pk", flat=True))
    response = client_for(coordinator).post(
        _enrol_url(session), {"group": training_group.pk, "members": ids}
    )
    assert response.status_code == 200
    assert "Nobody was enrolled." in response.content.decode()
    assert "2 places are left for 3 members." in response.content.decode()
    assert not session.enrolments.exists()


def test_a_group_out_of_scope_is_not_offered(
    client_for, coordinator, session, other_town, programme
):
    foreign = SponsorGroupFactory(
        municipality=other_town,
        programme=programme,
        members=2,
        status=SponsorGroup.Status.IN_TRAINING,
    )
    client = client_for(coordinator)
    response = client.post(
        _enrol_url(session),
        {"group": foreign.pk, "members": list(foreign.members.values_list("pk", flat=True))},
    )
    assert response.status_code == 200
    assert response.context["group"] is None
    assert not session.enrolments.exists()


def test_roles(client_for, municipal_officer, group_member, session):
    assert client_for(municipal_officer).get(_enrol_url(session)).status_code == 403
    assert client_for(group_member).get(_enrol_url(session)).status_code == 403
