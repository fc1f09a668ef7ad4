"""Plan versioning (a submitted version never changes), the review flow, the PDF."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db import InternalError, ProgrammingError, transaction
from django.urls import reverse
from pypdf import PdfReader

from sponsorship.models import AuditEvent
from sponsorship.notifications import Notification
from sponsorships import plans
from sponsorships.models import PlanVersion, ResettlementPlan
from tests.sponsorships import plan_helpers

pytestmark = pytest.mark.django_db
sponsorship = plan_helpers.sponsorship
foreign_sponsorship = plan_helpers.foreign_sponsorship
P = ResettlementPlan.Status


def _fill_equality(plan, text="The household decides; we ask before we act."):
    section = plan.sections.get(domain="equality")
    section.notes = text
    section.save()


def test_submit_needs_the_equality_and_agency_section(sponsorship, group_member):
    with pytest.raises(ValidationError, match="dependency|afhankelijkheid"):
        plans.submit(group_member, sponsorship.plan)
    _fill_equality(sponsorship.plan)
    version = plans.submit(group_member, sponsorship.plan)
    assert version.number == 1
    assert sponsorship.plan.status == P.SUBMITTED
    equality = next(s for s in version.snapshot["sections"] if s["domain"] == "equality")
    assert equality["notes"].startswith("The household decides")


def test_a_submitted_version_cannot_change_even_in_the_database(sponsorship, group_member):
    _fill_equality(sponsorship.plan)
    version = plans.submit(group_member, sponsorship.plan)
    for statement in (
        "UPDATE groups_planversion SET snapshot = '{}' WHERE id = %s",
        "DELETE FROM groups_planversion WHERE id = %s",
    ):
        with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute(statement, [version.pk])
    # And the plan itself is locked while under review.
    section = sponsorship.plan.sections.get(domain="housing")
    with pytest.raises(ValidationError):
        plans.save_section(group_member, section, "changed after submitting")


def test_review_returns_with_comments_then_approves_the_next_version(
    sponsorship, group_member, coordinator
):
    plan = sponsorship.plan
    _fill_equality(plan)
    plans.submit(group_member, plan)
    with pytest.raises(ValidationError):
        plans.return_for_changes(coordinator, plan, {"housing": "  "})
    plans.return_for_changes(coordinator, plan, {"housing": "Who finds the furniture?"})
    assert plan.status == P.RETURNED
    assert plan.versions.get(number=1).comments.get().body == "Who finds the furniture?"
    # Members are told; the group edits and resubmits.
    assert Notification.objects.filter(user=group_member, kind="plan_returned").exists()
    plans.save_section(
        group_member,
        plan.sections.get(domain="housing"),
        "The Jansens collect furniture from the neighbourhood.",
    )
    second = plans.submit(group_member, plan)
    assert second.number == 2
    diff = {
        d["domain"]: d for d in plans.compare(plan.versions.get(number=1).snapshot, second.snapshot)
    }
    assert diff["housing"]["notes_changed"] and not diff["income"]["changed"]
    plans.approve(coordinator, plan)
    assert plan.status == P.APPROVED
    assert PlanVersion.objects.filter(plan=plan).count() == 2
    with pytest.raises(ValidationError):
        plans.approve(coordinator, plan)
    assert (
        AuditEvent.objects.filter(
            object_type="sponsorships.resettlementplan", action="transition"
        ).count()
        == 4
    )


def test_coordinators_are_notified_of_a_submission(
    sponsorship, group_member, coordinator, other_coordinator
):
    _fill_equality(sponsorship.plan)
    plans.submit(group_member, sponsorship.plan)
    assert Notification.objects.filter(user=coordinator, kind="plan_submitted").count() == 1
    assert not Notification.objects.filter(user=other_coordinator).exists()


def test_views_member_submits_coordinator_returns_member_resubmits(
    sponsorship, group_member, coordinator, client_for
):
    plan = sponsorship.plan
    member, coord = client_for(group_member), client_for(coordinator)
    equality = plan.sections.get(domain="equality")
    url = reverse("sponsorships:plan_section", args=[equality.pk])
    assert member.post(url, {"notes": "They choose."}).status_code == 302
    assert coord.post(url, {"notes": "x"}).status_code == 403
    assert member.post(reverse("sponsorships:plan_submit", args=[plan.pk])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == P.SUBMITTED
    review = reverse("sponsorships:plan_review", args=[plan.pk])
    assert member.post(review, {"decision": "approve"}).status_code == 403
    coord.post(review, {"decision": "return", "comment_income": "Add the advance payment."})
    plan.refresh_from_db()
    assert plan.status == P.RETURNED
    page = member.get(reverse("sponsorships:plan", args=[plan.pk]))
    assert "Add the advance payment." in page.content.decode()
    member.post(reverse("sponsorships:plan_submit", args=[plan.pk]))
    coord.post(review, {"decision": "approve"})
    plan.refresh_from_db()
    assert plan.status == P.APPROVED and plan.version_count == 2
    assert coord.get(reverse("sponsorships:plan_version", args=[plan.pk, 2])).status_code == 200


def test_task_form_needs_a_member_when_a_member_is_responsible(
    sponsorship, group_member, client_for
):
    section = sponsorship.plan.sections.get(domain="health")
    url = reverse("sponsorships:plan_task_add", args=[section.pk])
    client = client_for(group_member)
    response = client.post(url, {"title": "Dentist", "responsible": "member", "status": "open"})
    assert response.status_code == 200
    assert section.tasks.filter(title="Dentist").count() == 0
    client.post(
        url, {"title": "Dentist", "responsible": "household", "offset_days": 30, "status": "open"}
    )
    assert section.tasks.get(title="Dentist").offset_days == 30


def test_a_member_reaches_only_their_own_plan(
    sponsorship, foreign_sponsorship, group_member, client_for
):
    client = client_for(group_member)
    assert client.get(reverse("sponsorships:plan", args=[sponsorship.plan.pk])).status_code == 200
    for name in ("sponsorships:plan", "sponsorships:plan_household", "sponsorships:plan_pdf"):
        assert client.get(reverse(name, args=[foreign_sponsorship.plan.pk])).status_code == 404


@pytest.mark.parametrize(
    ("language", "title", "domain"),
    [
        ("nl", "Hervestigingsplan", "Gelijkwaardigheid en regie"),
        ("en", "Resettlement plan", "Equality and agency"),
    ],
)
def test_pdf_text_in_dutch_and_english(
    sponsorship, group_member, client_for, language, title, domain
):
    _fill_equality(sponsorship.plan, "Wij vragen eerst wat zij willen.")
    response = client_for(group_member).get(
        reverse("sponsorships:plan_pdf", args=[sponsorship.plan.pk]) + f"?lang={language}"
    )
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert title in text and domain in text
    assert sponsorship.household.pseudonym in text
    assert "Wij vragen eerst wat zij willen." in text
    assert "Haddad" not in text  # the real name never appears


@pytest.mark.django_db
def test_workspace_checklist_follows_the_plan(sponsorship, coordinator):
    from groups.checklist import checklist

    def plan_item():
        items = {item.label: item for item in checklist(sponsorship.group)}
        return items["Resettlement plan written"]

    assert not plan_item().done
    assert "Draft" in plan_item().detail
    ResettlementPlan.objects.filter(sponsorship=sponsorship).update(
        status=ResettlementPlan.Status.APPROVED
    )
    assert plan_item().done
