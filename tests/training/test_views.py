"""The training screens: happy paths, bad input, wrong roles, outsiders, query budgets."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groups.models import SponsorGroup
from tests.factories import MunicipalityFactory
from tests.training.factories import (
    EnrolmentFactory,
    TrainingModuleFactory,
    TrainingSessionFactory,
    completion,
)
from training.models import CertificateBundle, Completion, Enrolment, TrainingModule

pytestmark = pytest.mark.django_db


def _list_queries(client, n, module, town):
    TrainingSessionFactory.create_batch(n, module=module, municipality=town)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("training:session_list"), {"sort": "places"})
    assert response.status_code == 200
    return len(ctx)


def test_session_list_query_count_is_constant(client_for, coordinator, module, town):
    client = client_for(coordinator)
    few = _list_queries(client, 5, module, town)
    many = _list_queries(client, 45, module, town)
    assert few == many


def test_session_list_filters_and_scope(client_for, coordinator, module, town, training_group):
    full = TrainingSessionFactory(
        module=module, municipality=town, capacity=1, language="en", trainer="Full Trainer"
    )
    EnrolmentFactory(session=full, member=training_group.members.first())
    TrainingSessionFactory(module=module, municipality=town, trainer="Open Trainer")
    TrainingSessionFactory(
        module=module, municipality=MunicipalityFactory(), trainer="Foreign Trainer"
    )
    client = client_for(coordinator)
    body = client.get(reverse("training:session_list")).content.decode()
    assert "Full Trainer" in body and "Open Trainer" in body and "Foreign Trainer" not in body
    body = client.get(reverse("training:session_list"), {"places_left": 1}).content.decode()
    assert "Full Trainer" not in body and "Open Trainer" in body
    body = client.get(reverse("training:session_list"), {"language": "en"}).content.decode()
    assert "Full Trainer" in body and "Open Trainer" not in body
    later = (timezone.localdate() + timedelta(days=30)).isoformat()
    body = client.get(reverse("training:session_list"), {"starts_from": later}).content.decode()
    assert "Open Trainer" not in body


def test_session_calendar_shows_the_month(client_for, coordinator, session):
    month = timezone.localtime(session.starts_at).strftime("%Y-%m")
    response = client_for(coordinator).get(reverse("training:session_calendar"), {"month": month})
    assert reverse("training:session_detail", args=[session.pk]) in response.content.decode()
    # A bad month falls back to the current one instead of failing.
    assert (
        client_for(coordinator)
        .get(reverse("training:session_calendar"), {"month": "x"})
        .status_code
        == 200
    )


def test_create_session_and_refuse_bad_input(client_for, coordinator, module, town):
    client = client_for(coordinator)
    starts = timezone.localtime() + timedelta(days=3)
    data = {
        "module": module.pk,
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "municipality": town.pk,
        "place": "",
        "online_url": "",
        "trainer": "T",
        "language": "nl",
        "capacity": 10,
    }
    response = client.post(reverse("training:session_create"), data)
    assert response.status_code == 200
    assert "must end after" in response.content.decode()
    assert "Give a place or an online link" in response.content.decode()
    data.update(ends_at=(starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"), place="Hall")
    response = client.post(reverse("training:session_create"), data)
    assert response.status_code == 302
    assert module.sessions.get().place == "Hall"


def test_editing_capacity_promotes_from_the_waiting_list(
    client_for, coordinator, session, training_group
):
    members = list(training_group.members.all())
    for member, status in zip(members, ["enrolled", "enrolled", "waitlisted"], strict=True):
        EnrolmentFactory(session=session, member=member, status=status)
    data = {
        "module": session.module_id,
        "municipality": session.municipality_id,
        "starts_at": timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(session.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "place": session.place,
        "online_url": "",
        "trainer": session.trainer,
        "language": "nl",
        "capacity": 3,
    }
    response = client_for(coordinator).post(
        reverse("training:session_edit", args=[session.pk]), data
    )
    assert response.status_code == 302
    assert session.enrolments.filter(status="enrolled").count() == 3


def test_member_enrols_and_cancels_from_the_workspace(
    client_for, group_member, own_member, session
):
    client = client_for(group_member)
    body = client.get(reverse("training:mine")).content.decode()
    assert reverse("training:session_detail", args=[session.pk]) in body
    client.post(reverse("training:enrol", args=[session.pk]))
    enrolment = Enrolment.objects.get(member=own_member)
    assert enrolment.status == "enrolled" and enrolment.enrolled_by == group_member
    client.post(reverse("training:cancel", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == "cancelled"


def test_member_cannot_cancel_someone_elses_enrolment(
    client_for, group_member, own_member, session, training_group
):
    other = EnrolmentFactory(session=session, member=training_group.members.first())
    response = client_for(group_member).post(reverse("training:cancel", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == "enrolled"


def test_coordinator_enrols_a_member_and_bad_choice_is_refused(
    client_for, coordinator, session, training_group
):
    client = client_for(coordinator)
    member = training_group.members.first()
    client.post(reverse("training:enrol", args=[session.pk]), {"member": member.pk})
    assert session.enrolments.get().member == member
    client.post(reverse("training:enrol", args=[session.pk]), {"member": 999999})
    assert session.enrolments.count() == 1


def test_outsider_coordinator_gets_404(client_for, other_coordinator, session):
    client = client_for(other_coordinator)
    assert client.get(reverse("training:session_detail", args=[session.pk])).status_code == 404
    assert client.get(reverse("training:attendance", args=[session.pk])).status_code == 404


def test_attendance_creates_confirmed_completions(
    client_for, coordinator, module, town, training_group
):
    session = TrainingSessionFactory(
        module=module, municipality=town, starts_at=timezone.now() - timedelta(hours=2)
    )
    first, second, _third = (
        EnrolmentFactory(session=session, member=m) for m in training_group.members.all()
    )
    client = client_for(coordinator)
    url = reverse("training:attendance", args=[session.pk])
    assert "present-" in client.get(url).content.decode()
    client.post(url, {"present": [first.pk]})
    assert dict(session.enrolments.values_list("pk", "status")) == {
        first.pk: "attended",
        second.pk: "absent",
        _third.pk: "absent",
    }
    done = Completion.objects.get()
    assert done.is_confirmed and done.confirmed_by == coordinator and done.member == first.member
    # Ids that are not on this sheet are refused as a whole.
    client.post(url, {"present": [first.pk, 999999]})
    assert session.enrolments.get(pk=second.pk).status == "absent"


def test_attendance_pdf_lists_the_names(client_for, coordinator, session, training_group):
    member = training_group.members.first()
    EnrolmentFactory(session=session, member=member)
    response = client_for(coordinator).get(reverse("training:attendance_pdf", args=[session.pk]))
    from tests.training.test_certificates import _text

    assert response["Content-Type"] == "application/pdf"
    assert member.name in _text(response.content)


def test_e_learning_report_then_confirmation(
    client_for, group_member, own_member, coordinator, programme
):
    module = TrainingModuleFactory(
        programme=programme,
        kind=TrainingModule.Kind.E_LEARNING,
        name_nl="Impact met je netwerk",
        name_en="Impact with your network",
    )
    member_client = client_for(group_member)
    url = reverse("training:report", args=[module.pk])
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    assert "future" in member_client.post(url, {"completed_on": future}).content.decode()
    member_client.post(url, {"completed_on": timezone.localdate().isoformat()})
    report = Completion.objects.get(member=own_member)
    assert not report.is_confirmed
    coordinator_client = client_for(coordinator)
    assert (
        "Impact with your network"
        in coordinator_client.get(reverse("training:reports")).content.decode()
    )
    coordinator_client.post(reverse("training:decide_report", args=[report.pk, "confirm"]))
    report.refresh_from_db()
    assert report.is_confirmed and report.verification_code


def test_member_cannot_confirm_a_report(client_for, group_member, own_member, programme):
    module = TrainingModuleFactory(programme=programme, kind=TrainingModule.Kind.E_LEARNING)
    report = module.completions.create(
        member=own_member, completed_on=timezone.localdate(), source="e_learning"
    )
    response = client_for(group_member).post(
        reverse("training:decide_report", args=[report.pk, "confirm"])
    )
    assert response.status_code == 403


def test_ics_file(client_for, group_member, own_member, session, dutch):
    response = client_for(group_member).get(reverse("training:session_ics", args=[session.pk]))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in text and f"UID:training-session-{session.pk}@" in text
    assert "SUMMARY:Starttraining" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_progress_matrix_and_mark_ready(client_for, coordinator, training_group, module):
    client = client_for(coordinator)
    url = reverse("training:group_progress", args=[training_group.pk])
    body = client.get(url).content.decode()
    assert 'id="mark-ready"' not in body and "no member has completed it yet" in body
    response = client.post(reverse("training:mark_ready", args=[training_group.pk]))
    training_group.refresh_from_db()
    assert training_group.status == SponsorGroup.Status.IN_TRAINING
    for member in training_group.members.all():
        completion(member, module)
    assert 'id="mark-ready"' in client.get(url).content.decode()
    response = client.post(reverse("training:mark_ready", args=[training_group.pk]))
    assert response.status_code == 302
    training_group.refresh_from_db()
    assert training_group.status == SponsorGroup.Status.READY_FOR_MATCHING


def test_progress_matrix_query_count_is_constant(client_for, coordinator, training_group, module):
    for member in training_group.members.all():
        completion(member, module)
    with CaptureQueriesContext(connection) as small:
        client_for(coordinator).get(reverse("training:group_progress", args=[training_group.pk]))
    from tests.groups.factories import GroupMemberFactory

    for _ in range(10):
        completion(GroupMemberFactory(group=training_group), module)
    with CaptureQueriesContext(connection) as large:
        client_for(coordinator).get(reverse("training:group_progress", args=[training_group.pk]))
    assert len(small) == len(large)


def test_pending_bundle_page_polls(client_for, coordinator, session):
    bundle = CertificateBundle.objects.create(session=session, requested_by=coordinator)
    fragment = (
        client_for(coordinator)
        .get(reverse("training:bundle_status", args=[bundle.pk]), headers={"HX-Request": "true"})
        .content.decode()
    )
    assert 'hx-trigger="every 2s"' in fragment and "bundle-download" not in fragment


def test_bundle_needs_certificates(client_for, coordinator, session):
    response = client_for(coordinator).post(reverse("training:bundle_start", args=[session.pk]))
    assert response.url == reverse("training:session_detail", args=[session.pk])
    assert not CertificateBundle.objects.exists()


def test_home_panels(client_for, coordinator, group_member, own_member, session, dutch):
    EnrolmentFactory(session=session, member=own_member)
    assert "panel-training" in client_for(coordinator).get("/").content.decode()
    body = client_for(group_member).get("/").content.decode()
    assert "panel-my-training" in body and "Starttraining" in body
