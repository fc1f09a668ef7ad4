"""A group's page and the coordinator's actions on it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import Intake, SponsorGroup
from sponsorship.models import AuditEvent
from tests.groups.factories import IntakeFactory, SponsorGroupFactory

pytestmark = pytest.mark.django_db
Status = SponsorGroup.Status


def test_detail_shows_members_next_step_and_timeline(client_for, coordinator, group):
    client = client_for(coordinator)
    client.post(
        reverse("groups:plan_intake", args=[group.pk]),
        {
            "planned_at": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "interviewer": coordinator.pk,
            "location": "Library",
        },
    )
    response = client.get(reverse("groups:detail", args=[group.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    for member in group.members.all():
        assert member.name in body
    assert "Library" in body
    assert [e.text for e in response.context["timeline"] if e.is_transition] == [
        "Applied → Intake planned"
    ]


@pytest.mark.parametrize("persona", ["other_coordinator", "municipal_officer"])
def test_outsiders_get_404(persona, request, client_for, group):
    url = reverse("groups:detail", args=[group.pk])
    assert client_for(request.getfixturevalue(persona)).get(url).status_code == 404
    assert AuditEvent.objects.filter(action="permission_denied", object_id=str(group.pk)).exists()


def test_member_of_another_group_gets_404(client_for, other_group, member_of_group):
    url = reverse("groups:detail", args=[other_group.pk])
    assert client_for(member_of_group).get(url).status_code == 404
    url = reverse("groups:workspace_detail", args=[other_group.pk])
    assert client_for(member_of_group).get(url).status_code == 404


def test_plan_intake_bad_input_keeps_the_form(client_for, coordinator, group):
    response = client_for(coordinator).post(
        reverse("groups:plan_intake", args=[group.pk]),
        {"planned_at": "tomorrow", "location": "Cafe"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"planned_at", "interviewer"}
    assert 'value="Cafe"' in response.content.decode()
    group.refresh_from_db()
    assert group.status == Status.APPLIED


def test_record_intake_shows_notes_to_coordinators_only(
    client_for, coordinator, administrator, town, programme
):
    group = SponsorGroupFactory(
        municipality=town, programme=programme, status=Status.INTAKE_PLANNED
    )
    IntakeFactory(group=group, interviewer=coordinator)
    response = client_for(coordinator).post(
        reverse("groups:record_intake", args=[group.pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "outcome": "positive",
            "notes_attention_points": "Secret remark",
        },
    )
    assert response.status_code == 302
    detail = reverse("groups:detail", args=[group.pk])
    assert "Secret remark" in client_for(coordinator).get(detail).content.decode()
    assert AuditEvent.objects.filter(action="view_sensitive", actor=coordinator).exists()
    assert "Secret remark" not in client_for(administrator).get(detail).content.decode()


def test_record_intake_bad_input(client_for, coordinator, town, programme):
    group = SponsorGroupFactory(
        municipality=town, programme=programme, status=Status.INTAKE_PLANNED
    )
    IntakeFactory(group=group, interviewer=coordinator)
    response = client_for(coordinator).post(
        reverse("groups:record_intake", args=[group.pk]),
        {"held_on": "", "outcome": "", "notes_capacity": "typed"},
    )
    assert set(response.context["form"].errors) == {"held_on", "outcome"}
    assert "typed" in response.content.decode()


def test_documents_form_records_dates(client_for, coordinator, group):
    member = group.members.first()
    today = timezone.localdate()
    response = client_for(coordinator).post(
        reverse("groups:member_documents", args=[member.pk]),
        {
            "declaration_signed_on": today.isoformat(),
            "vog_issued_on": (today - timedelta(days=3)).isoformat(),
            "vog_received_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.has_declaration and member.has_vog


def test_documents_form_refuses_future_dates(client_for, coordinator, group):
    member = group.members.first()
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client_for(coordinator).post(
        reverse("groups:member_documents", args=[member.pk]),
        {"declaration_signed_on": future, "vog_issued_on": "", "vog_received_on": ""},
    )
    assert response.status_code == 200
    assert "declaration_signed_on" in response.context["form"].errors
    member.refresh_from_db()
    assert member.declaration_signed_on is None


def test_refused_transition_shows_the_reason(client_for, coordinator, town, programme):
    group = SponsorGroupFactory(
        municipality=town, programme=programme, status=Status.INTAKE_HELD, members=3
    )
    client = client_for(coordinator)
    response = client.post(reverse("groups:transition", args=[group.pk, "approve"]), follow=True)
    assert "has not signed the participant declaration" in response.content.decode()
    group.refresh_from_db()
    assert group.status == Status.INTAKE_HELD


def test_transition_requires_post(client_for, coordinator, group):
    url = reverse("groups:transition", args=[group.pk, "approve"])
    assert client_for(coordinator).get(url).status_code == 405


def test_close_needs_a_reason_and_then_rejects(client_for, coordinator, group):
    client = client_for(coordinator)
    url = reverse("groups:close", args=[group.pk, "reject"])
    response = client.post(url, {"reason": ""})
    assert "reason" in response.context["form"].errors
    assert client.post(url, {"reason": "Not enough time"}).status_code == 302
    group.refresh_from_db()
    assert (group.status, group.closing_reason) == (Status.REJECTED, "Not enough time")


def test_intake_model_refuses_a_held_intake_without_outcome(group, coordinator):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Intake.objects.create(
            group=group,
            interviewer=coordinator,
            planned_at=timezone.now(),
            held_on=timezone.localdate(),
            outcome="",
        )


@pytest.mark.parametrize(
    ("source", "step"),
    [
        (Status.IN_TRAINING, "ready_for_matching"),
        (Status.READY_FOR_MATCHING, "matched"),
        (Status.MATCHED, "active"),
        (Status.ACTIVE, "complete"),
    ],
)
def test_derived_states_have_no_generic_step(
    client_for, coordinator, town, programme, source, step
):
    group = SponsorGroupFactory(municipality=town, programme=programme, status=source)
    url = reverse("groups:transition", args=[group.pk, step])
    assert client_for(coordinator).post(url).status_code == 404
    group.refresh_from_db()
    assert group.status == source


@pytest.mark.parametrize(
    "source", [Status.IN_TRAINING, Status.READY_FOR_MATCHING, Status.MATCHED, Status.ACTIVE]
)
def test_page_offers_no_button_for_a_derived_state(
    client_for, coordinator, town, programme, source
):
    group = SponsorGroupFactory(municipality=town, programme=programme, status=source)
    response = client_for(coordinator).get(reverse("groups:detail", args=[group.pk]))
    assert response.context["next_step"] is None
    assert "/step/" not in response.content.decode()
    assert response.context["problems"]  # what the group waits for, in words


def test_timeline_states_come_from_transition_rows_not_audit_text(client_for, coordinator, group):
    from groups.machines import GROUP
    from sponsorship import audit
    from sponsorship import statemachine as sm

    # An old-style audit summary is not parsed into a state any more ...
    audit.record(audit.Action.TRANSITION, obj=group, summary="status: applied -> matched")
    # ... the row is what counts.
    sm.record(GROUP, group, "applied", "intake_planned", operation="plan_intake", actor=coordinator)
    response = client_for(coordinator).get(reverse("groups:detail", args=[group.pk]))
    entries = response.context["timeline"]
    assert [e.text for e in entries if e.is_transition] == ["Applied → Intake planned"]
    assert not any("matched" in e.text.lower() for e in entries)
