"""Every lifecycle transition, its preconditions and its refusals."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from groups import extensions, machines, services
from groups.models import Intake, SponsorGroup
from sponsorship import statemachine as sm
from sponsorship.models import AuditEvent, Invitation
from tests.groups.factories import GroupMemberFactory, IntakeFactory, SponsorGroupFactory
from training.readiness import Readiness

Status = SponsorGroup.Status
pytestmark = pytest.mark.django_db


def _at(status, town, programme, **kwargs):
    return SponsorGroupFactory(municipality=town, programme=programme, status=status, **kwargs)


def _transitions(group):
    return list(
        AuditEvent.objects.filter(
            object_type="groups.sponsorgroup", object_id=str(group.pk), action="transition"
        ).values_list("summary", flat=True)
    )


def _held(group, coordinator, outcome=Intake.Outcome.POSITIVE):
    IntakeFactory(
        group=group, interviewer=coordinator, held_on=timezone.localdate(), outcome=outcome
    )


def test_plan_intake_moves_applied_group_and_audits(group, coordinator):
    when = timezone.now() + timedelta(days=5)
    intake = services.plan_intake(group, coordinator, planned_at=when, interviewer=coordinator)
    group.refresh_from_db()
    assert group.status == Status.INTAKE_PLANNED
    assert intake.planned_at == when
    assert _transitions(group) == ["group.plan_intake: applied -> intake_planned"]


def test_replanning_keeps_the_state_and_records_no_transition(group, coordinator):
    services.plan_intake(group, coordinator, planned_at=timezone.now(), interviewer=coordinator)
    later = timezone.now() + timedelta(days=9)
    services.plan_intake(group, coordinator, planned_at=later, interviewer=coordinator)
    assert Intake.objects.get(group=group).planned_at == later
    assert len(_transitions(group)) == 1


def test_plan_intake_refused_after_it_was_held(town, programme, coordinator):
    group = _at(Status.INTAKE_HELD, town, programme)
    with pytest.raises(ValidationError, match="before it was held"):
        services.plan_intake(group, coordinator, planned_at=timezone.now(), interviewer=coordinator)


def test_plan_intake_refuses_a_non_coordinator_interviewer(group, coordinator, group_member):
    with pytest.raises(ValidationError):
        services.plan_intake(
            group, coordinator, planned_at=timezone.now(), interviewer=group_member
        )
    group.refresh_from_db()
    assert group.status == Status.APPLIED


def test_record_intake_needs_a_plan(group, coordinator):
    with pytest.raises(ValidationError, match="Plan the intake"):
        services.record_intake(
            group, coordinator, held_on=timezone.localdate(), outcome="positive", notes={}
        )


def test_record_intake_refuses_a_future_date(town, programme, coordinator):
    group = _at(Status.INTAKE_PLANNED, town, programme)
    IntakeFactory(group=group, interviewer=coordinator)
    with pytest.raises(ValidationError):
        services.record_intake(
            group,
            coordinator,
            held_on=timezone.localdate() + timedelta(days=1),
            outcome="positive",
            notes={},
        )


def test_record_intake_moves_to_held_and_stores_notes(town, programme, coordinator):
    group = _at(Status.INTAKE_PLANNED, town, programme)
    IntakeFactory(group=group, interviewer=coordinator)
    services.record_intake(
        group,
        coordinator,
        held_on=timezone.localdate(),
        outcome="doubts",
        notes={"notes_capacity": "Evenings only"},
    )
    group.refresh_from_db()
    intake = Intake.objects.get(group=group)
    assert group.status == Status.INTAKE_HELD
    assert (intake.outcome, intake.notes_capacity) == ("doubts", "Evenings only")
    # The audit names the note fields, never their content.
    assert not AuditEvent.objects.filter(summary__contains="Evenings").exists()


def test_approval_refused_without_held_intake_declarations_and_vogs(town, programme, coordinator):
    group = _at(Status.INTAKE_HELD, town, programme, members=3)
    with pytest.raises(ValidationError) as exc:
        services.approve(group, coordinator)
    text = " ".join(exc.value.messages)
    assert "intake has not been held" in text
    assert text.count("participant declaration") == 3
    assert text.count("VOG") == 3
    group.refresh_from_db()
    assert group.status == Status.INTAKE_HELD


def test_approval_refused_when_one_member_lacks_the_vog(town, programme, coordinator):
    group = _at(Status.INTAKE_HELD, town, programme, members=3, members__complete=True)
    _held(group, coordinator)
    missing = group.members.last()
    missing.vog_received_on = missing.vog_issued_on = None
    missing.save()
    with pytest.raises(ValidationError) as exc:
        services.approve(group, coordinator)
    assert exc.value.messages == [
        f"No certificate of conduct (VOG, with its date) received for {missing.name}."
    ]


def test_approval_refused_after_a_negative_intake(town, programme, coordinator):
    group = _at(Status.INTAKE_HELD, town, programme, members=3, members__complete=True)
    _held(group, coordinator, outcome=Intake.Outcome.NEGATIVE)
    with pytest.raises(ValidationError, match="negative"):
        services.approve(group, coordinator)


def test_approval_refused_below_the_minimum_group_size(town, programme, coordinator):
    group = _at(Status.INTAKE_HELD, town, programme, members=2, members__complete=True)
    _held(group, coordinator)
    with pytest.raises(ValidationError, match="at least 3"):
        services.approve(group, coordinator)


def test_approval_refused_from_the_wrong_state(town, programme, coordinator):
    group = _at(Status.INTAKE_PLANNED, town, programme, members=3, members__complete=True)
    _held(group, coordinator)
    with pytest.raises(ValidationError, match="cannot become"):
        services.approve(group, coordinator)


def test_approval_invites_every_member(town, programme, coordinator, mailoutbox, run_jobs):
    group = _at(Status.INTAKE_HELD, town, programme, members=3, members__complete=True)
    _held(group, coordinator)
    services.approve(group, coordinator)
    run_jobs()
    group.refresh_from_db()
    assert group.status == Status.APPROVED
    emails = set(group.members.values_list("email", flat=True))
    assert set(Invitation.objects.values_list("email", flat=True)) == emails
    assert {m.to[0] for m in mailoutbox} == emails
    assert all(group.members.values_list("invited_at", flat=True))
    assert _transitions(group) == ["group.approve: intake_held -> approved"]


def test_accepting_the_invitation_links_the_member_account(town, programme, coordinator):
    from sponsorship.services import accept_invitation

    group = _at(Status.INTAKE_HELD, town, programme, members=3, members__complete=True)
    _held(group, coordinator)
    services.approve(group, coordinator)
    member = group.members.first()
    invitation = Invitation.objects.get(email=member.email)
    user = accept_invitation(invitation, password="a-Long-passw0rd", first_name="A", last_name="B")
    member.refresh_from_db()
    assert member.user == user
    assert user.is_group_member
    assert SponsorGroup.objects.visible_to(user).get() == group


def test_start_training_only_from_approved(town, programme, coordinator):
    group = _at(Status.APPROVED, town, programme)
    services.start_training(group, coordinator)
    assert group.status == Status.IN_TRAINING
    with pytest.raises(ValidationError):
        services.start_training(group, coordinator)


def test_ready_for_matching_refused_with_the_training_reasons(
    town, programme, coordinator, monkeypatch
):
    monkeypatch.setattr(
        extensions,
        "_readiness",
        [lambda g: Readiness(False, ["start training: 2 members missing"])],
    )
    group = _at(Status.IN_TRAINING, town, programme)
    with pytest.raises(ValidationError, match="start training: 2 members missing"):
        services.mark_ready_for_matching(group, coordinator)
    group.refresh_from_db()
    assert group.status == Status.IN_TRAINING


def test_ready_for_matching_refused_without_training_data(town, programme, coordinator):
    # Whatever training/readiness.py says, an empty group history is never ready.
    group = _at(Status.IN_TRAINING, town, programme, members=3)
    with pytest.raises(ValidationError, match="training requirement is not met"):
        services.mark_ready_for_matching(group, coordinator)


def test_ready_for_matching_when_training_reports_ready(town, programme, coordinator, monkeypatch):
    monkeypatch.setattr(extensions, "_readiness", [lambda g: Readiness(True, [])])
    group = _at(Status.IN_TRAINING, town, programme)
    services.mark_ready_for_matching(group, coordinator)
    assert group.status == Status.READY_FOR_MATCHING


@pytest.mark.parametrize(
    ("function", "operation", "source", "target"),
    [
        (services.mark_matched, "match", Status.READY_FOR_MATCHING, Status.MATCHED),
        (services.mark_active, "arrive", Status.MATCHED, Status.ACTIVE),
        (services.complete, "complete", Status.ACTIVE, Status.COMPLETED),
    ],
)
def test_later_steps_move_forward_one_state(
    function, operation, source, target, town, programme, coordinator
):
    group = _at(source, town, programme)
    function(group, coordinator)
    assert group.status == target
    assert _transitions(group) == [f"group.{operation}: {source} -> {target}"]
    (row,) = sm.history(group)
    assert (row.from_state, row.to_state, row.operation, row.actor) == (
        source,
        target,
        operation,
        coordinator,
    )


@pytest.mark.parametrize(
    ("function", "wrong_source"),
    [
        (services.mark_matched, Status.IN_TRAINING),
        (services.mark_active, Status.READY_FOR_MATCHING),
        (services.complete, Status.MATCHED),
    ],
)
def test_later_steps_refuse_skipping(function, wrong_source, town, programme, coordinator):
    group = _at(wrong_source, town, programme)
    with pytest.raises(ValidationError, match="cannot become"):
        function(group, coordinator)
    assert _transitions(group) == []


@pytest.mark.parametrize("source", sorted(SponsorGroup.OPEN_STATES))
@pytest.mark.parametrize("close", [services.withdraw, services.reject])
def test_withdraw_and_reject_from_every_open_state(source, close, town, programme, coordinator):
    group = _at(source, town, programme)
    close(group, coordinator, reason="Moved away")
    assert group.status in (Status.WITHDRAWN, Status.REJECTED)
    assert group.closing_reason == "Moved away"
    # The reason is kept on the transition row (retention reaches it), never in the audit.
    assert sm.history(group).get().reason == "Moved away"
    assert _transitions(group) == [f"group.{close.__name__}: {source} -> {group.status}"]


@pytest.mark.parametrize("source", sorted(SponsorGroup.CLOSED_STATES))
def test_closed_groups_cannot_be_closed_again(source, town, programme, coordinator):
    group = _at(source, town, programme, closing_reason="x")
    with pytest.raises(ValidationError, match="cannot become"):
        services.reject(group, coordinator, reason="again")


def test_closing_needs_a_reason(group, coordinator):
    with pytest.raises(ValidationError, match="reason"):
        services.withdraw(group, coordinator, reason="  ")
    group.refresh_from_db()
    assert group.status == Status.APPLIED


def test_record_documents_refuses_inconsistent_dates(group, coordinator):
    member = group.members.first()
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.record_documents(
            member,
            coordinator,
            declaration_signed_on=today + timedelta(days=1),
            vog_issued_on=today,
            vog_received_on=today - timedelta(days=1),
        )
    assert set(exc.value.message_dict) == {"declaration_signed_on", "vog_received_on"}
    with pytest.raises(ValidationError, match="both"):
        services.record_documents(
            member,
            coordinator,
            declaration_signed_on=None,
            vog_issued_on=today,
            vog_received_on=None,
        )


def test_refresh_languages_uses_active_members_only(group):
    GroupMemberFactory(group=group, languages={"ar": "fluent"})
    GroupMemberFactory(group=group, languages={"ti": "basic"}, active=False)
    services.refresh_languages(group)
    assert group.languages == ["ar", "nl"]


@pytest.mark.django_db
def test_return_to_matching_only_from_matched(coordinator):
    from groups import services as group_services

    group = SponsorGroupFactory(status=SponsorGroup.Status.MATCHED)
    group_services.return_to_matching(group, coordinator)
    group.refresh_from_db()
    assert group.status == SponsorGroup.Status.READY_FOR_MATCHING
    with pytest.raises(ValidationError):
        group_services.return_to_matching(group, coordinator)


def test_wrong_state_moves_are_refused_with_a_readable_reason(town, programme, coordinator):
    group = _at(Status.APPROVED, town, programme)
    with pytest.raises(ValidationError) as exc:
        services.mark_matched(group, coordinator)
    assert exc.value.messages == ["Something that is “Approved” cannot become “Matched” this way."]
    assert machines.GROUP.refusals(group, "arrive") == [
        "Something that is “Approved” cannot become “Active (newcomer arrived)” this way."
    ]
    assert not sm.history(group).exists()


def test_only_decisions_are_manual_moves():
    manual = {m.operation for m in machines.GROUP.moves if m.manual}
    assert manual == {
        "plan_intake",
        "record_intake",
        "approve",
        "start_training",
        "withdraw",
        "reject",
    }
    assert set(services.MANUAL_STEPS) <= manual
