"""The members' workspace, own profile and proposals by the contact member."""

import pytest
from django.urls import reverse

from groups.models import MembershipChange
from sponsorship.models import Invitation
from tests.factories import UserFactory
from tests.groups.factories import GroupMemberFactory

pytestmark = pytest.mark.django_db


def test_member_sees_own_group_and_checklist(client_for, approved_group, group_member, other_group):
    client = client_for(group_member)
    response = client.get(reverse("groups:workspace"))
    assert response["Location"] == reverse("groups:workspace_detail", args=[approved_group.pk])
    response = client.get(response["Location"])
    body = response.content.decode()
    assert approved_group.name in body and other_group.name not in body
    labels = {item.label: item.done for item in response.context["checklist"]}
    assert labels["Group approved"] is True
    assert labels["Training completed"] is False


def test_member_edits_own_profile(client_for, approved_group, group_member):
    me = approved_group.members.get(user=group_member)
    url = reverse("groups:member_profile", args=[me.pk])
    response = client_for(group_member).post(
        url,
        {
            "name": "New Name",
            "phone": "06 87654321",
            "professional_sector": "IT",
            "daytime_flexibility": "flexible",
            "language_1": "nl",
            "level_1": "native",
            "language_2": "fa",
            "level_2": "basic",
        },
    )
    assert response.status_code == 302
    me.refresh_from_db()
    approved_group.refresh_from_db()
    assert me.languages == {"nl": "native", "fa": "basic"}
    assert "fa" in approved_group.languages


def test_profile_bad_input_keeps_typed_values(client_for, approved_group, group_member):
    me = approved_group.members.get(user=group_member)
    response = client_for(group_member).post(
        reverse("groups:member_profile", args=[me.pk]),
        {
            "name": "Typed",
            "phone": "x",
            "professional_sector": "",
            "language_1": "ar",
            "daytime_flexibility": "some",
        },
    )
    assert set(response.context["form"].errors) >= {"phone", "level_1"}
    assert 'value="Typed"' in response.content.decode()


def test_member_cannot_edit_a_fellow_members_profile(client_for, approved_group, group_member):
    other = approved_group.members.exclude(user=group_member).first()
    url = reverse("groups:member_profile", args=[other.pk])
    assert client_for(group_member).get(url).status_code == 403


def test_contact_proposes_and_coordinator_confirms_an_addition(
    client_for,
    approved_group,
    group_member,
    coordinator,
    run_jobs,
    mailoutbox,
):
    url = reverse("groups:propose_addition", args=[approved_group.pk])
    response = client_for(group_member).post(
        url, {"name": "New Person", "email": "new@example.org", "phone": "06 11112222"}
    )
    assert response.status_code == 302
    change = MembershipChange.objects.get()
    client_for(coordinator).post(reverse("groups:decide_change", args=[change.pk, "confirm"]))
    run_jobs()
    new = approved_group.members.get(email="new@example.org")
    assert new.active and new.invited_at
    assert Invitation.objects.filter(email="new@example.org").exists()
    assert mailoutbox[-1].to == ["new@example.org"]


def test_proposal_of_someone_in_another_group_is_refused(
    client_for, approved_group, group_member, other_group
):
    taken = other_group.members.first().email
    response = client_for(group_member).post(
        reverse("groups:propose_addition", args=[approved_group.pk]),
        {"name": "X", "email": taken, "phone": "06 11112222"},
    )
    assert "email" in response.context["form"].errors
    assert not MembershipChange.objects.exists()


def test_contact_proposes_removal_and_coordinator_declines(
    client_for, approved_group, group_member, coordinator
):
    other = approved_group.members.exclude(user=group_member).first()
    client_for(group_member).post(
        reverse("groups:propose_removal", args=[other.pk]), {"reason": "Moved"}
    )
    change = MembershipChange.objects.get()
    client_for(coordinator).post(reverse("groups:decide_change", args=[change.pk, "decline"]))
    other.refresh_from_db()
    change.refresh_from_db()
    assert other.active and change.decision == "declined"


def test_confirmed_removal_deactivates_the_member(
    client_for, approved_group, group_member, coordinator
):
    other = approved_group.members.exclude(user=group_member).first()
    client_for(group_member).post(reverse("groups:propose_removal", args=[other.pk]))
    change = MembershipChange.objects.get()
    client_for(coordinator).post(reverse("groups:decide_change", args=[change.pk, "confirm"]))
    other.refresh_from_db()
    assert not other.active and other.left_on


def test_ordinary_member_cannot_propose(client_for, approved_group):
    user = UserFactory()
    GroupMemberFactory(group=approved_group, user=user, email=user.email)
    url = reverse("groups:propose_addition", args=[approved_group.pk])
    assert client_for(user).get(url).status_code == 403


def test_coordinator_of_another_town_cannot_decide(
    client_for, approved_group, group_member, other_coordinator
):
    other = approved_group.members.exclude(user=group_member).first()
    client_for(group_member).post(reverse("groups:propose_removal", args=[other.pk]))
    change = MembershipChange.objects.get()
    url = reverse("groups:decide_change", args=[change.pk, "confirm"])
    assert client_for(other_coordinator).post(url).status_code == 404
