"""Keyboard only: log in, apply as a group (errors take focus), filter and sort a list. Every
stop on the way shows where the focus is."""

import pyotp
import pytest

from tests.a11y import describe, open_context, run_axe
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET
from tests.groups.factories import SponsorGroupFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = "sel => { const el = document.activeElement; return !!el && el.matches(sel); }"
# A focus indicator: an outline or a box shadow on the focused element.
INDICATOR = """() => { const s = getComputedStyle(document.activeElement);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  return outline || s.boxShadow !== 'none'; }"""


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until ``selector`` has the focus; each element passed shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        what = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
        assert page.evaluate(INDICATOR), f"no visible focus on {what}"
        if page.evaluate(FOCUSED, selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def focused(page, selector: str) -> bool:
    return page.evaluate(FOCUSED, selector)


@pytest.fixture
def keyboard_page(browser, live_server):
    def make(user=None, language="en"):
        context = open_context(browser, live_server, user, language)
        page = context.new_page()
        page.set_default_timeout(15000)
        contexts.append(context)
        return page

    contexts = []
    yield make
    for context in contexts:
        context.close()


def test_log_in_with_the_keyboard_including_the_second_factor(keyboard_page, coordinator):
    page = keyboard_page()
    page.goto("/accounts/login/")
    tab_to(page, "input[name=login]")
    page.keyboard.type(coordinator.email)
    tab_to(page, "input[name=password]")
    page.keyboard.type(TEST_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/accounts/2fa/authenticate" in page.url
    tab_to(page, "input[name=code]")
    page.keyboard.type(pyotp.TOTP(TEST_TOTP_SECRET).now())
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/accounts/" not in page.url
    assert page.locator(".user-badge").count() == 1


def test_a_wrong_password_is_announced_and_takes_focus(keyboard_page, group_member):
    page = keyboard_page()
    page.goto("/accounts/login/")
    tab_to(page, "input[name=login]")
    page.keyboard.type(group_member.email)
    tab_to(page, "input[name=password]")
    page.keyboard.type("not the password")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.matches('[data-error-summary]')")
    assert page.title().startswith("Error: ")
    assert describe(run_axe(page)["violations"]) == []


def test_apply_with_the_keyboard_errors_take_focus(keyboard_page, programme, town):
    page = keyboard_page()
    page.goto("/groups/apply/")
    tab_to(page, "select[name=programme]")
    page.keyboard.press("ArrowDown")
    tab_to(page, "select[name=municipality]")
    page.keyboard.press("ArrowDown")
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"/groups/apply/{programme.slug}/{town.pk}/" in page.url
    # Submit the group step empty: the summary gets the focus and the title says so.
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.matches('[data-error-summary]')")
    assert page.title().startswith("Error: ")
    summary = page.locator("[data-error-summary]")
    assert summary.get_attribute("role") == "alert"
    assert summary.locator("a").count() == 5
    assert describe(run_axe(page)["violations"]) == []
    # The first link leads to the field itself.
    page.keyboard.press("Tab")
    assert focused(page, "[data-error-summary] a[href='#id_name']")
    page.keyboard.press("Enter")
    assert focused(page, "#id_name")
    field_values = {
        "#id_name": "Buren van Lombok",
        "#id_neighbourhood": "Lombok",
        "#id_email": "anna@example.org",
        "#id_interests": "cooking, music",
        "#id_motivation": "We would like to welcome a family in our street "
        "and help them settle in town.",
    }
    for selector, value in field_values.items():
        if not focused(page, selector):
            tab_to(page, selector)
        page.keyboard.type(value)
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/members/")
    assert page.locator("[data-error-summary]").count() == 0
    assert not page.title().startswith("Error")


def test_filter_and_sort_a_list_with_the_keyboard(keyboard_page, coordinator, town, programme):
    for name in ("Amstel", "Zuidas", "Lombok"):
        SponsorGroupFactory(name=name, neighbourhood=name, municipality=town, programme=programme)
    page = keyboard_page(coordinator)
    page.goto("/groups/")
    tab_to(page, "main .filter-form input[name=q]")  # past the header's search box
    page.keyboard.type("Lomb")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in a text field submits the filter form
    assert "/groups/?" in page.url and "q=Lomb" in page.url
    rows = page.locator("tbody").inner_text()
    assert "Lombok" in rows and "Amstel" not in rows
    page.goto("/groups/")
    tab_to(page, "thead th a[href*='sort=name']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "sort=name" in page.url
    header = page.locator("thead th[aria-sort]")
    assert header.get_attribute("aria-sort") == "ascending"
    assert header.locator("a").inner_text().startswith("Group")
    tab_to(page, "thead th[aria-sort] a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "sort=-name" in page.url
    assert page.locator("thead th[aria-sort]").get_attribute("aria-sort") == "descending"
