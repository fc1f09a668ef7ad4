"""The group's match page and the proposal export read in words, not codes (issue 12)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from matching.models import MatchProposal
from newcomers.models import HouseholdMember
from tests.matching.test_matching_support import cleared_household, home, proposal, ready_group

pytestmark = pytest.mark.django_db
DUTCH = {"accept-language": "nl"}


def _approved(town, programme, group_member):
    group = ready_group(town, programme, contact_user=group_member)
    household = cleared_household(
        town, programme, languages=["ar"], language_levels={"ar": "native"}, interests=["cooking"]
    )
    HouseholdMember.objects.create(household=household, relation="partner", age_band="30-49")
    return proposal(household, group, home(town), status=MatchProposal.Status.APPROVED)


def test_match_page_names_languages_levels_and_members(client_for, group_member, town, programme):
    approved = _approved(town, programme, group_member)
    url = reverse("matching:my_match", args=[approved.pk])
    content = client_for(group_member).get(url, headers=DUTCH).content.decode()
    assert "Arabisch (moedertaal)" in content
    assert "Partner (30–49 jaar)" in content
    assert "Koken" in content
    assert "ar (native)" not in content and "partner (30-49)" not in content
    english = client_for(group_member).get(url, headers={"accept-language": "en"})
    assert "Arabic (native)" in english.content.decode()


def test_proposal_export_states_in_words(client_for, coordinator, town, programme, group_member):
    _approved(town, programme, group_member)
    response = client_for(coordinator).get(
        reverse("matching:proposal_list"), {"format": "csv"}, headers=DUTCH
    )
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["status"] for row in rows] == ["Goedgekeurd door de gemeente"], rows


def test_a_failed_run_says_why_in_the_page_language(client_for, coordinator, town, programme):
    from datetime import UTC, datetime

    from matching import runs
    from matching.models import MatchingRun

    ready_group(town, programme)
    cleared_household(town, programme)
    run = runs.start_run(coordinator, programme, [town])
    assert runs.claim(run.pk)
    MatchingRun.objects.filter(pk=run.pk).update(
        heartbeat_at=datetime(2020, 11, 27, 13, 30, tzinfo=UTC)
    )
    content = (
        client_for(coordinator).get(reverse("matching:run_detail", args=[run.pk])).content.decode()
    )
    assert "the worker stopped responding (no sign of life since Fri 27 Nov 2020, 14:30)" in content
    run.refresh_from_db()
    assert run.result["failure"]["code"] == "no_heartbeat"
    assert run.failure_reason.startswith("worker stopped responding")  # the English record


def test_criteria_labels_start_upper_case(coordinator, town, programme):
    from matching.texts import criteria_for

    household = cleared_household(town, programme)
    rows = [
        {"criterion": "distance", "score": 1.0, "weight": 1.0, "points": 1.0, "text": "x"},
        {"criterion": "housing_fit", "score": 1.0, "weight": 1.0, "points": 1.0, "text": "x"},
    ]
    assert [c["label"] for c in criteria_for(coordinator, household, rows)] == [
        "Distance",
        "Housing fit",
    ]
