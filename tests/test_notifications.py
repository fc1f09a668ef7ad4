"""Notifications: exactly once per user and key, e-mail once, digests, and each reminder
rule on crafted dates (time frozen)."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sponsorship import notifications, reminders
from sponsorship.notifications import Candidate, Notification, notify
from sponsorships import monitoring, plans
from sponsorships import services as sponsorships
from tests.sponsorships.plan_helpers import make_sponsorship

pytestmark = pytest.mark.django_db
ARRIVAL = date(2027, 3, 15)


def _rule(name):
    reminders.autodiscover()
    return {k.rsplit(".", 1)[-1]: r for k, r in reminders.registered().items()}[name]


def _keys(name, today):
    return sorted((c.user_id, c.key) for c in _rule(name)(today))


def test_notify_is_once_per_user_and_key(group_member):
    assert notify(group_member, "test", "k1", "Hello")
    assert not notify(group_member, "test", "k1", "Hello again")
    assert Notification.objects.filter(user=group_member).count() == 1


def test_a_run_repeated_inserts_nothing_new(group_member, coordinator):
    rule = {
        "test": lambda today: (
            Candidate(u.pk, f"k{i}", "test", "s")
            for u in (group_member, coordinator)
            for i in range(7)
        )
    }
    first = reminders.run(date(2027, 1, 1), rule, batch_size=3)
    second = reminders.run(date(2027, 1, 1), rule, batch_size=3)
    assert (first.candidates, first.created) == (14, 14)
    assert (second.candidates, second.created) == (14, 0)


def test_pending_emails_go_once_and_urgent_ignores_the_digest(group_member, coordinator):
    notifications.set_mode(group_member, "digest")
    notify(group_member, "test", "a", "Digest me")
    notify(group_member, "urgent_signal", "b", "Urgent", urgent=True)
    notify(coordinator, "test", "c", "Straight away")
    assert notifications.send_pending() == 2
    assert notifications.send_pending() == 0
    assert sorted(m.subject for m in mail.outbox) == ["Straight away", "Urgent"]
    assert mail.outbox[0].extra_headers["Message-ID"].startswith("<notification-")


def test_digest_assembles_everything_unsent_in_the_users_language(group_member):
    group_member.language = "en"
    group_member.save()
    notifications.set_mode(group_member, "digest")
    for i in range(3):
        notify(group_member, "test", f"d{i}", f"Item {i}", url="/groups/")
    digest = notifications.build_digest(group_member)
    assert "3 new notifications" in digest.subject
    assert all(f"Item {i}" in digest.body for i in range(3))
    assert "http" in digest.body and "/groups/" in digest.body
    assert notifications.send_digests() == 1
    assert notifications.send_digests() == 0
    assert len(mail.outbox) == 1
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_list_page_mark_read_and_preference(group_member, client_for):
    notify(group_member, "test", "x", "Read me")
    client = client_for(group_member)
    assert "Read me" in client.get(reverse("notifications:list")).content.decode()
    client.post(reverse("notifications:mark_read"))
    assert Notification.objects.get(key="x").read_at is not None
    client.post(reverse("notifications:preferences"), {"mode": "digest"})
    assert notifications.mode_for(group_member) == "digest"


def test_list_shows_only_own_notifications(group_member, coordinator, client_for):
    notify(coordinator, "test", "secret", "Coordinator only")
    page = client_for(group_member).get(reverse("notifications:list")).content.decode()
    assert "Coordinator only" not in page


# --- the rules, on crafted dates ------------------------------------------------------------


@pytest.fixture
def group(town, programme):
    from tests.groups.factories import SponsorGroupFactory

    return SponsorGroupFactory(municipality=town, programme=programme, members=3)


@pytest.fixture
def pre_arrival(town, programme, group_member, coordinator):
    return make_sponsorship(
        town, programme, user=group_member, actor=coordinator, expected_arrival=ARRIVAL
    )


def test_plan_not_submitted_four_weeks_before_arrival(pre_arrival, group_member):
    assert _keys("plan_not_submitted", ARRIVAL - timedelta(weeks=4, days=1)) == []
    keys = _keys("plan_not_submitted", ARRIVAL - timedelta(weeks=4))
    assert (group_member.pk, f"plan-due:{pre_arrival.plan.pk}:{ARRIVAL}") in keys
    section = pre_arrival.plan.sections.get(domain="equality")
    section.notes = "Agency."
    section.save()
    plans.submit(group_member, pre_arrival.plan)
    assert _keys("plan_not_submitted", ARRIVAL - timedelta(days=3)) == []


def test_checklist_open_seven_days_before_arrival(pre_arrival, coordinator):
    assert _keys("checklist_open", ARRIVAL - timedelta(days=8)) == []
    assert _keys("checklist_open", ARRIVAL - timedelta(days=7)) == [
        (coordinator.pk, f"checklist-open:{pre_arrival.pk}:{ARRIVAL}")
    ]


def _arrived(town, programme, member, coordinator, on=date(2027, 1, 4)):
    s = make_sponsorship(
        town, programme, user=member, actor=coordinator, contact_user=True, expected_arrival=on
    )
    with time_machine.travel(on, tick=False):
        sponsorships.register_arrival(coordinator, s, on, "test")
    return s


def test_tasks_overdue_after_their_relative_date(town, programme, group_member, coordinator):
    s = _arrived(town, programme, group_member, coordinator)
    bank = s.plan.sections.get(domain="income").tasks.get(offset_days=7)  # the bank account
    assert bank.member.user == group_member  # the persona is the contact member
    due = date(2027, 1, 11)
    assert (group_member.pk, f"task-overdue:{bank.pk}:{due}") not in _keys("tasks_overdue", due)
    assert (group_member.pk, f"task-overdue:{bank.pk}:{due}") in _keys(
        "tasks_overdue", due + timedelta(days=1)
    )
    plans.set_task_status(group_member, bank, "done")
    assert all(f":{bank.pk}:" not in k for _u, k in _keys("tasks_overdue", date(2027, 2, 1)))


def test_checkin_overdue_on_the_cadence(town, programme, group_member, coordinator):
    s = _arrived(town, programme, group_member, coordinator)
    assert _keys("checkin_overdue", date(2027, 1, 11)) == []
    keys = _keys("checkin_overdue", date(2027, 1, 12))
    assert {
        (group_member.pk, f"checkin-overdue:{s.pk}:2027-01-11"),
        (coordinator.pk, f"checkin-overdue:{s.pk}:2027-01-11"),
    } <= set(keys)
    with time_machine.travel(date(2027, 1, 12), tick=False):
        monitoring.record_checkin(
            group_member, s, by="member", held_on=date(2027, 1, 12), household_wellbeing="good"
        )
    assert _keys("checkin_overdue", date(2027, 1, 13)) == []


def test_vog_missing_weekly_per_group(group, coordinator):
    keys = _keys("vog_missing", date(2027, 1, 6))
    assert keys == [(coordinator.pk, f"vog-missing:{group.pk}:2027-W01")]
    assert _keys("vog_missing", date(2027, 1, 8)) == keys  # same week, same key


def test_year_ending_within_thirty_days(town, programme, group_member, coordinator):
    s = _arrived(town, programme, group_member, coordinator)
    assert s.ends_on == date(2028, 1, 4)
    assert _keys("year_ending", date(2027, 12, 4)) == []
    assert (group_member.pk, f"year-ending:{s.pk}:2028-01-04") in _keys(
        "year_ending", date(2027, 12, 5)
    )


def test_training_session_tomorrow(town, programme, group_member):
    from tests.groups.factories import GroupMemberFactory, SponsorGroupFactory
    from training.models import Enrolment, TrainingModule, TrainingSession

    group = SponsorGroupFactory(municipality=town, programme=programme, members=1)
    member = GroupMemberFactory(group=group, user=group_member, email=group_member.email)
    module = TrainingModule.objects.create(
        programme=programme, code="start", name_nl="Start", name_en="Start"
    )
    starts = timezone.make_aware(datetime(2027, 2, 3, 19, 0))
    session = TrainingSession.objects.create(
        module=module,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        trainer="Sanne",
        capacity=10,
        place="Wijkhuis",
    )
    Enrolment.objects.create(session=session, member=member, status="enrolled")
    assert _keys("session_tomorrow", date(2027, 2, 1)) == []
    assert _keys("session_tomorrow", date(2027, 2, 2)) == [
        (group_member.pk, f"session-tomorrow:{session.pk}")
    ]


def test_reminders_are_written_in_the_recipients_language(group, coordinator):
    coordinator.language = "en"
    coordinator.save()
    candidate = next(iter(_rule("vog_missing")(date(2027, 1, 6))))
    assert candidate.subject.startswith("Certificates of conduct")
