"""Ending a sponsorship early: the household may stop at any time, the group may too."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from groups.models import SponsorGroup
from sponsorship.models import AuditEvent
from sponsorships import services as sponsorships
from sponsorships.models import Sponsorship
from tests.sponsorships import plan_helpers

pytestmark = pytest.mark.django_db
sponsorship = plan_helpers.sponsorship
foreign_sponsorship = plan_helpers.foreign_sponsorship
TODAY = date(2027, 3, 20)
REASON = "The family moved in with relatives in Rotterdam."


def _url(s):
    return reverse("sponsorships:sponsorship_end_early", args=[s.pk])


def test_detail_page_offers_the_confirmed_form_to_coordinators_only(
    sponsorship, coordinator, group_member, client_for
):
    page = client_for(coordinator).get(reverse("sponsorships:sponsorship", args=[sponsorship.pk]))
    html = page.content.decode()
    assert f'action="{_url(sponsorship)}"' in html
    form = html[html.index(f'action="{_url(sponsorship)}"') :]
    assert "data-confirm=" in form[: form.index(">")]
    assert 'name="reason"' in form
    member_page = client_for(group_member).get(
        reverse("sponsorships:sponsorship", args=[sponsorship.pk])
    )
    assert member_page.status_code == 200
    assert _url(sponsorship) not in member_page.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_coordinator_ends_a_running_sponsorship_early(sponsorship, coordinator, client_for):
    sponsorships.register_arrival(coordinator, sponsorship, TODAY, "test")
    client = client_for(coordinator)
    response = client.post(_url(sponsorship), {"reason": REASON})
    assert response.status_code == 302
    assert response.url == reverse("sponsorships:sponsorship", args=[sponsorship.pk])
    sponsorship.refresh_from_db()
    assert sponsorship.status == Sponsorship.Status.ENDED_EARLY
    assert sponsorship.closing_reason == REASON and sponsorship.closed_on == TODAY
    # Back to the pool; this group's training does not meet the requirement (none recorded).
    assert SponsorGroup.objects.get(pk=sponsorship.group_id).status == "in_training"
    sponsorship.household.refresh_from_db()
    assert sponsorship.household.status == "arrived"  # stays, without a group
    event = AuditEvent.objects.filter(
        object_type="sponsorships.sponsorship", action="transition", object_id=str(sponsorship.pk)
    ).latest("pk")
    assert "closing_reason" in event.fields and "ended_early" in event.summary
    assert "Rotterdam" not in event.summary  # field names only, never the reason's text
    page = client.get(response.url)
    assert "The sponsorship has ended early." in page.content.decode()
    assert _url(sponsorship) not in page.content.decode()  # no second button


def test_ending_before_arrival(sponsorship, coordinator, client_for):
    client_for(coordinator).post(_url(sponsorship), {"reason": REASON})
    sponsorship.refresh_from_db()
    assert sponsorship.status == Sponsorship.Status.ENDED_EARLY


@pytest.mark.parametrize("data", [{}, {"reason": "   "}])
def test_a_reason_is_required_and_the_error_is_next_to_the_field(
    data, sponsorship, coordinator, client_for
):
    response = client_for(coordinator).post(_url(sponsorship), data)
    assert response.status_code == 200
    form = response.context["end_form"]
    assert form.errors["reason"]
    html = response.content.decode()
    assert 'id="id_reason_error"' in html  # fragments/form_fields.html: under the field
    sponsorship.refresh_from_db()
    assert sponsorship.status == Sponsorship.Status.PRE_ARRIVAL
    assert not AuditEvent.objects.filter(
        object_type="sponsorships.sponsorship", action="transition"
    ).exists()


@pytest.mark.parametrize("persona", ["group_member", "municipal_officer"])
def test_other_roles_are_refused(persona, request, sponsorship, client_for):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(_url(sponsorship), {"reason": REASON})
    assert response.status_code in (403, 404)
    sponsorship.refresh_from_db()
    assert sponsorship.status == Sponsorship.Status.PRE_ARRIVAL


def test_coordinator_of_another_town_gets_404(
    sponsorship, other_coordinator, coordinator, foreign_sponsorship, client_for
):
    assert (
        client_for(other_coordinator).post(_url(sponsorship), {"reason": REASON}).status_code == 404
    )
    assert (
        client_for(coordinator).post(_url(foreign_sponsorship), {"reason": REASON}).status_code
        == 404
    )
    assert not Sponsorship.objects.filter(status=Sponsorship.Status.ENDED_EARLY).exists()


def test_only_a_get_is_refused(sponsorship, coordinator, client_for):
    assert client_for(coordinator).get(_url(sponsorship)).status_code == 405


def test_a_closed_sponsorship_cannot_end_again(sponsorship, coordinator, client_for):
    sponsorships.end_early(coordinator, sponsorship, reason="First reason")
    response = client_for(coordinator).post(_url(sponsorship), {"reason": REASON}, follow=True)
    assert response.status_code == 200
    assert "already closed" in response.content.decode()
    sponsorship.refresh_from_db()
    assert sponsorship.closing_reason == "First reason"
    assert (
        AuditEvent.objects.filter(
            object_type="sponsorships.sponsorship", action="transition"
        ).count()
        == 1
    )
