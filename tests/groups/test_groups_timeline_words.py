"""The group timeline and plan tasks read in words (issue 12)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from groups import services
from groups.timeline import timeline

pytestmark = pytest.mark.django_db


def test_timeline_names_the_member_whose_documents_were_recorded(group, coordinator):
    member = group.members.first()
    today = timezone.localdate()
    services.record_documents(
        member, coordinator, declaration_signed_on=today, vog_issued_on=today, vog_received_on=today
    )
    texts = [entry.text for entry in timeline(group)]
    assert f"Updated: declaration and VOG of {member.name}" in texts, texts
    assert not any("of member" in text for text in texts)


def test_timeline_keeps_an_unknown_summary_and_names_a_gone_member(group, coordinator):
    from sponsorship import audit

    audit.record(audit.Action.UPDATE, actor=coordinator, obj=group, summary="something else")
    audit.record(
        audit.Action.UPDATE, actor=coordinator, obj=group, summary="documents of member 999999"
    )
    texts = [entry.text for entry in timeline(group)]
    assert "Updated: something else" in texts
    assert "Updated: declaration and VOG of a member" in texts


def test_plan_tasks_made_in_dutch_read_in_english_with_days_before_arrival(
    town, programme, group_member, coordinator, client_for
):
    from django.urls import reverse
    from django.utils import translation

    from tests.sponsorships import plan_helpers

    with translation.override("nl"):  # the deployed default: the template is made in Dutch
        sponsorship = plan_helpers.make_sponsorship(
            town, programme, user=group_member, actor=coordinator
        )
    url = reverse("sponsorships:plan", args=[sponsorship.plan.pk])
    english = client_for(group_member).get(url, headers={"accept-language": "en"})
    content = english.content.decode()
    assert "First meeting with social counselling" in content
    assert "14 days before arrival" in content and "+ -14" not in content
    dutch = client_for(group_member).get(url, headers={"accept-language": "nl"})
    assert "Open a bank account" not in dutch.content.decode()
