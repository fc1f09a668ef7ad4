"""The header search: full-text with prefixes, scoped by each kind's visible_to, staff
only, and a constant number of queries however much matches."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groups.models import SponsorGroup
from housing.models import HousingOffer
from sponsorship import search
from tests.groups.factories import GroupMemberFactory, SponsorGroupFactory
from tests.housing.factories import HousingOfferFactory
from tests.newcomers.factories import HouseholdFactory, IdentityFactory
from tests.training.factories import TrainingModuleFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db
URL = reverse("search")


def _found(client, q) -> dict[str, set[str]]:
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return {s.provider.key: {h.title for h in s.hits} for s in response.context["sections"]}


@pytest.fixture
def world(town, other_town, programme):
    SponsorGroupFactory(
        municipality=town, programme=programme, name="Zonnebloem Ondiep", neighbourhood="Ondiep"
    )
    SponsorGroupFactory(
        municipality=other_town,
        programme=programme,
        name="Zonnebloem Noord",
        neighbourhood="Paddepoel",
    )
    household = HouseholdFactory(
        municipality=town, programme=programme, pseudonym="Tamarind", reference="NC-2026-00042"
    )
    IdentityFactory(household=household, family_name="Haddad")
    HousingOfferFactory(
        municipality=town,
        neighbourhood="Lunetten",
        address="Kruisstraat 7",
        status=HousingOffer.Status.OFFERED,
    )
    module = TrainingModuleFactory(
        programme=programme,
        name_en="Intercultural sensitivity",
        name_nl="Interculturele sensitiviteit",
    )
    TrainingSessionFactory(
        module=module,
        municipality=town,
        starts_at=timezone.now().replace(year=2027, month=3, day=12, hour=12),
    )
    return household


def test_prefixes_find_each_kind(client_for, coordinator, world):
    client = client_for(coordinator)
    assert _found(client, "zonneb")["groups"] == {"Zonnebloem Ondiep"}
    assert _found(client, "utrech")["groups"] == {"Zonnebloem Ondiep"}  # by town
    assert _found(client, "tamar")["households"] == {"Tamarind (NC-2026-00042)"}
    assert _found(client, "NC-2026-00042")["households"] == {"Tamarind (NC-2026-00042)"}
    assert "offers" in _found(client, "lunet")
    assert _found(client, "intercult")["sessions"] == {"Intercultural sensitivity"}
    assert "sessions" in _found(client, "12-03-2027")


def test_never_by_real_name_or_a_hidden_address(client_for, coordinator, world):
    client = client_for(coordinator)
    assert "households" not in _found(client, "haddad")
    # The address opens to coordinators only once a household is allocated.
    assert "offers" not in _found(client, "kruisstraat")


def test_municipal_staff_find_the_address_of_their_offers(client_for, municipal_officer, world):
    assert "offers" in _found(client_for(municipal_officer), "kruisstraat")


def test_people_by_name_or_email(client_for, coordinator, world, town, programme):
    group = SponsorGroup.objects.get(name="Zonnebloem Ondiep")
    GroupMemberFactory(group=group, name="Fenna de Vries", email="fenna@example.org")
    client = client_for(coordinator)
    assert _found(client, "fenna")["members"] == {"Fenna de Vries"}
    assert str(coordinator) in _found(client, "coordinator@example")["staff"]


def test_an_out_of_scope_coordinator_finds_nothing_of_the_other_town(
    client_for, coordinator, other_coordinator, world
):
    client = client_for(other_coordinator)
    assert _found(client, "zonneb") == {"groups": {"Zonnebloem Noord"}}
    assert _found(client, "tamar") == {}
    assert _found(client, "lunet") == {}
    staff = _found(client, "coordinator@example")["staff"]
    assert str(coordinator) not in staff and str(other_coordinator) in staff


def test_group_members_have_no_search(client_for, group_member, world):
    client = client_for(group_member)
    assert client.get(URL, {"q": "zonneb"}).status_code == 403
    assert 'id="site-search"' not in client.get(reverse("home")).content.decode()


def test_the_box_is_in_the_header_for_staff(client_for, coordinator):
    assert 'id="site-search"' in client_for(coordinator).get(reverse("home")).content.decode()


@pytest.mark.parametrize("q", ["", "   ", "&|!:*()'\"", "a" * 500, "\u0663\u0664"])
def test_odd_input_is_harmless(client_for, coordinator, world, q):
    assert client_for(coordinator).get(URL, {"q": q}).status_code == 200


def test_more_links_to_the_list_filtered_by_the_query(client_for, coordinator, town, programme):
    for i in range(7):
        SponsorGroupFactory(municipality=town, programme=programme, name=f"Linde {i}")
    response = client_for(coordinator).get(URL, {"q": "linde"})
    section = response.context["sections"][0]
    assert section.more and section.more_url == f"{reverse('groups:list')}?q=linde"
    listed = client_for(coordinator).get(section.more_url)
    assert len(listed.context["object_list"]) == 7


def test_the_lists_accept_the_query(client_for, coordinator, world):
    client = client_for(coordinator)
    offers = client.get(reverse("housing:offer_list"), {"q": "lunet"})
    assert len(offers.context["object_list"]) == 1
    sessions = client.get(reverse("training:session_list"), {"q": "intercult"})
    assert len(sessions.context["object_list"]) == 1
    assert (
        len(client.get(reverse("training:session_list"), {"q": "nothing"}).context["object_list"])
        == 0
    )


def _queries(client, q) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, {"q": q}).status_code == 200
    return len(captured)


def _populate(town, programme, n):
    module = TrainingModuleFactory(programme=programme, name_en="Kestrel course")
    for i in range(n):
        group = SponsorGroupFactory(
            municipality=town, programme=programme, name=f"Kestrel {i}", members=1
        )
        GroupMemberFactory(group=group, name=f"Kestrel Member {i}")
        HouseholdFactory(municipality=town, programme=programme, pseudonym=f"Kestrel {i}")
        HousingOfferFactory(municipality=town, neighbourhood=f"Kestrel {i}")
        TrainingSessionFactory(
            module=module, municipality=town, starts_at=timezone.now() + timedelta(days=i + 1)
        )


def test_query_count_does_not_grow_with_the_matches(client_for, coordinator, town, programme):
    client = client_for(coordinator)
    _populate(town, programme, 5)
    client.get(URL, {"q": "kestrel"})  # warm the session and caches
    few = _queries(client, "kestrel")
    _populate(town, programme, 45)
    assert _queries(client, "kestrel") == few


def test_parse_keeps_letters_and_digits_only():
    terms = search.parse("Zon'ne & bloem:* | !x")
    assert terms.words == ["zon", "ne", "bloem", "x"]
