"""Journey: municipal staff add an offer, a coordinator reserves it, the register shows it."""

import pytest

from tests.browser import login, logout
from tests.factories import CoordinatorFactory, MunicipalityFactory, MunicipalStaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_offer_from_registration_to_reservation_to_register(page):
    town = MunicipalityFactory(name="Zeist")
    officer = MunicipalStaffFactory(email="wonen@zeist.example", municipality=town)
    coordinator = CoordinatorFactory(email="coordinator@zeist.example", towns=[town])

    login(page, officer.email)
    page.goto("/housing/")
    page.click("text=Register an offer")
    page.select_option("select[name=kind]", "permanent")
    page.fill("input[name=neighbourhood]", "Kerckebosch")
    page.fill("input[name=address]", "Kerckeboschlaan 12, 3707 Zeist")
    page.fill("input[name=bedrooms]", "3")
    page.fill("input[name=max_occupants]", "5")
    page.fill("input[name=rent]", "735")
    page.fill("input[name=available_from]", "2026-06-01")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "Prospect" in page.locator(".badge").first.inner_text()
    page.click("button:has-text('Offer to newcomers')")
    page.wait_for_load_state()
    assert "Offered" in page.locator(".badge").first.inner_text()
    logout(page)

    login(page, coordinator.email)
    page.goto("/housing/?status=offered")
    page.click("table a:has-text('Kerckebosch')")
    assert "Kerckeboschlaan" not in page.content()  # no address before allocation
    page.fill("input[name=note]", "match with group Zeist-Oost")
    page.click("button:has-text('Reserve for a match')")
    page.wait_for_load_state()
    assert "Reserved" in page.locator(".badge").first.inner_text()
    logout(page)

    login(page, officer.email)
    page.goto("/housing/register/")
    assert page.locator(".stat[data-status=reserved]").inner_text() == "1"
    assert page.locator(".stat[data-status=offered]").inner_text() == "0"
