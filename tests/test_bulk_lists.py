"""Ticking rows on the lists (FilteredListView.bulk_actions): export only those rows, or
run the app's service per row in one transaction, per object in the user's scope."""

import csv
import io

import pytest
from django.urls import reverse

from groups.models import SponsorGroup
from matching.models import MatchProposal
from sponsorship.models import AuditEvent, Invitation
from tests.groups.factories import SponsorGroupFactory
from tests.matching.test_matching_support import (
    cleared_household,
    home,
    proposal,
    ready_group,
)

pytestmark = pytest.mark.django_db
GROUPS = reverse("groups:list")


def _rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def approved(town, programme):
    return [
        SponsorGroupFactory(
            municipality=town,
            programme=programme,
            members=2,
            status=SponsorGroup.Status.APPROVED,
            name=f"Approved {i}",
        )
        for i in range(3)
    ]


def test_the_list_has_a_checkbox_per_row_and_select_all(client_for, coordinator, approved):
    page = client_for(coordinator).get(GROUPS).content.decode()
    assert page.count('name="selected"') == 3
    assert 'data-select-all="bulk-form"' in page
    assert 'value="invite"' in page and "data-confirm" in page


def test_export_selected_rows_only(client_for, coordinator, approved):
    response = client_for(coordinator).post(
        GROUPS, {"action": "export", "selected": [approved[0].pk, approved[2].pk]}
    )
    assert response.status_code == 200
    cells = {v for row in _rows(response) for v in row.values()}
    assert {"Approved 0", "Approved 2"} <= cells and "Approved 1" not in cells
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert "2 selected rows" in event.summary


def test_invite_runs_the_service_per_row_and_is_audited(client_for, coordinator, approved):
    client = client_for(coordinator)
    response = client.post(GROUPS, {"action": "invite", "selected": [g.pk for g in approved[:2]]})
    assert response.status_code == 302
    assert Invitation.objects.count() == 4
    assert AuditEvent.objects.filter(summary__startswith="bulk invite on 2 rows").exists()


def test_one_refused_row_changes_nothing(client_for, coordinator, approved, town, programme):
    applied = SponsorGroupFactory(
        municipality=town, programme=programme, members=2, name="Still applying"
    )
    response = client_for(coordinator).post(
        GROUPS, {"action": "invite", "selected": [approved[0].pk, applied.pk]}, follow=True
    )
    assert Invitation.objects.count() == 0  # all or nothing
    assert "Nothing was changed. Still applying" in response.content.decode()


def test_a_row_out_of_scope_refuses_the_whole_action(
    client_for, coordinator, approved, other_town, programme
):
    foreign = SponsorGroupFactory(
        municipality=other_town, programme=programme, members=2, status=SponsorGroup.Status.APPROVED
    )
    response = client_for(coordinator).post(
        GROUPS, {"action": "invite", "selected": [approved[0].pk, foreign.pk]}, follow=True
    )
    assert Invitation.objects.count() == 0
    assert "not available to you" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PERMISSION_DENIED).exists()
    # Nor can an export reach it.
    export = client_for(coordinator).post(GROUPS, {"action": "export", "selected": [foreign.pk]})
    assert _rows(export) == []


@pytest.mark.parametrize(
    "body", [{}, {"action": "invite"}, {"action": "nonsense", "selected": ["x", "1"]}]
)
def test_bad_input_is_a_message_not_an_error(client_for, coordinator, approved, body):
    response = client_for(coordinator).post(GROUPS, body)
    assert response.status_code == 302
    assert Invitation.objects.count() == 0


def test_other_roles_cannot_post(client_for, municipal_officer, group_member, approved):
    body = {"action": "invite", "selected": [approved[0].pk]}
    assert client_for(municipal_officer).post(GROUPS, body).status_code == 403
    assert client_for(group_member).post(GROUPS, body).status_code == 403


def test_a_list_without_bulk_actions_refuses_post(client_for, coordinator):
    assert (
        client_for(coordinator)
        .post(reverse("training:session_list"), {"action": "export"})
        .status_code
        == 405
    )


@pytest.fixture
def proposals(town, programme):
    group = ready_group(town, programme)
    return [proposal(cleared_household(town, programme), group, home(town)) for _ in range(2)]


def test_proposals_accept_in_bulk(client_for, coordinator, proposals):
    response = client_for(coordinator).post(
        reverse("matching:proposal_list"),
        {"action": "accept", "selected": [p.pk for p in proposals]},
    )
    assert response.status_code == 302
    assert set(MatchProposal.objects.values_list("status", flat=True)) == {"accepted"}


def test_municipal_staff_get_export_but_not_accept(client_for, municipal_officer, proposals):
    url = reverse("matching:proposal_list")
    client = client_for(municipal_officer)
    page = client.get(url).content.decode()
    assert 'value="accept"' not in page
    assert client.post(url, {"action": "accept", "selected": [proposals[0].pk]}).status_code == 403


def test_households_export_selected(client_for, coordinator, town, programme):
    households = [cleared_household(town, programme) for _ in range(3)]
    response = client_for(coordinator).post(
        reverse("newcomers:household_list"), {"action": "export", "selected": [households[1].pk]}
    )
    rows = _rows(response)
    assert len(rows) == 1 and households[1].reference in rows[0].values()
