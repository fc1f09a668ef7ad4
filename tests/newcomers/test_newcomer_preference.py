"""The household's side of the voice: which interested group it prefers."""

import pytest
from django.urls import reverse

from newcomers import services
from newcomers.models import AnonymousProfile, ProfileInterest
from sponsorship.models import AuditEvent
from tests.groups.factories import SponsorGroupFactory
from tests.newcomers.factories import HouseholdFactory


@pytest.fixture
def interest(town, programme):
    household = HouseholdFactory(municipality=town, programme=programme)
    profile = AnonymousProfile.objects.create(household=household, published=True)
    group = SponsorGroupFactory(municipality=town, programme=programme, name="Buurtgroep Oost")
    return ProfileInterest.objects.create(profile=profile, group=group)


def _url(interest):
    return reverse(
        "newcomers:interest_preference", args=[interest.profile.household_id, interest.pk]
    )


@pytest.mark.django_db
def test_coordinator_records_and_removes_the_preference(client_for, coordinator, interest):
    client = client_for(coordinator)
    page = client.get(
        reverse("newcomers:household_detail", args=[interest.profile.household_id])
    ).content.decode()
    assert "Buurtgroep Oost" in page
    assert client.post(_url(interest), {"prefers": "1"}).status_code == 302
    interest.refresh_from_db()
    assert interest.preferred_by_household
    event = AuditEvent.objects.get(action="update", object_type="newcomers.profileinterest")
    assert event.fields == ["preferred_by_household"]
    client.post(_url(interest), {"prefers": "0"})
    interest.refresh_from_db()
    assert not interest.preferred_by_household


@pytest.mark.django_db
def test_recording_the_same_answer_twice_writes_one_event(coordinator, interest):
    services.record_household_preference(interest, actor=coordinator, prefers=True)
    services.record_household_preference(interest, actor=coordinator, prefers=True)
    assert AuditEvent.objects.filter(object_type="newcomers.profileinterest").count() == 1


@pytest.mark.django_db
def test_outsiders_cannot_record_it(
    client_for, other_coordinator, group_member, municipal_officer, interest
):
    assert client_for(other_coordinator).post(_url(interest), {"prefers": "1"}).status_code == 404
    assert client_for(group_member).post(_url(interest), {"prefers": "1"}).status_code == 403
    assert client_for(municipal_officer).post(_url(interest), {"prefers": "1"}).status_code == 403
    interest.refresh_from_db()
    assert not interest.preferred_by_household


@pytest.mark.django_db
def test_get_is_refused(client_for, coordinator, interest):
    assert client_for(coordinator).get(_url(interest)).status_code == 405
