"""The home page's queue per role: what waits, how many, how long, where to go; scoped by
visible_to; and a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from groups import vog
from groups.models import GroupMember, SponsorGroup
from matching.models import MatchProposal
from sponsorship import queue
from sponsorship.dates import add_months
from sponsorships.monitoring_models import Signal
from sponsorships.plan_models import ResettlementPlan
from tests.groups.factories import GroupMemberFactory, SponsorGroupFactory
from tests.matching.test_matching_support import cleared_household, home, proposal, ready_group
from tests.sponsorships.plan_helpers import make_sponsorship
from tests.training.factories import TrainingModuleFactory, completion
from training.models import Completion, TrainingModule

pytestmark = pytest.mark.django_db
S = MatchProposal.Status


def _queue(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    for template, panel in response.context["panels"]:
        if template == "sponsorship/panels/queue.html":
            return {item.key: item for item in panel["items"]}, response.content.decode()
    raise AssertionError("no queue panel on the home page")


def _age(days):
    return timezone.now() - timedelta(days=days)


# --- coordinators ------------------------------------------------------------------------


def test_applications_without_intake_with_age_and_link(
    client_for, coordinator, other_coordinator, town, other_town, programme
):
    old = SponsorGroupFactory(municipality=town, programme=programme, name="Buren")
    SponsorGroupFactory(municipality=town, programme=programme)
    SponsorGroup.objects.filter(pk=old.pk).update(created_at=_age(6))
    SponsorGroupFactory(
        municipality=town, programme=programme, status=SponsorGroup.Status.INTAKE_PLANNED
    )
    SponsorGroupFactory(municipality=other_town, programme=programme)
    items, html = _queue(client_for(coordinator))
    item = items["applications"]
    assert item.count == 2 and item.age == "waiting 6 days"
    assert item.url == reverse("groups:list") + "?status=applied"
    assert item.entries[0].label == "Buren"
    assert item.entries[0].url == reverse("groups:detail", args=[old.pk])
    assert "Applications without an intake" in html and "waiting 6 days" in html
    # The other partner's coordinator sees only the application in their own town.
    assert _queue(client_for(other_coordinator))[0]["applications"].count == 1


def test_urgent_signals_and_plans_to_review_come_first(
    client_for, coordinator, other_coordinator, town, other_town, programme
):
    s = make_sponsorship(town, programme, actor=coordinator)
    Signal.objects.create(sponsorship=s, category="housing", severity="urgent", description="Mould")
    Signal.objects.create(
        sponsorship=s, category="income", severity="medium", description="Late benefits"
    )
    Signal.objects.create(
        sponsorship=s,
        category="income",
        severity="urgent",
        description="Solved",
        resolved_at=timezone.now(),
    )
    ResettlementPlan.objects.filter(sponsorship=s).update(status="submitted", submitted_at=_age(2))
    foreign = make_sponsorship(other_town, programme, actor=coordinator)
    Signal.objects.create(
        sponsorship=foreign, category="health", severity="urgent", description="x"
    )
    SponsorGroupFactory(municipality=town, programme=programme)
    items, html = _queue(client_for(coordinator))
    assert list(items)[0] == "urgent_signals" and items["urgent_signals"].urgent
    assert items["urgent_signals"].count == 1
    assert items["urgent_signals"].entries[0].url == reverse(
        "sponsorships:sponsorship", args=[s.pk]
    )
    assert items["signals"].count == 1
    plans = items["plans"]
    assert plans.count == 1 and plans.age == "waiting 2 days"
    assert plans.entries[0].url == reverse("sponsorships:plan_review", args=[s.plan.pk])
    assert "Mould" not in html
    other = _queue(client_for(other_coordinator))[0]
    assert other["urgent_signals"].count == 1 and "plans" not in other


def test_reports_and_expiries(client_for, coordinator, town, programme):
    today = timezone.localdate()
    group = SponsorGroupFactory(
        municipality=town, programme=programme, members=2, status=SponsorGroup.Status.IN_TRAINING
    )
    first, second = group.members.all()
    e_learning = TrainingModuleFactory(
        programme=programme, kind=TrainingModule.Kind.E_LEARNING, validity_months=12
    )
    Completion.objects.create(
        member=first, module=e_learning, completed_on=today, source=Completion.Source.E_LEARNING
    )
    # Confirmed 11 months and 20 days ago: runs out in about ten days.
    completion(second, e_learning, completed_on=add_months(today, -12) + timedelta(days=10))
    # An older completion renewed since does not count as running out.
    renewed = TrainingModuleFactory(programme=programme, validity_months=12)
    completion(first, renewed, completed_on=add_months(today, -13))
    completion(first, renewed, completed_on=today)
    applied = SponsorGroupFactory(municipality=town, programme=programme, members=1)
    GroupMember.objects.filter(group=applied).update(
        vog_issued_on=add_months(today, -vog.VOG_VALID_MONTHS) + timedelta(days=5),
        vog_received_on=today,
    )
    items, _html = _queue(client_for(coordinator))
    assert items["reports"].count == 1 and items["reports"].url == reverse("training:reports")
    assert items["trainings"].count == 1 and items["trainings"].age == "expires in 10 days"
    assert items["vogs"].count == 1 and items["vogs"].age == "expires in 5 days"
    assert items["vogs"].due


def test_proposals_waiting_for_the_coordinator(client_for, coordinator, town, programme):
    group = ready_group(town, programme)
    proposal(cleared_household(town, programme), group, home(town))
    proposal(cleared_household(town, programme), group, home(town), status=S.SENT)
    items, _html = _queue(client_for(coordinator))
    assert items["proposals"].count == 1
    assert "status=proposed" in items["proposals"].url


# --- municipal staff -----------------------------------------------------------------------


def test_municipal_decisions_pending_with_age(
    client_for, municipal_officer, other_municipal_officer, town, programme
):
    group = ready_group(town, programme)
    sent = proposal(cleared_household(town, programme), group, home(town), status=S.SENT)
    MatchProposal.objects.filter(pk=sent.pk).update(sent_at=_age(6))
    proposal(cleared_household(town, programme), group, home(town))  # not sent yet
    items, html = _queue(client_for(municipal_officer))
    item = items["decisions"]
    assert item.count == 1 and item.age == "waiting 6 days"
    assert item.url == reverse("matching:proposal_list") + "?status=sent"
    assert item.entries[0].url == reverse("matching:dossier", args=[sent.pk])
    assert sent.household.pseudonym in html
    assert "decisions" not in _queue(client_for(other_municipal_officer))[0]


# --- group members ---------------------------------------------------------------------------


def test_member_sees_next_steps_training_and_match(client_for, group_member, town, programme):
    group = SponsorGroupFactory(
        municipality=town, programme=programme, members=2, status=SponsorGroup.Status.IN_TRAINING
    )
    GroupMemberFactory(group=group, user=group_member, email=group_member.email)
    TrainingModuleFactory(programme=programme, name_en="Start training")
    items, html = _queue(client_for(group_member))
    steps = items[f"group_steps_{group.pk}"]
    assert steps.url == reverse("groups:workspace_detail", args=[group.pk])
    assert steps.count >= 3  # declarations, VOGs, training, ...
    assert steps.entries[0].label == "Next: Participant declaration signed by every member"
    assert items["my_training"].count == 1 and "Start training" in html
    SponsorGroup.objects.filter(pk=group.pk).update(status=SponsorGroup.Status.READY_FOR_MATCHING)
    offer = home(town)
    proposal(
        cleared_household(town, programme), group, offer, status=S.APPROVED, decided_at=_age(1)
    )
    items, _html = _queue(client_for(group_member))
    assert items["match_to_confirm"].count == 1 and "my_training" not in items


def test_member_plan_to_write(client_for, group_member, town, programme, coordinator):
    s = make_sponsorship(town, programme, user=group_member, actor=coordinator)
    items, _html = _queue(client_for(group_member))
    assert items["plan_to_write"].entries[0].url == reverse("sponsorships:plan", args=[s.plan.pk])


def test_empty_queue_says_so(client_for, coordinator):
    items, html = _queue(client_for(coordinator))
    assert not items and "Nothing waits for you right now." in html


def test_age_texts():
    today = timezone.localdate()
    assert queue.waiting_text(today, today) == "waiting since today"
    assert queue.waiting_text(today - timedelta(days=1), today) == "waiting 1 day"
    assert queue.due_text(today, today) == "expires today"
    assert queue.due_text(today - timedelta(days=3), today) == "expired 3 days ago"
    assert queue.due_text(today + timedelta(days=1), today) == "expires in 1 day"
    assert queue.waiting_text(None, today) == queue.due_text(None, today) == ""


# --- query budget: 5 rows or 50, the same number of queries ----------------------------------


def _coordinator_world(n, town, programme, coordinator):
    module = TrainingModuleFactory(
        programme=programme, kind=TrainingModule.Kind.E_LEARNING, validity_months=1
    )
    group = SponsorGroupFactory(
        municipality=town, programme=programme, members=n, status=SponsorGroup.Status.IN_TRAINING
    )
    today = timezone.localdate()
    for member in group.members.all():
        Completion.objects.create(
            member=member, module=module, completed_on=today, source=Completion.Source.E_LEARNING
        )
        completion(
            member,
            TrainingModuleFactory(programme=programme, validity_months=1),
            completed_on=today - timedelta(days=20),
        )
    for _i in range(n):
        SponsorGroupFactory(
            municipality=town,
            programme=programme,
            members=1,
            members__vog_issued_on=add_months(today, -vog.VOG_VALID_MONTHS),
            members__vog_received_on=today,
        )
    s = make_sponsorship(town, programme, actor=coordinator, members=1)
    Signal.objects.bulk_create(
        [
            Signal(sponsorship=s, category="housing", severity=severity, description="x")
            for _i in range(n)
            for severity in ("urgent", "low")
        ]
    )
    ResettlementPlan.objects.filter(sponsorship=s).update(
        status="submitted", submitted_at=timezone.now()
    )
    ready = ready_group(town, programme)
    for _i in range(n):
        proposal(cleared_household(town, programme), ready, home(town))


def _queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(60) as captured:
        assert client.get(reverse("home")).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("role", ["coordinator", "municipal", "member"])
def test_home_query_count_does_not_grow(
    role,
    client_for,
    coordinator,
    municipal_officer,
    group_member,
    town,
    programme,
    django_assert_max_num_queries,
):
    counts = []
    user = {"coordinator": coordinator, "municipal": municipal_officer, "member": group_member}[
        role
    ]
    client = client_for(user)
    group = SponsorGroupFactory(
        municipality=town, programme=programme, status=SponsorGroup.Status.IN_TRAINING
    )
    GroupMemberFactory(group=group, user=group_member, email=group_member.email)
    TrainingModuleFactory(programme=programme)
    for n in (5, 45):  # 5 rows of each kind, then 50
        if role == "coordinator":
            _coordinator_world(n, town, programme, coordinator)
        elif role == "municipal":
            ready = ready_group(town, programme)
            for _i in range(n):
                proposal(cleared_household(town, programme), ready, home(town), status=S.SENT)
        else:
            for _i in range(n):
                GroupMemberFactory(group=group)
        counts.append(_queries(client, django_assert_max_num_queries))
    assert counts[0] == counts[1]
    items, _html = _queue(client)
    expected = {
        "coordinator": "applications",
        "municipal": "decisions",
        "member": f"group_steps_{group.pk}",
    }[role]
    # Members: the count is of open steps, not of rows.
    assert items[expected].count >= 1 if role == "member" else items[expected].count == 50
