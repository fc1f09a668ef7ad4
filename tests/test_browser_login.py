"""Log in as each demo role through the real pages in headless Chromium."""

import pytest
from django.core.management import call_command

from sponsorship.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.browser import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(live_server):
    call_command("seed_demo")


def test_every_demo_role_logs_in_and_sees_its_home(page, demo_data):
    for account in DEMO_ACCOUNTS:
        login(page, account.email, DEMO_PASSWORD, account.totp_secret or None)
        assert page.locator("h1").first.inner_text().startswith(("Welkom", "Welcome"))
        assert (
            account.email.split("@")[0] in page.content()
            or page.locator(".user-badge").count() == 1
        )
        logout(page)
        assert "/accounts/login/" in page.url or page.locator("a[href='/accounts/login/']").count()


def test_staff_must_pass_totp(page, demo_data):
    coordinator = next(a for a in DEMO_ACCOUNTS if a.email.startswith("coordinator"))
    page.goto("/accounts/login/")
    page.fill("input[name=login]", coordinator.email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/2fa/authenticate" in page.url
    page.goto("/audit/")
    assert "/audit/" not in page.url  # no page with personal data before the code
