"""The coordinators' list of sponsorships: scope and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.sponsorships.plan_helpers import make_sponsorship

pytestmark = pytest.mark.django_db
URL = reverse("sponsorships:sponsorships")


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_list_shows_only_the_coordinators_towns(
    town, other_town, programme, coordinator, client_for
):
    own = make_sponsorship(town, programme, actor=coordinator)
    make_sponsorship(other_town, programme, actor=coordinator)
    response = client_for(coordinator).get(URL)
    assert [s.pk for s in response.context["object_list"]] == [own.pk]


def test_list_query_count_is_constant(town, programme, coordinator, client_for):
    client = client_for(coordinator)
    for _ in range(5):
        make_sponsorship(town, programme, actor=coordinator, members=1)
    five, response = _count_queries(client, URL)
    assert len(response.context["object_list"]) == 5
    for _ in range(45):
        make_sponsorship(town, programme, actor=coordinator, members=1)
    fifty, response = _count_queries(client, URL)
    assert len(response.context["object_list"]) == 25  # a full page
    assert five == fifty
