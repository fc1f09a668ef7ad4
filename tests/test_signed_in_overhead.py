"""What every signed-in request costs before any page work: a bare page's queries are
counted, so middleware or context processors cannot add per-request work unnoticed."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sponsorship.middleware import IDLE_STAMP_KEY


def _queries(client, path="/__bare__/") -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.django_db
@pytest.mark.urls("tests.bare_urls")
def test_a_bare_page_costs_a_fixed_number_of_queries(client, client_for, coordinator, group_member):
    assert _queries(client) == []
    member = client_for(group_member)
    member.get("/__bare__/")
    # The session, the user, the unread-notification badge.
    assert len(_queries(member)) == 3
    staff = client_for(coordinator)
    staff.get("/__bare__/")
    # The session, the user, the authenticator (MFA), the badge; no session write.
    queries = _queries(staff)
    assert len(queries) == 4, queries
    assert not any(q.startswith("UPDATE") for q in queries)


@pytest.mark.django_db
@pytest.mark.urls("tests.bare_urls")
def test_the_idle_timer_is_renewed_once_its_stamp_is_a_minute_old(
    client_for, coordinator, settings
):
    staff = client_for(coordinator)
    staff.get("/__bare__/")
    stamped = staff.session[IDLE_STAMP_KEY]
    assert staff.session.get_expiry_age() == settings.STAFF_IDLE_SECONDS
    staff.get("/__bare__/")
    assert staff.session[IDLE_STAMP_KEY] == stamped

    session = staff.session
    session[IDLE_STAMP_KEY] = time.time() - settings.STAFF_IDLE_STAMP_SECONDS - 1
    session.save()
    queries = _queries(staff)
    assert any(q.startswith('UPDATE "django_session"') for q in queries)
    assert staff.session[IDLE_STAMP_KEY] > stamped
    assert staff.session.get_expiry_age() == settings.STAFF_IDLE_SECONDS
