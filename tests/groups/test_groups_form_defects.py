"""Issue 12: a VOG must be recent, constraint messages are words, intakes are planned ahead."""

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from groups import services, vog
from groups.models import Intake, SponsorGroup
from tests.groups.factories import IntakeFactory, SponsorGroupFactory

Status = SponsorGroup.Status
pytestmark = pytest.mark.django_db


def _documents(client, member, issued, received):
    return client.post(
        reverse("groups:member_documents", args=[member.pk]),
        {
            "declaration_signed_on": timezone.localdate().isoformat(),
            "vog_issued_on": issued,
            "vog_received_on": received,
        },
    )


def test_a_vog_dated_2019_is_refused_next_to_its_field(client_for, coordinator, group):
    member = group.members.first()
    response = _documents(
        client_for(coordinator), member, "2019-05-01", timezone.localdate().isoformat()
    )
    assert response.status_code == 200
    assert "within 6 months of its date" in " ".join(
        response.context["form"].errors["vog_issued_on"]
    )
    member.refresh_from_db()
    assert member.vog_issued_on is None


def test_a_bad_date_pair_shows_words_next_to_the_field(client_for, coordinator, group):
    member = group.members.first()
    today = timezone.localdate()
    response = _documents(
        client_for(coordinator), member, today.isoformat(), (today - timedelta(days=2)).isoformat()
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Constraint" not in body and "group_member_vog_dates_ordered" not in body
    assert response.context["form"].errors["vog_received_on"] == [
        "The VOG cannot be received before its date."
    ]
    assert not response.context["form"].non_field_errors()


def test_approval_refuses_a_group_whose_vog_is_old(town, programme, coordinator):
    group = SponsorGroupFactory(
        municipality=town,
        programme=programme,
        status=Status.INTAKE_HELD,
        members=3,
        members__complete=True,
    )
    IntakeFactory(
        group=group,
        interviewer=coordinator,
        held_on=timezone.localdate(),
        outcome=Intake.Outcome.POSITIVE,
    )
    old = group.members.last()
    # Recorded before the rule existed (or imported): dated and received in 2019.
    type(old).objects.filter(pk=old.pk).update(
        vog_issued_on=date(2019, 3, 1), vog_received_on=date(2019, 3, 10)
    )
    problems = services.approval_problems(group)
    assert any(old.name in p and "ran out" in p for p in problems), problems
    with pytest.raises(ValidationError, match="ran out"):
        services.approve(group, coordinator)
    group.refresh_from_db()
    assert group.status == Status.INTAKE_HELD


def test_the_vog_periods_live_in_one_place():
    issued = date(2026, 1, 31)
    assert vog.fresh_at_receipt(issued, date(2026, 7, 31))
    assert not vog.fresh_at_receipt(issued, date(2026, 8, 1))
    assert vog.problem(issued, date(2026, 2, 1), date(2029, 1, 31)) is None
    assert vog.problem(issued, date(2026, 2, 1), date(2029, 2, 1))


@pytest.mark.parametrize("when", ["2020-03-01T19:30", "2031-03-01T19:30"])
def test_an_intake_in_the_past_or_years_away_is_refused(when, client_for, coordinator, group):
    response = client_for(coordinator).post(
        reverse("groups:plan_intake", args=[group.pk]),
        {"planned_at": when, "interviewer": coordinator.pk, "location": "Library"},
    )
    assert response.status_code == 200
    assert "planned_at" in response.context["form"].errors
    group.refresh_from_db()
    assert group.status == Status.APPLIED


# Constraints no form can reach: set by services from the portal's own values.
INTERNAL = {
    "matching_failed_run_has_reason",
    "matching_approved_has_allocation",
    "training_completion_confirmed_has_code",
    "training_completion_attendance_has_enrolment",
    "outbox_task_named",
}
# Background jobs and e-mail rows: written by the portal's own code only.
INTERNAL_PREFIXES = ("outbox_", "outgoing_mail_")


def test_every_check_constraint_a_user_can_hit_has_a_message():
    missing = []
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if not isinstance(constraint, models.CheckConstraint):
                continue
            name = constraint.name
            if name.endswith("_len") or name in INTERNAL or name.startswith(INTERNAL_PREFIXES):
                continue  # text limits: the forms' max_length speaks first
            if constraint.violation_error_message in (
                None,
                constraint.default_violation_error_message,
            ):
                missing.append(f"{model._meta.label}.{name}")
    assert missing == []
