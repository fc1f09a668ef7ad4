"""Journey: a coordinator runs matching and sends a proposal; the municipality approves it;
the group sees and confirms its match."""

import pytest

from matching.models import MatchProposal
from tests.browser import login, logout
from tests.matching.test_matching_support import cleared_household, home, ready_group

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_run_review_approve_and_the_group_sees_its_match(
    page, celery_worker_process, town, programme, coordinator, municipal_officer, group_member
):
    group = ready_group(town, programme, contact_user=group_member, name="Buren van Oost")
    household = cleared_household(town, programme, pseudonym="Household Cedar")
    home(town, neighbourhood="Oost")
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm asks before POSTs

    login(page, coordinator.email)
    page.goto("/matching/runs/")
    page.click("text=Start a run")
    page.select_option("select[name=programme]", str(programme.pk))
    page.check(f"input[name=municipalities][value='{town.pk}']")
    page.click("main form button[type=submit]")
    # Live progress: the htmx poll reloads the page once the worker finished.
    page.wait_for_selector("[data-run-status=succeeded]", timeout=60000)
    page.click("table a:has-text('Household Cedar')")
    assert "Why this match" in page.content()
    page.click("button:has-text('Accept')")
    page.wait_for_load_state()
    page.click("button:has-text('Send to the municipality')")
    page.wait_for_load_state()
    assert page.locator("[data-status=sent]").count() == 1
    logout(page)

    login(page, municipal_officer.email)
    page.goto("/matching/proposals/?status=sent")
    page.click("table a:has-text('Household Cedar')")
    assert household.reference in page.content()
    assert "Haddad" not in page.content()  # pseudonymous: no real names
    page.click("button:has-text('Approve the match')")
    page.wait_for_load_state()
    assert page.locator("[data-status=approved]").count() == 1
    logout(page)

    login(page, group_member.email)
    page.goto("/")
    page.click("a:has-text('Buren van Oost: Approved')")
    assert "Household Cedar" not in page.content()  # only the anonymous profile
    page.click("button:has-text('Confirm the match for our group')")
    page.wait_for_load_state()
    assert "Your group confirmed" in page.content()
    proposal = MatchProposal.objects.get(household=household)
    assert proposal.status == MatchProposal.Status.APPROVED and proposal.group_confirmed_at
    assert proposal.group == group
