"""seed_demo leaves a finished run with proposals in every state, made by the services."""

from datetime import date

import pytest
from django.core.management import call_command

from groups.models import SponsorGroup
from housing.models import HousingOffer
from matching.models import MatchingRun, MatchProposal, UnmatchedHousehold


@pytest.mark.django_db
def test_demo_has_a_finished_run_with_proposals_in_every_state():
    call_command("seed_demo", today=date(2026, 3, 15))
    run = MatchingRun.objects.get()
    assert run.status == MatchingRun.Status.SUCCEEDED and run.objective > 0
    assert set(MatchProposal.objects.values_list("status", flat=True)) == set(MatchProposal.Status)
    assert UnmatchedHousehold.objects.filter(run=run).exists()
    approved = MatchProposal.objects.get(status=MatchProposal.Status.APPROVED)
    assert approved.allocation.offer.status == HousingOffer.Status.ALLOCATED
    assert approved.group.status == SponsorGroup.Status.MATCHED
    assert approved.meetings.exists()
    declined = MatchProposal.objects.get(status=MatchProposal.Status.DECLINED)
    assert declined.group.status == SponsorGroup.Status.READY_FOR_MATCHING
