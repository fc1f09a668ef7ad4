"""Browser journey: the plan is written, returned, fixed and approved; the checklist turns
complete; the arrival is registered; an urgent signal reaches the coordinator."""

import pytest

from sponsorship.notifications import Notification
from sponsorships import arrival_checklist
from tests.browser import login, logout
from tests.sponsorships.plan_helpers import make_sponsorship

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _accept_confirms(page):
    page.on("dialog", lambda dialog: dialog.accept())


def test_plan_review_checklist_arrival_and_urgent_signal(
    page, town, programme, coordinator, group_member
):
    s = make_sponsorship(town, programme, user=group_member, actor=coordinator, contact_user=True)
    _accept_confirms(page)
    plan_url = f"/groups/plans/{s.plan.pk}/"

    # The member writes the equality section and submits.
    login(page, group_member.email)
    page.goto(f"/groups/{s.group.pk}/workspace/")
    page.click("#open-plan")
    page.click(
        "#section-equality a[href$='/groups/plans/sections/"
        f"{s.plan.sections.get(domain='equality').pk}/']"
    )
    page.fill("textarea[name=notes]", "The family decides; we ask before we act.")
    page.click("main form button[type=submit]")
    page.click("#submit-plan")
    assert page.locator("#plan-status").inner_text() != ""
    logout(page)

    # The coordinator returns it with a comment on income.
    login(page, coordinator.email)
    page.goto(plan_url)
    page.fill("#comment-income", "Who explains the advance payment?")
    page.click("button[name=decision][value=return]")
    logout(page)

    # The member sees the comment, fixes the section and resubmits.
    login(page, group_member.email)
    page.goto(plan_url)
    assert "Who explains the advance payment?" in page.locator("#review-comments").inner_text()
    page.click(f"a[href$='/groups/plans/sections/{s.plan.sections.get(domain='income').pk}/']")
    page.fill("textarea[name=notes]", "Anna explains the advance with social counselling.")
    page.click("main form button[type=submit]")
    page.click("#submit-plan")
    logout(page)

    # The coordinator approves, ticks the checklist and registers the arrival.
    login(page, coordinator.email)
    page.goto(plan_url)
    page.click("button[name=decision][value=approve]")
    s.plan.refresh_from_db()
    assert s.plan.status == "approved" and s.plan.version_count == 2
    page.goto(f"/groups/sponsorships/{s.pk}/")
    for key in arrival_checklist.TICKED:
        page.click(f"#tick-{key}")
    assert page.locator("#arrival-checklist li.open").count() == 0
    page.click("#register-arrival")
    s.refresh_from_db()
    assert s.status == "active"
    logout(page)

    # A member's check-in with an urgent signal notifies the coordinator at once.
    login(page, group_member.email)
    page.goto(f"/groups/sponsorships/{s.pk}/checkin/")
    page.select_option("select[name=household_wellbeing]", "difficult")
    page.select_option("select[name=signal_category]", "housing")
    page.select_option("select[name=signal_severity]", "urgent")
    page.fill("textarea[name=signal_description]", "Mould in the bedroom.")
    page.click("main form button[type=submit]")
    assert "Mould in the bedroom." in page.locator("#signals").inner_text()
    logout(page)
    assert Notification.objects.filter(user=coordinator, kind="urgent_signal", urgent=True).exists()
    login(page, coordinator.email)
    page.goto("/notifications/")
    # The notice says that there is an urgent signal, never what it is about.
    notices = page.locator("#notifications").inner_text()
    assert "Mould in the bedroom." not in notices and "Urgent" in notices
