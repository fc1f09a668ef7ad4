"""Helpers for Playwright journeys (headless Debian chromium; see conftest.browser)."""

import time

import pyotp

from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET


def login(
    page, email: str, password: str = TEST_PASSWORD, totp_secret: str | None = TEST_TOTP_SECRET
) -> None:
    """Log in through the real forms, passing TOTP when the account asks for it."""
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    if "/accounts/2fa/authenticate" in page.url:
        # A code can be used once; wait for a fresh one if this test just used it.
        totp = pyotp.TOTP(totp_secret)
        page.fill("input[name=code]", totp.now())
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        if "/accounts/2fa/authenticate" in page.url:
            time.sleep(30 - time.time() % 30 + 1)
            page.fill("input[name=code]", totp.now())
            page.click("main form button[type=submit]")
            page.wait_for_load_state()
    assert "/accounts/" not in page.url, f"login failed, still at {page.url}"


def logout(page) -> None:
    page.click("header form[action$='/accounts/logout/'] button")
    page.wait_for_load_state()
    if "/accounts/logout/" in page.url:  # allauth's confirmation page
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
