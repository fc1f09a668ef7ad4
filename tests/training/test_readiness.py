"""The readiness gate: the pure rule, then the same rule over the database."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from groups import services as group_services
from groups.models import SponsorGroup
from sponsorship.dates import add_months
from tests.training.factories import TrainingModuleFactory, completion
from training.models import TrainingModule
from training.readiness import (
    MemberRecord,
    Requirement,
    evaluate,
    group_readiness,
)

TODAY = date(2026, 5, 15)
START = Requirement(1, "Start training", every_member=True)
INFO = Requirement(2, "Information session", every_member=False, min_members=2)


def _members(*completed):
    return [MemberRecord(i, f"Member {i}", c) for i, c in enumerate(completed)]


# --- the pure rule ---------------------------------------------------------------------


def test_every_member_requirement_met_when_all_completed():
    result = evaluate([START], _members({1: TODAY}, {1: TODAY}), TODAY)
    assert result.ready and result.missing == []


def test_every_member_requirement_names_who_is_missing():
    result = evaluate([START], _members({1: TODAY}, {}), TODAY)
    assert not result.ready
    assert result.missing == ["Start training: not completed by Member 1"]
    result = evaluate([START], _members({}, {}), TODAY)
    assert result.missing == ["Start training: no member has completed it yet"]


def test_at_least_n_counts_members():
    assert evaluate([INFO], _members({2: TODAY}, {2: TODAY}, {}), TODAY).ready
    result = evaluate([INFO], _members({2: TODAY}, {}, {}), TODAY)
    assert result.missing == ["Information session: 1 of the required 2 members completed it"]


def test_expired_completion_does_not_count():
    yearly = Requirement(1, "Trauma", every_member=True, validity_months=12)
    members = _members({1: date(2025, 5, 15)}, {1: date(2025, 5, 16)})
    result = evaluate([yearly], members, TODAY)
    # Valid up to and including the day before the anniversary.
    assert result.missing == ["Trauma: expired for Member 0"]


def test_expired_completions_lower_the_at_least_n_count():
    rule = Requirement(2, "Info", every_member=False, min_members=1, validity_months=6)
    assert not evaluate([rule], _members({2: date(2025, 11, 1)}), TODAY).ready
    assert evaluate([rule], _members({2: date(2025, 11, 16)}), TODAY).ready


def test_every_requirement_is_checked():
    result = evaluate([START, INFO], _members({1: TODAY}, {1: TODAY}), TODAY)
    assert not result.ready
    assert len(result.missing) == 1 and result.missing[0].startswith("Information session")


def test_no_curriculum_or_no_members_is_never_ready():
    assert not evaluate([], _members({}), TODAY).ready
    assert not evaluate([START], [], TODAY).ready


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 5, 15), 24, date(2028, 5, 15)),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


# --- over the database -----------------------------------------------------------------


@pytest.mark.django_db
def test_group_readiness_over_the_database(training_group, programme, module):
    info = TrainingModuleFactory(
        programme=programme, code="coa-info", scope=TrainingModule.Scope.AT_LEAST_N, min_members=1
    )
    TrainingModuleFactory(programme=programme, code="optional", required=False)
    members = list(training_group.members.all())
    for member in members:
        completion(member, module)
    assert group_readiness(training_group).missing == [
        f"{info.name}: 0 of the required 1 members completed it"
    ]
    completion(members[0], info)
    assert group_readiness(training_group).ready


@pytest.mark.django_db
def test_unconfirmed_reports_and_former_members_are_ignored(training_group, module):
    first, second, third = training_group.members.all()
    completion(first, module)
    completion(second, module)
    module.completions.create(
        member=third, completed_on=timezone.localdate(), source="e_learning"
    )  # reported, not confirmed
    assert not group_readiness(training_group).ready
    third.active = False
    third.save()
    assert group_readiness(training_group).ready


@pytest.mark.django_db
def test_an_expired_completion_is_renewed_by_a_newer_one(training_group, module):
    module.validity_months = 12
    module.save()
    long_ago = timezone.localdate() - timedelta(days=500)
    for member in training_group.members.all():
        completion(member, module, completed_on=long_ago)
    assert not group_readiness(training_group).ready
    for member in training_group.members.all():
        completion(member, module)
    assert group_readiness(training_group).ready


@pytest.mark.django_db
def test_readiness_takes_three_queries(training_group, module, django_assert_num_queries):
    for member in training_group.members.all():
        completion(member, module)
    with django_assert_num_queries(3):
        group_readiness(training_group)


@pytest.mark.django_db
def test_the_groups_transition_uses_the_gate(training_group, module, coordinator):
    with pytest.raises(ValidationError, match="no member has completed it yet"):
        group_services.mark_ready_for_matching(training_group, coordinator)
    for member in training_group.members.all():
        completion(member, module)
    group_services.mark_ready_for_matching(training_group, coordinator)
    assert training_group.status == SponsorGroup.Status.READY_FOR_MATCHING
