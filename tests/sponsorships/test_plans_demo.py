"""seed_demo on an empty database: plans in every state and running sponsorships with
check-ins, made (where the flow allows) by the services."""

from datetime import date

import pytest
from django.core.management import call_command

from sponsorships.models import ResettlementPlan, Sponsorship
from sponsorships.monitoring_models import CheckIn

TODAY = date(2026, 3, 15)
P = ResettlementPlan.Status


@pytest.mark.django_db
def test_demo_has_plans_in_every_state_and_an_active_sponsorship_with_checkins():
    assert not Sponsorship.objects.exists()
    call_command("seed_demo", today=TODAY)
    assert set(ResettlementPlan.objects.values_list("status", flat=True)) == set(P.values)
    # Reviewed plans went through the real flow: versions, and comments when returned.
    returned = ResettlementPlan.objects.filter(status=P.RETURNED).first()
    assert returned.versions.exists()
    assert any(v.comments.exists() for v in returned.versions.all())
    assert ResettlementPlan.objects.filter(status=P.SUBMITTED).first().versions.exists()
    active = Sponsorship.objects.filter(status=Sponsorship.Status.ACTIVE)
    assert active.exists()
    with_checkins = active.filter(checkins__isnull=False).distinct()
    assert with_checkins.exists()
    for sponsorship in with_checkins:
        assert sponsorship.arrival_date and sponsorship.arrival_date <= TODAY
        assert sponsorship.ends_on > sponsorship.arrival_date
        assert sponsorship.group.status == "active"
        assert sponsorship.household.status in ("arrived", "in_sponsorship")
    assert not CheckIn.objects.filter(held_on__gt=TODAY).exists()


@pytest.mark.django_db
def test_demo_plans_have_their_versions():
    call_command("seed_demo")
    for plan in ResettlementPlan.objects.exclude(status="draft"):
        assert plan.versions.count() == plan.version_count >= 1, plan
