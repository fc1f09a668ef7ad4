"""The visual system in the browser, on the demo data: every visible button is readable
(text/background >= 4.5:1), no page is wider than a 320 px screen, the phone header is
compact and its menu opens."""

import re

import pytest
from django.core.management import call_command

from sponsorship.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.browser import login
from tests.visual import button_contrasts, overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The main pages of each role; a (list, pattern) pair opens the list's first matching link.
PAGES = {
    "coordinator": [
        "/",
        "/groups/",
        ("/groups/", r"^/groups/\d+/$"),
        "/newcomers/",
        ("/newcomers/", r"^/newcomers/\d+/$"),
        "/groups/sponsorships/",
        ("/groups/sponsorships/", r"^/groups/sponsorships/\d+/$"),
        "/matching/runs/",
        ("/matching/runs/", r"^/matching/runs/\d+/$"),
        "/matching/proposals/",
        ("/matching/proposals/", r"^/matching/proposals/\d+/$"),
        "/training/sessions/",
        ("/training/sessions/", r"^/training/sessions/\d+/$"),
        "/training/reports/",
        "/housing/",
        ("/housing/", r"^/housing/offers/\d+/$"),
        "/notifications/",
        "/audit/",
        "/invitations/",
    ],
    "gemeente": [
        "/",
        "/matching/proposals/",
        "/housing/",
        ("/housing/", r"^/housing/offers/\d+/$"),
    ],
    "lid": [
        "/",
        "/groups/mine/",
        "/training/mine/",
        "/matching/my-match/",
        "/newcomers/profiles/",
        "/notifications/",
    ],
}
PUBLIC = ["/", "/accounts/login/", "/groups/apply/"]
# Buttons that were white on white before the button component (issue 12); the demo data
# shows them, so the contrast check cannot pass by finding no buttons.
ONCE_INVISIBLE = {"Tick", "Propose removal", "Mark as read", "Revoke"}


@pytest.fixture
def demo_data(live_server):
    call_command("seed_demo")


def _account(prefix):
    return next(a for a in DEMO_ACCOUNTS if a.email.startswith(prefix + "@"))


def _resolve(page, entry) -> str | None:
    if isinstance(entry, str):
        return entry
    listing, pattern = entry
    page.goto(listing)
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(a => a.getAttribute('href'))")
    return next((h for h in hrefs if re.match(pattern, h.split("?")[0])), None)


def _check_pages(page, paths, problems, seen_buttons):
    for path in paths:
        page.set_viewport_size({"width": 1440, "height": 900})
        assert page.goto(path).status == 200, path
        for button in button_contrasts(page):
            seen_buttons.add(button["text"])
            if button["ratio"] < 4.5:
                problems.append(
                    f"{path}: button {button['text']!r} ({button['classes']}) "
                    f"has contrast {button['ratio']}:1"
                )
        page.set_viewport_size({"width": 320, "height": 700})
        page.reload()
        width = overflow(page)
        if width["scrollWidth"] > width["width"]:
            problems.append(
                f"{path}: {width['scrollWidth']} px wide at 320 px ({', '.join(width['culprits'])})"
            )


def test_buttons_are_readable_and_pages_fit_a_320px_screen(page, demo_data):
    problems, seen = [], set()
    _check_pages(page, PUBLIC, problems, seen)
    for prefix, entries in PAGES.items():
        account = _account(prefix)
        page.context.clear_cookies()
        login(page, account.email, DEMO_PASSWORD, account.totp_secret or None)
        paths = [path for path in (_resolve(page, e) for e in entries) if path]
        assert len(paths) == len(entries), f"a detail page of {prefix} was not found"
        _check_pages(page, paths, problems, seen)
    assert not problems, "\n".join(problems)
    assert seen >= ONCE_INVISIBLE, ONCE_INVISIBLE - seen


def test_the_phone_header_is_compact_and_its_menu_opens(page, demo_data):
    account = _account("lid")
    login(page, account.email, DEMO_PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/groups/mine/")
    header = page.locator(".site-header")
    assert header.bounding_box()["height"] <= 0.1 * 844
    nav = page.get_by_role("navigation", name="Main")
    assert not nav.is_visible()
    toggle = page.locator(".nav-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert nav.get_by_role("link", name="My group").is_visible()
    page.keyboard.press("Escape")
    assert not nav.is_visible()
    # At desktop width the menu is always open and the button is gone.
    page.set_viewport_size({"width": 1440, "height": 900})
    assert nav.is_visible() and not toggle.is_visible()
