"""Browser journey: register a household, inform, consent, publish the profile, withdraw."""

import pytest

from newcomers.models import AnonymousProfile, Household
from tests.browser import login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_journey(page, coordinator, town, programme):
    login(page, coordinator.email)
    page.goto("/newcomers/new/")
    page.fill("input[name=pseudonym]", "Household Cedar")
    page.select_option("select[name=programme]", str(programme.pk))
    page.select_option("select[name=municipality]", str(town.pk))
    page.select_option("select[name=country_of_stay]", "LB")
    page.select_option("select[name=language_1]", "ar")
    page.select_option("select[name=level_1]", "native")
    page.check("input[name=interests][value=cooking]")
    page.check("input[name=needs_ground_floor]")
    page.select_option("select[name=members-0-relation]", "principal")
    page.select_option("select[name=members-0-age_band]", "30-49")
    page.select_option("select[name=members-1-relation]", "child")
    page.select_option("select[name=members-1-age_band]", "5-11")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/newcomers/*/")
    household = Household.objects.get(pseudonym="Household Cedar")
    assert household.size == 2

    page.click("button:has-text('Pre-select')")
    page.click("a:has-text('Record information')")
    page.fill("input[name=informed_by]", "UNHCR Beirut, Leila Nassar")
    page.select_option("main select[name=language]", "ar")
    # The topics start unticked: the coordinator confirms each one was covered.
    for box in page.locator("main input[name=topics]").all():
        box.check()
    page.click("main form button[type=submit]")
    page.click("a:has-text('Record consent')")
    page.check("input[name=participate]")
    page.check("input[name=processing]")
    page.check("input[name=share_profile]")
    page.click("main form button[type=submit]")
    assert page.inner_text("#household-status") == "Consented"

    page.click("a:has-text('Anonymous profile')")
    preview = page.inner_text("#profile-preview")
    assert "Household Cedar" not in preview and household.reference not in preview
    page.click("button:has-text('Publish to groups')")
    page.wait_for_url(f"**/newcomers/{household.pk}/")
    assert AnonymousProfile.objects.get(household=household).published

    page.click("a:has-text('Record withdrawal')")
    assert "no effect on anything outside this programme" in page.inner_text("main")
    page.fill("textarea[name=reason]", "Prefers to wait for family reunification.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Record withdrawal')")
    page.wait_for_url(f"**/newcomers/{household.pk}/")
    assert page.inner_text("#household-status") == "Withdrawn"
    assert "Alternative support needed" in page.inner_text("main")
    assert "Withdrew on" in page.inner_text("#consent-history")
    household.refresh_from_db()
    assert household.needs_alternative_support
    assert not AnonymousProfile.objects.get(household=household).published
