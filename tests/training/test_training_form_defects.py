"""Issue 12: editing a session saves all or nothing; the attendance list keeps its order."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.groups.factories import GroupMemberFactory
from tests.training.factories import EnrolmentFactory
from training.models import TrainingSession

pytestmark = pytest.mark.django_db


def _edit_data(session, **changes):
    data = {
        "module": session.module_id,
        "municipality": session.municipality_id,
        "starts_at": timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(session.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "place": session.place,
        "online_url": "",
        "trainer": session.trainer,
        "language": "nl",
        "capacity": session.capacity,
    }
    return {**data, **changes}


def test_a_refused_capacity_saves_no_other_field(client_for, coordinator, session, training_group):
    for member in list(training_group.members.all())[:2]:
        EnrolmentFactory(session=session, member=member, status="enrolled")
    old_place = session.place
    response = client_for(coordinator).post(
        reverse("training:session_edit", args=[session.pk]),
        _edit_data(session, place="Another hall", trainer="Someone else", capacity=1),
    )
    assert response.status_code == 200
    assert "2 people already hold a place" in " ".join(response.context["form"].errors["capacity"])
    session.refresh_from_db()
    assert (session.place, session.capacity) == (old_place, 2)
    assert session.trainer != "Someone else"


def test_capacity_and_other_errors_come_in_one_pass(
    client_for, coordinator, session, training_group
):
    for member in list(training_group.members.all())[:2]:
        EnrolmentFactory(session=session, member=member, status="enrolled")
    response = client_for(coordinator).post(
        reverse("training:session_edit", args=[session.pk]),
        _edit_data(session, place="", capacity=1),
    )
    assert {"place", "capacity"} <= set(response.context["form"].errors)


def test_zero_places_is_a_field_error_not_a_constraint_name(client_for, coordinator, module, town):
    starts = timezone.localtime() + timedelta(days=3)
    response = client_for(coordinator).post(
        reverse("training:session_create"),
        {
            "module": module.pk,
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "municipality": town.pk,
            "place": "Hall",
            "online_url": "",
            "trainer": "T",
            "language": "nl",
            "capacity": 0,
        },
    )
    assert response.status_code == 200
    assert "capacity" in response.context["form"].errors
    assert "Constraint" not in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_the_attendance_list_keeps_its_order_after_saving(
    client_for, coordinator, session, training_group
):
    names = ["Zoë", "Anna", "Mila"]
    enrolments = [
        EnrolmentFactory(
            session=session,
            status=status,
            member=GroupMemberFactory(group=training_group, name=name),
        )
        for name, status in zip(names, ["enrolled", "enrolled", "waitlisted"], strict=True)
    ]
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    client = client_for(coordinator)
    url = reverse("training:attendance", args=[session.pk])

    def order():
        return [e.member.name for e in client.get(url).context["sheet"]]

    before = order()
    assert before == ["Anna", "Mila", "Zoë"]
    # Anna absent, the walk-in Mila and Zoë present: every status changes.
    client.post(url, {"present": [enrolments[0].pk, enrolments[2].pk]})
    assert order() == before
