"""Offer pages: list (filters, sorting, CSV, query budget), detail, create, edit, actions."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from housing.models import Allocation, HousingOffer
from sponsorship.models import AuditEvent
from tests.housing.factories import HouseholdFactory, HousingOfferFactory

S = HousingOffer.Status
LIST = reverse("housing:offer_list")


def _detail(offer):
    return reverse("housing:offer_detail", args=[offer.pk])


def _ids(response):
    return {o.pk for o in response.context["object_list"]}


@pytest.mark.django_db
def test_list_shows_only_the_officers_municipality(client_for, municipal_officer, town, other_town):
    mine = HousingOfferFactory(municipality=town)
    HousingOfferFactory(municipality=other_town)
    response = client_for(municipal_officer).get(LIST)
    assert response.status_code == 200
    assert _ids(response) == {mine.pk}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=permanent", {"perm"}),
        ("status=reserved", {"perm"}),
        ("step_free=true", {"perm"}),
        ("bedrooms=3", {"perm"}),
        ("occupants=5", {"perm"}),
        ("available_on=2026-02-01", {"inter"}),
        ("rent_min=700&rent_max=900", {"perm"}),
        ("rent_max=600", {"inter"}),
    ],
)
def test_list_filters(query, expected, client_for, coordinator, town):
    offers = {
        "inter": HousingOfferFactory(
            municipality=town,
            kind="intermediate",
            bedrooms=1,
            max_occupants=2,
            rent=500,
            available_from=date(2026, 1, 1),
            available_until=date(2026, 6, 1),
        ),
        "perm": HousingOfferFactory(
            municipality=town,
            kind="permanent",
            status=S.RESERVED,
            bedrooms=3,
            max_occupants=6,
            step_free=True,
            rent=800,
            available_from=date(2026, 3, 1),
        ),
    }
    response = client_for(coordinator).get(f"{LIST}?{query}")
    assert _ids(response) == {offers[k].pk for k in expected}


@pytest.mark.django_db
def test_list_sorts_by_rent_both_ways(client_for, municipal_officer, town):
    cheap, dear = (HousingOfferFactory(municipality=town, rent=r) for r in (400, 900))
    client = client_for(municipal_officer)
    up = [o.pk for o in client.get(f"{LIST}?sort=rent").context["object_list"]]
    down = [o.pk for o in client.get(f"{LIST}?sort=-rent").context["object_list"]]
    assert up == [cheap.pk, dear.pk] and down == [dear.pk, cheap.pk]


def _count_list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_offers(client_for, coordinator, town):
    client = client_for(coordinator)
    HousingOfferFactory.create_batch(5, municipality=town)
    with_5 = _count_list_queries(client)
    HousingOfferFactory.create_batch(45, municipality=town)
    assert _count_list_queries(client) == with_5


def _csv(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.django_db
def test_csv_export_hides_addresses_coordinators_may_not_see(
    client_for, coordinator, municipal_officer, town
):
    HousingOfferFactory(municipality=town, status=S.OFFERED, address="Open 1")
    HousingOfferFactory(municipality=town, status=S.OCCUPIED, address="Bewoond 2")
    coordinator_rows = _csv(client_for(coordinator).get(f"{LIST}?format=csv&sort=status"))
    assert {r["address"] for r in coordinator_rows} == {"", "Bewoond 2"}
    officer_rows = _csv(client_for(municipal_officer).get(f"{LIST}?format=csv"))
    assert {r["address"] for r in officer_rows} == {"Open 1", "Bewoond 2"}
    assert AuditEvent.objects.filter(action="export").count() == 2


@pytest.mark.django_db
def test_group_member_gets_403_everywhere(client_for, group_member, town):
    offer = HousingOfferFactory(municipality=town)
    client = client_for(group_member)
    assert client.get(LIST).status_code == 403
    assert client.get(_detail(offer)).status_code == 403


@pytest.mark.django_db
def test_other_municipality_gets_404_and_it_is_audited(
    client_for, other_municipal_officer, other_coordinator, town
):
    offer = HousingOfferFactory(municipality=town)
    for user in (other_municipal_officer, other_coordinator):
        client = client_for(user)
        assert client.get(_detail(offer)).status_code == 404
        assert client.get(reverse("housing:offer_update", args=[offer.pk])).status_code == 404
        assert client.post(reverse("housing:offer_reserve", args=[offer.pk])).status_code == 404
    assert (
        AuditEvent.objects.filter(action="permission_denied", object_id=str(offer.pk)).count() == 6
    )
    offer.refresh_from_db()
    assert offer.status == S.OFFERED


@pytest.mark.django_db
def test_detail_hides_the_address_from_a_coordinator_until_allocated(
    client_for, coordinator, municipal_officer, town
):
    offer = HousingOfferFactory(municipality=town, status=S.OFFERED, address="Geheim 7")
    assert "Geheim 7" not in client_for(coordinator).get(_detail(offer)).content.decode()
    assert "Geheim 7" in client_for(municipal_officer).get(_detail(offer)).content.decode()
    HousingOffer.objects.filter(pk=offer.pk).update(status=S.ALLOCATED)
    assert "Geheim 7" in client_for(coordinator).get(_detail(offer)).content.decode()
    assert AuditEvent.objects.filter(action="view_sensitive", object_id=str(offer.pk)).exists()


def _form_data(**overrides):
    data = {
        "kind": "permanent",
        "neighbourhood": "Lombok",
        "address": "Kanaalstraat 1",
        "bedrooms": 3,
        "max_occupants": 5,
        "rent": "720.00",
        "service_costs": "35.00",
        "deposit": "0",
        "furnishing": "camp_ready",
        "available_from": "2026-05-01",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_officer_registers_an_offer_in_their_own_municipality(
    client_for, municipal_officer, town, other_town
):
    response = client_for(municipal_officer).post(
        reverse("housing:offer_create"), _form_data(municipality=other_town.pk)
    )
    offer = HousingOffer.objects.get()
    assert response.url == _detail(offer)
    assert (offer.municipality, offer.status, offer.created_by) == (
        town,
        S.PROSPECT,
        municipal_officer,
    )
    assert offer.latitude is not None
    assert AuditEvent.objects.filter(action="create", object_id=str(offer.pk)).exists()


@pytest.mark.django_db
def test_create_refuses_availability_ending_before_it_starts(client_for, municipal_officer):
    response = client_for(municipal_officer).post(
        reverse("housing:offer_create"), _form_data(available_until="2026-04-01")
    )
    assert response.status_code == 200
    assert "available_until" in response.context["form"].errors
    assert not HousingOffer.objects.exists()


@pytest.mark.django_db
def test_coordinator_cannot_register_or_edit(client_for, coordinator, town):
    offer = HousingOfferFactory(municipality=town)
    client = client_for(coordinator)
    assert client.post(reverse("housing:offer_create"), _form_data()).status_code == 403
    assert client.get(reverse("housing:offer_update", args=[offer.pk])).status_code == 403


@pytest.mark.django_db
def test_officer_edits_an_offer_and_the_change_is_audited(client_for, municipal_officer, town):
    offer = HousingOfferFactory(municipality=town, rent=500)
    response = client_for(municipal_officer).post(
        reverse("housing:offer_update", args=[offer.pk]),
        _form_data(rent="550.00", latitude=offer.latitude, longitude=offer.longitude),
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.rent == 550
    assert "rent" in AuditEvent.objects.get(action="update").fields


@pytest.mark.django_db
def test_coordinator_reserves_an_offer(client_for, coordinator, town):
    offer = HousingOfferFactory(municipality=town, status=S.OFFERED)
    client = client_for(coordinator)
    assert client.get(reverse("housing:offer_reserve", args=[offer.pk])).status_code == 405
    response = client.post(
        reverse("housing:offer_reserve", args=[offer.pk]), {"note": "match with group De Bilt"}
    )
    assert response.url == _detail(offer)
    offer.refresh_from_db()
    assert (offer.status, offer.reserved_by) == (S.RESERVED, coordinator)


@pytest.mark.django_db
def test_illegal_action_shows_the_reason(client_for, municipal_officer, town):
    offer = HousingOfferFactory(municipality=town, status=S.WITHDRAWN)
    response = client_for(municipal_officer).post(
        reverse("housing:offer_publish", args=[offer.pk]), follow=True
    )
    assert "cannot become “Offered”" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == S.WITHDRAWN


@pytest.mark.django_db
def test_allocate_page_allocates_and_reports_double_booking(client_for, municipal_officer, town):
    from matching.models import MatchProposal
    from tests.matching.test_matching_support import home, proposal, ready_group

    offer = HousingOfferFactory(municipality=town, status=S.OFFERED)
    first, second = HouseholdFactory(municipality=town), HouseholdFactory(municipality=town)
    for household in (first, second):  # municipal staff see households sent to them
        proposal(
            household, ready_group(town, household.programme), home(town), MatchProposal.Status.SENT
        )
    client = client_for(municipal_officer)
    url = reverse("housing:offer_allocate", args=[offer.pk])
    assert client.post(url, {"household": first.pk, "start": "2026-03-01"}).status_code == 302
    response = client.post(url, {"household": second.pk, "start": "2026-04-01"})
    assert response.status_code == 200
    assert "already allocated" in response.content.decode()
    assert Allocation.objects.get().household == first


@pytest.mark.django_db
def test_move_page_moves_the_household(client_for, municipal_officer, town):
    intermediate = HousingOfferFactory(municipality=town, status=S.OCCUPIED)
    permanent = HousingOfferFactory(municipality=town, kind="permanent", status=S.OFFERED)
    household = HouseholdFactory(municipality=town)
    allocation = Allocation.objects.create(
        offer=intermediate, household=household, period=(date(2026, 1, 5), None)
    )
    response = client_for(municipal_officer).post(
        reverse("housing:allocation_move", args=[allocation.pk]),
        {"to_offer": permanent.pk, "on_date": "2026-06-01"},
    )
    assert response.url == _detail(permanent)
    assert household.allocations.get(status="active").offer == permanent


@pytest.mark.django_db
def test_offer_history_is_drawn_from_transition_rows(client_for, municipal_officer, town):
    from housing import services
    from sponsorship import audit

    offer = HousingOfferFactory(municipality=town, status=S.PROSPECT)
    services.publish_offer(municipal_officer, offer)
    # An old-style summary is not read as a state change any more.
    audit.record(audit.Action.TRANSITION, obj=offer, summary="offered -> occupied: moved in")
    response = client_for(municipal_officer).get(_detail(offer))
    states = [e.text for e in response.context["history"] if e.is_transition]
    assert states == ["Prospect → Offered"]
    assert "moved in" not in response.content.decode()


@pytest.mark.django_db
def test_no_button_sets_allocated_or_released(client_for, municipal_officer, town):
    offer = HousingOfferFactory(municipality=town, status=S.OFFERED)
    response = client_for(municipal_officer).get(_detail(offer))
    names = {a["name"] for a in response.context["actions"]}
    assert names <= {"publish", "reserve", "cancel_reservation", "occupy", "withdraw"}
