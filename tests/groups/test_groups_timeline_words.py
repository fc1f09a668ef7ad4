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
    services.record_documents(member, coordinator, declaration_signed_on=today,
                              vog_issued_on=today, vog_received_on=today)
    texts = [entry.text for entry in timeline(group)]
    assert f"Updated: declaration and VOG of {member.name}" in texts, texts
    assert not any("of member" in text for text in texts)


def test_timeline_keeps_an_unknown_summary_and_names_a_gone_member(group, coordinator):
    from sponsorship import audit

    audit.record(audit.Action.UPDATE, actor=coordinator, obj=group, summary="something else")
    audit.record(audit.Action.UPDATE, actor=coordinator, obj=group,
                 summary="documents of member 999999")
    texts = [entry.text for entry in timeline(group)]
    assert "Updated: something else" in texts
    assert "Updated: declaration and VOG of a member" in texts
