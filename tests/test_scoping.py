"""One mechanism decides what a list shows and whether a URL opens."""

import pytest
from django.http import Http404

from sponsorship.access import get_visible_or_404
from sponsorship.models import AuditEvent, Municipality, Organisation
from tests.factories import CoordinatorFactory, OrganisationFactory


@pytest.mark.django_db
def test_municipalities_visible_per_role(
    town, other_town, coordinator, municipal_officer, group_member, administrator
):
    assert list(Municipality.objects.visible_to(coordinator)) == [town]
    assert list(Municipality.objects.visible_to(municipal_officer)) == [town]
    assert not Municipality.objects.visible_to(group_member).exists()
    assert set(Municipality.objects.visible_to(administrator)) == {town, other_town}


@pytest.mark.django_db
def test_national_coordinator_sees_every_town(town, other_town):
    national = CoordinatorFactory(
        organisation=OrganisationFactory(kind=Organisation.Kind.NATIONAL_COORDINATOR)
    )
    assert set(Municipality.objects.visible_to(national)) == {town, other_town}


@pytest.mark.django_db
def test_out_of_scope_object_is_404_and_audited(coordinator, other_town):
    with pytest.raises(Http404):
        get_visible_or_404(Municipality, coordinator, pk=other_town.pk)
    event = AuditEvent.objects.get(action="permission_denied")
    assert event.actor == coordinator
    assert event.object_type == "sponsorship.municipality"
    assert event.object_id == str(other_town.pk)


@pytest.mark.django_db
def test_missing_object_is_404_without_audit(coordinator):
    with pytest.raises(Http404):
        get_visible_or_404(Municipality, coordinator, pk=999999)
    assert not AuditEvent.objects.filter(action="permission_denied").exists()


@pytest.mark.django_db
def test_wrong_role_gets_403_and_is_audited(client_for, municipal_officer):
    response = client_for(municipal_officer).get("/audit/")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(
        action="permission_denied", actor=municipal_officer, object_id="/audit/"
    ).exists()


@pytest.mark.django_db
def test_navigation_marks_one_current_entry(client_for, municipal_officer):
    response = client_for(municipal_officer).get("/housing/register/")
    current = [i["url"] for i in response.context["nav_items"] if i["current"]]
    assert current == ["/housing/register/"]
