"""Matching pages: happy paths, bad input, wrong role, outsiders, sensitive data, queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from matching import runs
from matching.models import MatchingRun, MatchProposal
from newcomers.models import CaseAccess
from sponsorship.models import AuditEvent
from tests.matching.test_matching_support import (
    cleared_household,
    home,
    proposal,
    ready_group,
)

pytestmark = pytest.mark.django_db
S = MatchProposal.Status


@pytest.fixture
def group(town, programme, group_member):
    return ready_group(town, programme, contact_user=group_member)


def _sent(town, programme, group, **kw):
    household = cleared_household(town, programme, **kw)
    made = proposal(household, group, home(town), status=S.SENT)
    made.criteria = [
        *made.criteria,
        {
            "criterion": "experience",
            "score": 1.0,
            "weight": 1.5,
            "points": 1.5,
            "text": "shares experience with: medical needs",
        },
    ]
    made.save(update_fields=["criteria"])
    return made


def test_start_run_queues_and_redirects(client_for, coordinator, programme, town, group):
    response = client_for(coordinator).post(
        reverse("matching:run_start"), {"programme": programme.pk, "municipalities": [town.pk]}
    )
    run = MatchingRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:run_detail", args=[run.pk])
    assert run.status == MatchingRun.Status.QUEUED and run.created_by == coordinator


def test_start_run_needs_towns(client_for, coordinator, programme):
    response = client_for(coordinator).post(
        reverse("matching:run_start"), {"programme": programme.pk}
    )
    assert response.status_code == 200 and not MatchingRun.objects.exists()
    assert response.context["form"].errors["municipalities"]


def test_start_run_refuses_towns_outside_the_scope(client_for, coordinator, programme, other_town):
    response = client_for(coordinator).post(
        reverse("matching:run_start"),
        {"programme": programme.pk, "municipalities": [other_town.pk]},
    )
    assert response.status_code == 200 and not MatchingRun.objects.exists()


def test_polling_marks_a_dead_run_failed(client_for, coordinator, programme, town, group):
    run = runs.start_run(coordinator, programme, [town])
    runs.claim(run.pk)
    MatchingRun.objects.filter(pk=run.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=10)
    )
    response = client_for(coordinator).get(
        reverse("matching:run_progress", args=[run.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and response["HX-Refresh"] == "true"
    assert b"worker stopped responding" in response.content
    assert MatchingRun.objects.get(pk=run.pk).status == MatchingRun.Status.FAILED


def test_active_run_page_polls(client_for, coordinator, programme, town, group):
    run = runs.start_run(coordinator, programme, [town])
    content = (
        client_for(coordinator).get(reverse("matching:run_detail", args=[run.pk])).content.decode()
    )
    assert 'hx-trigger="every 2s"' in content


def test_outsider_coordinator_gets_404_for_a_run_and_a_proposal(
    client_for, other_coordinator, coordinator, programme, town, group
):
    run = runs.start_run(coordinator, programme, [town])
    made = proposal(cleared_household(town, programme), group, home(town))
    client = client_for(other_coordinator)
    assert client.get(reverse("matching:run_detail", args=[run.pk])).status_code == 404
    assert client.get(reverse("matching:proposal_detail", args=[made.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="permission_denied").count() == 2


def test_dossier_hides_sensitive_fields_from_municipal_staff(
    client_for, municipal_officer, town, programme, group
):
    sent = _sent(town, programme, group)
    response = client_for(municipal_officer).get(
        reverse("matching:dossier", args=[sent.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    content = response.content.decode()
    assert response.context["vulnerabilities"] == []
    assert [c["text"] for c in response.context["criteria"] if c["criterion"] == "experience"] == [
        "details shown with case access"
    ]
    assert sent.household.reference in content and sent.household.pseudonym in content
    # (The group's own "can support: Medical needs" is not the household's data.)
    assert "experience with: medical needs" not in content
    assert "Father uses a crutch" not in content
    assert "Approve the match" in content
    assert not AuditEvent.objects.filter(action="view_sensitive").exists()


def test_dossier_shows_sensitive_fields_with_case_access_and_audits(
    client_for, coordinator, town, programme, group
):
    sent = _sent(town, programme, group)
    CaseAccess.objects.create(household=sent.household, user=coordinator, granted_by=coordinator)
    content = (
        client_for(coordinator)
        .get(reverse("matching:dossier", args=[sent.pk]), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "experience with: medical needs" in content and "Father uses a crutch" in content
    assert "Approve the match" not in content
    assert AuditEvent.objects.filter(
        action="view_sensitive", object_id=str(sent.household.pk)
    ).exists()


def test_dossier_pdf(client_for, municipal_officer, town, programme, group):
    sent = _sent(town, programme, group)
    response = client_for(municipal_officer).get(reverse("matching:dossier_pdf", args=[sent.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert sent.household.reference in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="export", object_id=str(sent.pk)).exists()


def test_other_municipality_gets_404_on_the_dossier(
    client_for, other_municipal_officer, town, programme, group
):
    sent = _sent(town, programme, group)
    response = client_for(other_municipal_officer).get(reverse("matching:dossier", args=[sent.pk]))
    assert response.status_code == 404


def test_reject_without_reason_keeps_the_proposal(
    client_for, municipal_officer, town, programme, group
):
    sent = _sent(town, programme, group)
    response = client_for(municipal_officer).post(
        reverse("matching:proposal_reject", args=[sent.pk]), {"reason": ""}
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == S.SENT


def test_approve_is_post_only(client_for, municipal_officer, town, programme, group):
    sent = _sent(town, programme, group)
    response = client_for(municipal_officer).get(
        reverse("matching:proposal_approve", args=[sent.pk])
    )
    assert response.status_code == 405


def test_member_sees_the_anonymous_profile_only(client_for, group_member, town, programme, group):
    household = cleared_household(town, programme, pseudonym="Household Secret")
    approved = proposal(household, group, home(town), status=S.APPROVED)
    content = (
        client_for(group_member)
        .get(reverse("matching:my_match", args=[approved.pk]))
        .content.decode()
    )
    assert "Household Secret" not in content and household.reference not in content
    assert "Confirm the match for our group" in content


def test_member_of_another_group_gets_404(client_for, town, programme, group):
    from tests.factories import UserFactory

    approved = proposal(cleared_household(town, programme), group, home(town), status=S.APPROVED)
    outsider = UserFactory()
    ready_group(town, programme, contact_user=outsider)
    response = client_for(outsider).get(reverse("matching:my_match", args=[approved.pk]))
    assert response.status_code == 404


def test_manual_proposal_form_shows_the_constraint_broken(
    client_for, coordinator, town, programme, group
):
    household = cleared_household(town, programme)
    upstairs = home(town, ground_floor=False)
    response = client_for(coordinator).post(
        reverse("matching:proposal_create"),
        {"household": household.pk, "group": group.pk, "offer": upstairs.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "does not suit the household" in response.content.decode()
    assert not MatchProposal.objects.exists()


@pytest.mark.parametrize("count", [5, 50])
def test_proposal_list_query_budget(
    client_for, coordinator, town, programme, group, count, django_assert_max_num_queries
):
    for _ in range(count):
        proposal(cleared_household(town, programme), group, home(town))
    client = client_for(coordinator)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("matching:proposal_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("named", [False, True])
def test_the_criteria_table_adds_up_to_the_total(
    client_for, coordinator, municipal_officer, town, programme, group, named
):
    """The points every matched household brings (and the naming bonus) are a row of their
    own: the rows add up to the total the page shows."""
    sent = _sent(town, programme, group)
    criteria_points = sum(c["points"] for c in sent.criteria)
    sent.score, sent.named = criteria_points + (110.0 if named else 10.0), named
    sent.save(update_fields=["score", "named"])
    pages = [
        client_for(coordinator).get(reverse("matching:proposal_detail", args=[sent.pk])),
        client_for(municipal_officer).get(reverse("matching:dossier", args=[sent.pk])),
    ]
    for page in pages:
        score = page.context["score"]
        assert score["base"] == (110.0 if named else 10.0)
        rows = [c["points"] for c in page.context["criteria"]]
        assert round(sum(rows) + score["base"], 2) == round(sent.score, 2)
        content = page.content.decode()
        assert "Matched household" in content
        assert ("the group named this household" in content) is named
