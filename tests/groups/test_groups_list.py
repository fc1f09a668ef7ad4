"""The coordinators' group list: scope, filters, sorting, export, constant queries."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups.models import SponsorGroup
from tests.groups.factories import GroupMemberFactory, SponsorGroupFactory

pytestmark = pytest.mark.django_db
URL = reverse("groups:list")


def _names(response):
    return {g.name for g in response.context["object_list"]}


def test_coordinator_sees_only_groups_of_their_towns(client_for, coordinator, group, other_group):
    response = client_for(coordinator).get(URL)
    assert response.status_code == 200
    assert _names(response) == {group.name}


def test_national_coordinator_and_administrator_see_every_town(
    client_for, administrator, group, other_group
):
    assert _names(client_for(administrator).get(URL)) == {group.name, other_group.name}


@pytest.mark.parametrize("persona", ["municipal_officer", "group_member"])
def test_municipal_staff_and_members_are_refused(persona, request, client_for, group):
    assert client_for(request.getfixturevalue(persona)).get(URL).status_code == 403


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=approved", {"Arabic speakers"}),
        ("language=ar", {"Arabic speakers"}),
        ("household=5", {"Big household"}),
        ("vulnerability=elderly&vulnerability=medical", {"Big household"}),
        ("trained=true", {"Trained group"}),
        ("trained=false", {"Arabic speakers", "Big household", "Quiet group"}),
        ("status=applied&status=matched", {"Big household", "Quiet group", "Trained group"}),
        ("q=lombok", {"Quiet group"}),
        ("q=unique.person", {"Big household"}),
    ],
)
def test_filters(query, expected, client_for, coordinator, town, programme):
    SponsorGroupFactory(
        municipality=town,
        programme=programme,
        name="Arabic speakers",
        status=SponsorGroup.Status.APPROVED,
        languages=["ar", "nl"],
        neighbourhood="Ondiep",
    )
    SponsorGroupFactory(
        municipality=town,
        programme=programme,
        name="Trained group",
        status=SponsorGroup.Status.MATCHED,
        neighbourhood="Oost",
    )
    big = SponsorGroupFactory(
        municipality=town,
        programme=programme,
        name="Big household",
        max_household_size=6,
        neighbourhood="Zuilen",
        supported_vulnerabilities=["elderly", "medical", "lgbtqi"],
    )
    GroupMemberFactory(group=big, email="unique.person@example.org")
    SponsorGroupFactory(
        municipality=town,
        programme=programme,
        name="Quiet group",
        neighbourhood="Lombok",
        supported_vulnerabilities=["medical"],
    )
    response = client_for(coordinator).get(f"{URL}?{query}")
    assert _names(response) == expected


def test_town_filter_offers_only_towns_in_scope(client_for, coordinator, town, other_town):
    response = client_for(coordinator).get(URL)
    choices = list(response.context["filter"].form.fields["municipality"].queryset)
    assert choices == [town]


def test_sorting_by_household(client_for, coordinator, town, programme):
    for size in (3, 7, 5):
        SponsorGroupFactory(municipality=town, programme=programme, max_household_size=size)
    response = client_for(coordinator).get(f"{URL}?sort=-household")
    assert [g.max_household_size for g in response.context["object_list"]] == [7, 5, 3]


def test_csv_export_of_the_filtered_list(client_for, coordinator, town, programme):
    SponsorGroupFactory(municipality=town, programme=programme, name="=cmd|x", members=3)
    SponsorGroupFactory(
        municipality=town,
        programme=programme,
        name="Left out",
        status="withdrawn",
        closing_reason="x",
    )
    response = client_for(coordinator).get(f"{URL}?status=applied&format=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    # One row per member, as the import reads them; formula injection neutralised.
    assert [r["group_name"] for r in rows] == ["'=cmd|x"] * 3
    assert sum(r["is_contact"] == "yes" for r in rows) == 1


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_is_constant(client_for, coordinator, town, programme):
    client = client_for(coordinator)
    for _ in range(5):
        SponsorGroupFactory(municipality=town, programme=programme, members=3)
    five = _count_queries(client, f"{URL}?language=nl")
    for _ in range(45):
        SponsorGroupFactory(municipality=town, programme=programme, members=3)
    fifty = _count_queries(client, f"{URL}?language=nl")
    assert five == fifty
