"""The pre-arrival checklist, the arrival guard and its audited override, monitoring,
evaluations and completion."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from groups.models import SponsorGroup
from newcomers.models import Household
from sponsorship.models import AuditEvent
from sponsorship.notifications import Notification
from sponsorships import arrival_checklist, monitoring, plans
from sponsorships import services as sponsorships
from sponsorships.models import Sponsorship
from sponsorships.monitoring import Cadence, next_due
from tests.sponsorships import plan_helpers

pytestmark = pytest.mark.django_db
sponsorship = plan_helpers.sponsorship
TODAY = date(2027, 3, 20)


def approve_plan(s, member, coordinator):
    section = s.plan.sections.get(domain="equality")
    section.notes = "They decide."
    section.save()
    plans.submit(member, s.plan)
    plans.approve(coordinator, s.plan)


def tick_all(s, coordinator):
    for key in arrival_checklist.TICKED:
        arrival_checklist.set_tick(coordinator, s, key, done=True)


def test_checklist_computes_what_the_data_knows(sponsorship, group_member, coordinator):
    items = {i.key: i for i in arrival_checklist.checklist(sponsorship)}
    assert items["training"].done  # matched groups passed training
    assert items["match_approved"].done
    assert items["task_division"].done  # the template fills every domain
    assert not items["plan_approved"].done
    assert not items["social_map"].done and not items["social_map"].computed
    approve_plan(sponsorship, group_member, coordinator)
    tick_all(sponsorship, coordinator)
    assert arrival_checklist.is_complete(sponsorship)
    with pytest.raises(ValidationError):
        arrival_checklist.set_tick(coordinator, sponsorship, "plan_approved", done=True)


@time_machine.travel(TODAY, tick=False)
def test_arrival_is_refused_while_items_are_open(sponsorship, coordinator):
    with pytest.raises(ValidationError, match="checklist|controlelijst|checklijst"):
        sponsorships.register_arrival(coordinator, sponsorship, TODAY)
    sponsorship.refresh_from_db()
    assert sponsorship.status == Sponsorship.Status.PRE_ARRIVAL
    assert sponsorship.group.status == SponsorGroup.Status.MATCHED


@time_machine.travel(TODAY, tick=False)
def test_coordinator_override_with_reason_is_audited(sponsorship, coordinator, group_member):
    with pytest.raises(ValidationError):
        sponsorships.register_arrival(group_member, sponsorship, TODAY, "members cannot")
    sponsorships.register_arrival(
        coordinator, sponsorship, TODAY, "Flight moved forward by the reception agency"
    )
    sponsorship.refresh_from_db()
    assert sponsorship.status == Sponsorship.Status.ACTIVE
    assert sponsorship.arrival_override_reason.startswith("Flight moved")
    event = AuditEvent.objects.get(
        object_type="sponsorships.sponsorship", action="update", fields=["arrival_override_reason"]
    )
    assert "plan_approved" in event.summary and "Flight" not in event.summary


@time_machine.travel(TODAY, tick=False)
def test_arrival_moves_sponsorship_group_and_household_together(
    sponsorship, coordinator, group_member
):
    approve_plan(sponsorship, group_member, coordinator)
    tick_all(sponsorship, coordinator)
    sponsorships.register_arrival(coordinator, sponsorship, TODAY)
    sponsorship.refresh_from_db()
    assert sponsorship.arrival_date == TODAY and sponsorship.ends_on == date(2028, 3, 20)
    assert SponsorGroup.objects.get(pk=sponsorship.group_id).status == "active"
    household = Household.objects.get(pk=sponsorship.household_id)
    assert household.status == Household.Status.IN_SPONSORSHIP
    assert household.arrival_date == TODAY
    with pytest.raises(ValidationError):
        sponsorships.register_arrival(coordinator, sponsorship, TODAY)


@time_machine.travel(TODAY, tick=False)
def test_a_failed_household_move_rolls_everything_back(sponsorship, coordinator):
    Household.objects.filter(pk=sponsorship.household_id).update(status="matched")
    with pytest.raises(ValidationError):
        sponsorships.register_arrival(coordinator, sponsorship, TODAY, "override")
    sponsorship.refresh_from_db()
    assert sponsorship.status == Sponsorship.Status.PRE_ARRIVAL
    assert SponsorGroup.objects.get(pk=sponsorship.group_id).status == "matched"


def test_cadence_weekly_for_three_months_then_monthly():
    arrival, cadence = date(2027, 1, 10), Cadence(3, 7, 30)
    assert next_due(arrival, None, cadence) == date(2027, 1, 17)
    assert next_due(arrival, date(2027, 4, 3), cadence) == date(2027, 4, 10)
    assert next_due(arrival, date(2027, 4, 10), cadence) == date(2027, 5, 10)


def _arrive(s, coordinator):
    with time_machine.travel(TODAY, tick=False):
        sponsorships.register_arrival(coordinator, s, TODAY, "test")


def test_checkin_due_follows_the_last_checkin(sponsorship, coordinator, group_member):
    _arrive(sponsorship, coordinator)
    assert monitoring.checkin_due(sponsorship) == TODAY + timedelta(days=7)
    with time_machine.travel(date(2027, 3, 30), tick=False):
        monitoring.record_checkin(
            group_member,
            sponsorship,
            by="member",
            held_on=date(2027, 3, 29),
            household_wellbeing="good",
        )
    assert monitoring.checkin_due(sponsorship) == date(2027, 4, 5)


def test_urgent_signal_notifies_the_towns_coordinators_at_once(
    sponsorship, coordinator, other_coordinator, group_member, client_for
):
    _arrive(sponsorship, coordinator)
    with time_machine.travel(TODAY, tick=False):  # the session must not be "expired"
        client = client_for(group_member)
        response = client.post(
            reverse("sponsorships:checkin_add", args=[sponsorship.pk]),
            {
                "held_on": TODAY.isoformat(),
                "by": "member",
                "household_wellbeing": "difficult",
                "group_wellbeing": "okay",
                "signal_category": "housing",
                "signal_severity": "urgent",
                "signal_description": "Mould in the bedroom; the child is coughing.",
                "signal_by_household": "on",
            },
        )
    assert response.status_code == 302
    signal = sponsorship.signals.get()
    assert signal.raised_by_household and signal.is_open
    note = Notification.objects.get(user=coordinator, kind="urgent_signal")
    # Only that it happened and where (issue 13): the description stays on the page.
    assert note.urgent and note.body == "" and "Mould" not in note.subject
    assert not Notification.objects.filter(user=other_coordinator).exists()
    monitoring.resolve_signal(coordinator, signal, "Landlord treated the wall.")
    signal.refresh_from_db()
    assert not signal.is_open


def test_household_feedback_link_without_an_account(sponsorship, coordinator, client):
    _arrive(sponsorship, coordinator)
    link = monitoring.create_feedback_link(coordinator, sponsorship, "ar")
    url = reverse("sponsorships:household_feedback", args=[link.token])
    page = client.get(url)
    assert page.status_code == 200 and 'dir="rtl"' in page.content.decode()
    assert "كيف" in page.content.decode()
    assert "Як справи" in client.get(url + "?lang=uk").content.decode()
    client.post(
        url,
        {"wellbeing": "difficult", "category": "income", "urgent": "on", "message": "No money yet"},
    )
    signal = sponsorship.signals.get()
    assert signal.raised_by_household and signal.severity == "urgent"
    assert Notification.objects.filter(user=coordinator, kind="urgent_signal").exists()
    assert client.get(reverse("sponsorships:household_feedback", args=["nope"])).status_code == 404


def test_evaluations_lead_to_completion(sponsorship, coordinator):
    _arrive(sponsorship, coordinator)
    monitoring.record_evaluation(
        coordinator,
        sponsorship,
        kind="interim",
        held_on=TODAY,
        participants="group, household, coordinator",
    )
    assert sponsorship.status == Sponsorship.Status.INTERIM_DONE
    with pytest.raises(ValidationError):
        monitoring.record_evaluation(
            coordinator, sponsorship, kind="closing", held_on=TODAY, participants="all"
        )
    monitoring.record_evaluation(
        coordinator,
        sponsorship,
        kind="closing",
        held_on=TODAY,
        participants="all",
        transition_plan="Own contacts now.",
    )
    assert sponsorship.status == Sponsorship.Status.TRANSITION
    sponsorships.complete(coordinator, sponsorship)
    assert SponsorGroup.objects.get(pk=sponsorship.group_id).status == "completed"
    assert Household.objects.get(pk=sponsorship.household_id).status == "completed"
