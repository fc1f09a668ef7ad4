"""Starting a sponsorship (the matching contract) and its plan from the template."""

import pytest
from django.core.exceptions import ValidationError

from sponsorships.models import PlanTemplate, PlanVersion, ResettlementPlan, Sponsorship
from sponsorships.plan_models import Domain
from sponsorships.plan_template import DEFAULT_TASKS
from sponsorships.services import start_sponsorship
from tests.groups.factories import SponsorGroupFactory
from tests.matching.test_matching_support import home, proposal
from tests.newcomers.factories import HouseholdFactory
from tests.sponsorships import plan_helpers
from tests.sponsorships.plan_helpers import make_sponsorship

pytestmark = pytest.mark.django_db
sponsorship = plan_helpers.sponsorship


def test_start_creates_a_draft_plan_with_every_domain_and_the_template_tasks(sponsorship):
    plan = sponsorship.plan
    assert plan.status == ResettlementPlan.Status.DRAFT
    assert sorted(plan.sections.values_list("domain", flat=True)) == sorted(Domain.values)
    titles = {t.title for s in plan.sections.all() for t in s.tasks.all()}
    assert titles == {str(title) for _d, title, _r, _o in DEFAULT_TASKS}
    assert sponsorship.status == Sponsorship.Status.PRE_ARRIVAL
    # Expected arrival 2027-03-15 plus the programme's 12 months.
    assert str(sponsorship.ends_on) == "2028-03-15"


def test_member_tasks_go_to_the_contact_member_until_the_group_divides_them(sponsorship):
    contact = sponsorship.group.members.get(is_contact=True)
    tasks = [
        t
        for s in sponsorship.plan.sections.all()
        for t in s.tasks.all()
        if t.responsible == "member"
    ]
    assert tasks and all(t.member_id == contact.pk for t in tasks)


def test_start_is_idempotent_per_group_and_household(sponsorship, coordinator, town):
    match = proposal(sponsorship.household, sponsorship.group, home(town), status="confirmed")
    again = start_sponsorship(
        coordinator, group=sponsorship.group, household=sponsorship.household, proposal=match.pk
    )
    assert again.pk == sponsorship.pk
    again.refresh_from_db()
    assert again.proposal == match
    assert Sponsorship.objects.count() == 1
    assert ResettlementPlan.objects.count() == 1


def test_a_household_has_one_open_sponsorship(sponsorship, town, programme, coordinator):
    other = SponsorGroupFactory(municipality=town, programme=programme, members=3)
    with pytest.raises(ValidationError):
        start_sponsorship(coordinator, group=other, household=sponsorship.household)


def test_template_is_created_once_per_programme_and_editable(town, programme, coordinator):
    make_sponsorship(town, programme, actor=coordinator)
    template = PlanTemplate.objects.get(programme=programme)
    template.tasks.all().delete()
    template.tasks.create(domain="housing", title="Only this", responsible="household")
    second = make_sponsorship(town, programme, actor=coordinator)
    assert [t.title for s in second.plan.sections.all() for t in s.tasks.all()] == ["Only this"]
    assert PlanVersion.objects.count() == 0


def test_start_accepts_a_proposal_object(town, programme, coordinator):
    group = SponsorGroupFactory(municipality=town, programme=programme, members=3)
    household = HouseholdFactory(programme=programme, municipality=town)
    match = proposal(household, group, home(town), status="confirmed")
    started = start_sponsorship(coordinator, group=group, household=household, proposal=match)
    assert started.proposal_id == match.pk
