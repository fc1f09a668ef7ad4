"""The municipal register: counts for a seeded period, and who may see it."""

from datetime import date

import pytest
from django.urls import reverse

from housing import register
from housing.models import Allocation, HousingOffer
from sponsorship.models import Taakstelling
from tests.housing.factories import HouseholdFactory, HousingOfferFactory

TODAY = date(2026, 3, 15)
S = HousingOffer.Status


def _allocate(offer, household, start, end=None, status="active"):
    return Allocation.objects.create(
        offer=offer, household=household, status=status, period=(start, end)
    )


@pytest.fixture
def seeded(town, other_town, programme):
    Taakstelling.objects.create(
        municipality=town, period_start=date(2026, 1, 1), period_end=date(2026, 7, 1), target=20
    )
    for status, n in [(S.PROSPECT, 1), (S.OFFERED, 2), (S.OCCUPIED, 3), (S.WITHDRAWN, 1)]:
        HousingOfferFactory.create_batch(n, municipality=town, status=status)
    intermediate = HousingOfferFactory(municipality=town, status=S.OCCUPIED)
    permanent = HousingOfferFactory(municipality=town, status=S.ALLOCATED, kind="permanent")
    hh = {
        name: HouseholdFactory(municipality=town, programme=programme, size=size, **extra)
        for name, size, extra in [
            ("moved", 4, {}),
            ("in_period", 3, {}),
            ("last_period", 2, {}),
            ("cancelled", 5, {}),
            ("upcoming", 2, {"expected_arrival": date(2026, 5, 1)}),
            ("upcoming_housed", 1, {"expected_arrival": date(2026, 4, 1)}),
            ("arrived_before", 1, {"expected_arrival": date(2026, 3, 1)}),
        ]
    }
    # Moved intermediate -> permanent inside the period: counts once, 4 persons.
    _allocate(intermediate, hh["moved"], date(2026, 1, 10), date(2026, 3, 1), "ended")
    _allocate(permanent, hh["moved"], date(2026, 3, 1))
    _allocate(
        HousingOfferFactory(municipality=town, status=S.OCCUPIED), hh["in_period"], date(2026, 2, 1)
    )
    # First housed before the period: not counted now, even though it moved in the period.
    old = HousingOfferFactory(municipality=town, status=S.RELEASED)
    _allocate(old, hh["last_period"], date(2025, 11, 1), date(2026, 2, 1), "ended")
    _allocate(
        HousingOfferFactory(municipality=town, kind="permanent", status=S.OCCUPIED),
        hh["last_period"],
        date(2026, 2, 1),
    )
    _allocate(
        HousingOfferFactory(municipality=town),
        hh["cancelled"],
        date(2026, 2, 1),
        status="cancelled",
    )
    _allocate(
        HousingOfferFactory(municipality=town, kind="permanent", status=S.ALLOCATED),
        hh["upcoming_housed"],
        date(2026, 4, 1),
    )
    # Municipal staff see a household once its match was sent to them for approval.
    from matching.models import MatchProposal
    from tests.matching.test_matching_support import proposal, ready_group

    proposal(
        hh["upcoming"],
        ready_group(town, hh["upcoming"].programme),
        permanent,
        MatchProposal.Status.SENT,
    )
    # Another municipality's offers and households never count here.
    HousingOfferFactory(municipality=other_town, status=S.OFFERED)
    HouseholdFactory(municipality=other_town, expected_arrival=date(2026, 5, 1))
    return hh


@pytest.mark.django_db
def test_register_counts_for_a_seeded_period(seeded, town, municipal_officer):
    data = register.build(municipal_officer, town, TODAY)
    counts = {status: n for status, _label, n in data.offers_by_status}
    assert counts == {
        "prospect": 1,
        "offered": 3,
        "reserved": 0,
        "allocated": 2,
        "occupied": 6,
        "released": 1,
        "withdrawn": 1,
    }
    assert data.taakstelling.target == 20
    # moved (4) + in_period (3) + upcoming_housed (1, first allocation 1 April).
    assert (data.housed_households, data.housed_persons) == (3, 8)
    assert data.progress_percent == 40
    assert [h.reference for h in data.upcoming_without_home] == [seeded["upcoming"].reference]


@pytest.mark.django_db
def test_no_taakstelling_for_the_period(town, municipal_officer):
    data = register.build(municipal_officer, town, TODAY)
    assert data.taakstelling is None and data.progress_percent is None


@pytest.mark.django_db
def test_register_page_for_the_officer(seeded, client_for, municipal_officer, time_machine):
    time_machine.move_to("2026-03-15 12:00")
    response = client_for(municipal_officer).get(reverse("housing:register"))
    assert response.status_code == 200
    assert "8 of 20 persons housed" in response.content.decode()


@pytest.mark.django_db
def test_admin_picks_a_municipality_and_others_are_refused(
    seeded, client_for, administrator, coordinator, other_town
):
    response = client_for(administrator).get(
        reverse("housing:register") + f"?municipality={other_town.pk}"
    )
    assert response.context["municipality"] == other_town
    assert client_for(coordinator).get(reverse("housing:register")).status_code == 403
