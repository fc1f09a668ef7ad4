"""Coordinators and municipal staff are told of what waits for them: once each, only the
people in scope, in their own language, by e-mail at once or in the digest as they chose;
and the navigation shows how many notifications are unread."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from groups import application, notices
from groups.models import ApplicationDraft
from matching import services as matching
from matching.models import MatchProposal
from newcomers.models import CaseAccess
from sponsorship import notifications
from sponsorship.notifications import Notification, NotificationPreference
from sponsorships import monitoring
from sponsorships import notices as sponsorship_notices
from tests.factories import CoordinatorFactory, MunicipalStaffFactory
from tests.groups.factories import SponsorGroupFactory
from tests.matching.test_matching_support import cleared_household, home, proposal, ready_group
from tests.sponsorships.plan_helpers import make_sponsorship
from tests.training.factories import TrainingModuleFactory
from training import completions
from training.models import TrainingModule

pytestmark = pytest.mark.django_db


def _of(user, kind):
    return list(Notification.objects.filter(user=user, kind=kind))


def _draft(town, programme):
    members = [
        {
            "name": f"Person {i}",
            "email": f"p{i}@example.org",
            "phone": "06 1",
            "languages": {"nl": "native"},
            "is_contact": i == 0,
        }
        for i in range(3)
    ]
    return ApplicationDraft.objects.create(
        token_hash="t" * 64,
        programme=programme,
        municipality=town,
        email="p0@example.org",
        expires_at=timezone.now() + timedelta(days=1),
        data={
            "group": {
                "name": "Buren van Lombok",
                "neighbourhood": "Lombok",
                "interests": ["cooking"],
                "motivation": "We want to help.",
            },
            "members": members,
            "capacity": {"max_household_size": 4, "supported_vulnerabilities": []},
        },
    )


def test_new_application_tells_the_towns_coordinators_once(
    coordinator, other_coordinator, town, programme
):
    other_programme = CoordinatorFactory(towns=[town])
    other_programme.scope_programmes.set([SponsorGroupFactory().programme])
    group = application.submit(_draft(town, programme))
    [note] = _of(coordinator, "group_applied")
    # In the coordinator's own language: Dutch.
    assert note.subject == "Nieuwe aanmelding van sponsorgroep Buren van Lombok in Utrecht"
    assert note.url == reverse("groups:detail", args=[group.pk]) and note.body == ""
    assert not Notification.objects.filter(user=other_coordinator).exists()
    assert not Notification.objects.filter(user=other_programme).exists()
    assert notices.application_received(group) == 0  # a repeat creates nothing
    assert len(_of(coordinator, "group_applied")) == 1


def test_each_e_learning_report_tells_the_coordinators(
    coordinator, other_coordinator, town, programme
):
    group = SponsorGroupFactory(
        municipality=town, programme=programme, members=5, status="in_training"
    )
    module = TrainingModuleFactory(
        programme=programme, kind=TrainingModule.Kind.E_LEARNING, name_en="Impact with your network"
    )
    for member in group.members.all():
        completions.report_e_learning(member, module, None, date(2026, 1, 5))
    notes = _of(coordinator, "e_learning_reported")
    assert len(notes) == 5 and all(n.url == reverse("training:reports") for n in notes)
    # In the coordinator's own language (the module's name has both).
    assert module.name_in(coordinator.language) in notes[0].subject
    assert not Notification.objects.filter(user=other_coordinator).exists()


def test_plan_submitted_tells_the_coordinators(
    coordinator, other_coordinator, town, programme, group_member
):
    from sponsorships import plans
    from sponsorships.plan_models import Domain

    s = make_sponsorship(town, programme, user=group_member, actor=coordinator)
    s.plan.sections.filter(domain=Domain.EQUALITY).update(notes="The household decides.")
    plans.submit(group_member, s.plan)
    assert len(_of(coordinator, "plan_submitted")) == 1
    assert not Notification.objects.filter(user=other_coordinator).exists()


@pytest.fixture
def arrived(town, programme, coordinator):
    return make_sponsorship(town, programme, actor=coordinator)


def _urgent(sponsorship):
    return monitoring.raise_signal(
        None,
        sponsorship,
        category="health",
        severity="urgent",
        description="The father cannot use the shower.",
    )


def test_urgent_signal_reaches_case_access_holders_without_its_content(
    arrived, coordinator, other_coordinator, town
):
    colleague = CoordinatorFactory(towns=[town], organisation=coordinator.organisation)
    CaseAccess.objects.create(household=arrived.household, user=colleague, granted_by=coordinator)
    signal = _urgent(arrived)
    [note] = _of(colleague, "urgent_signal")
    assert note.urgent and note.body == ""
    assert "shower" not in note.subject and "Health" not in note.subject
    assert note.url == reverse("sponsorships:sponsorship", args=[arrived.pk])
    # The town's coordinator without case access, and the other town's, are not told.
    assert not _of(coordinator, "urgent_signal")
    assert not Notification.objects.filter(user=other_coordinator).exists()
    sponsorship_notices.urgent_signal(signal)
    assert len(_of(colleague, "urgent_signal")) == 1


def test_urgent_signal_without_case_access_goes_to_the_towns_coordinators(
    arrived, coordinator, other_coordinator
):
    _urgent(arrived)
    assert len(_of(coordinator, "urgent_signal")) == 1
    assert not Notification.objects.filter(user=other_coordinator).exists()


def test_proposal_sent_tells_the_municipality_and_respects_the_digest(
    town,
    programme,
    coordinator,
    municipal_officer,
    other_municipal_officer,
    django_capture_on_commit_callbacks,
):
    colleague = MunicipalStaffFactory(municipality=town)
    notifications.set_mode(colleague, NotificationPreference.Mode.DIGEST)
    p = proposal(cleared_household(town, programme), ready_group(town, programme), home(town))
    matching.accept(p, coordinator)
    matching.send(p, coordinator)
    [note] = _of(municipal_officer, "proposal_sent")
    assert p.household.pseudonym in note.subject
    assert note.url == reverse("matching:dossier", args=[p.pk])
    assert len(_of(colleague, "proposal_sent")) == 1
    assert not Notification.objects.filter(user=other_municipal_officer).exists()
    # Immediate: e-mailed now; digest: waits for the daily e-mail.
    notifications.send_pending()
    assert [m.to for m in mail.outbox] == [[municipal_officer.email]]
    assert notifications.send_digests() == 1 and mail.outbox[-1].to == [colleague.email]
    assert MatchProposal.objects.get(pk=p.pk).status == MatchProposal.Status.SENT


# --- the unread badge -------------------------------------------------------------------------


def test_navigation_shows_the_unread_count(client_for, coordinator):
    for i in range(3):
        notifications.notify(coordinator, "test", f"badge:{i}", f"Note {i}")
    client = client_for(coordinator)
    page = client.get(reverse("groups:list")).content.decode()
    assert '<span class="badge nav-badge">3<span class="visually-hidden"> unread</span>' in page
    notifications.mark_read(coordinator)
    page = client.get(reverse("groups:list")).content.decode()
    assert "nav-badge" not in page


def test_badge_costs_one_query(client_for, coordinator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(coordinator)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("notifications:list"))
    counts = [
        q["sql"]
        for q in captured.captured_queries
        if "sponsorship_notification" in q["sql"]
        and "COUNT" in q["sql"].upper()
        and '"read_at" IS NULL' in q["sql"]
    ]
    # The list page counts unread itself; the navigation adds exactly one more.
    assert len(counts) == 2
