"""Journey: a group applies, the coordinator runs intake and approval, a member joins."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from groups.models import GroupMember, SponsorGroup
from tests.browser import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _apply(page, programme, town):
    page.goto(f"/groups/apply/{programme.slug}/{town.pk}/")
    page.fill("#id_name", "Buren van de Biltstraat")
    page.fill("#id_neighbourhood", "Biltstraat")
    page.fill("#id_email", "contact@example.org")
    page.fill("#id_interests", "cooking, cycling")
    page.fill(
        "#id_motivation",
        "We want to help a family feel at home in our street, together with our neighbours.",
    )
    page.click("main form button[type=submit]")
    for i in range(3):
        prefix = f"#id_members-{i}-"
        page.fill(prefix + "name", f"Member {i}")
        if i:
            page.fill(prefix + "email", f"member{i}@example.org")
        page.fill(prefix + "phone", "06 12345678")
        page.select_option(prefix + "language_1", "nl")
        page.select_option(prefix + "level_1", "native")
        page.fill(prefix + "professional_sector", "education")
    page.click("text=Save and continue")
    page.fill("#id_max_household_size", "4")
    page.check("input[value=medical]")
    page.click("text=Save and continue")
    page.check("#id_consent")
    page.click("text=Submit the application")
    assert "Thank you" in page.locator("h1").inner_text()


def _coordinator_approves(page, group):
    page.goto("/groups/")
    page.get_by_role("link", name=group.name, exact=True).click()
    page.get_by_role("link", name="Plan the intake").click()
    when = timezone.localtime() + timedelta(days=1)
    page.fill("#id_planned_at", when.strftime("%Y-%m-%dT%H:%M"))
    page.click("main form button[type=submit]")
    assert page.locator("#group-status").inner_text() == "Intake planned"
    page.get_by_role("link", name="Record the intake").click()
    page.fill("#id_held_on", timezone.localdate().isoformat())
    page.select_option("#id_outcome", "positive")
    page.fill("#id_notes_motivation", "Well prepared.")
    page.click("main form button[type=submit]")
    today = timezone.localdate()
    for member in group.members.all():
        page.get_by_role("link", name=f"Declaration/VOG of {member.name}").click()
        page.fill("#id_declaration_signed_on", today.isoformat())
        page.fill("#id_vog_issued_on", (today - timedelta(days=5)).isoformat())
        page.fill("#id_vog_received_on", today.isoformat())
        page.click("main form button[type=submit]")
    page.click("text=Move to “Approved”")
    assert page.locator("#group-status").inner_text() == "Approved"


def test_apply_intake_approve_and_member_workspace(page, programme, town, coordinator, run_jobs):
    _apply(page, programme, town)
    group = SponsorGroup.objects.get()
    login(page, coordinator.email)
    _coordinator_approves(page, group)
    logout(page)
    run_jobs()  # what the worker does: the invitations are e-mailed

    invitation_mail = next(m for m in mail.outbox if m.to == ["member1@example.org"])
    link = re.search(r"https?://\S+/invitations/\S+/", invitation_mail.body).group(0)
    page.goto(link.split("/invitations/")[1].join(["/invitations/", ""]))
    page.fill("#id_password1", "a-Long-passw0rd-2026")
    page.fill("#id_password2", "a-Long-passw0rd-2026")
    page.click("main form button[type=submit]")
    page.goto("/groups/mine/")
    assert group.name in page.locator("h1").inner_text()
    assert page.locator(".checklist .done", has_text="Group approved").count() == 1
    assert GroupMember.objects.get(email="member1@example.org").user is not None


def test_seed_demo_has_groups_in_every_state(live_server):
    call_command("seed_demo")
    states = set(SponsorGroup.objects.values_list("status", flat=True))
    assert states == set(SponsorGroup.Status.values)
    lid = GroupMember.objects.get(user__email="lid@demo.samenhier.nl", active=True)
    assert lid.group.municipality.name == "Utrecht"
    assert lid.group.programme.slug == "samen-hier"
    assert lid.group.status in SponsorGroup.APPROVED_STATES
