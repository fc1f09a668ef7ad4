"""axe-core (WCAG 2.2 AA) on every page each role reaches, in Dutch and English; plus our own
contrast check where axe only asks for review, the public application's steps with and
without errors, and reflow at 320 px on key pages."""

import pytest
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from tests.a11y import (
    build_world,
    contrast_failures,
    describe,
    open_context,
    pages_for,
    run_axe,
)
from tests.access import ROLES
from tests.groups.test_groups_application import (
    CAPACITY,
    GROUP,
    _step,
    member,
    members_post,
    token_from,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Django 6.1's empty choice: on a Dutch page it must not stay English.
ENGLISH_BLANK = "- Select an option -"
# Empty every field of the page's main form and send it: the step comes back with errors.
SUBMIT_EMPTY = """() => { const form = document.querySelector('main form[method=post]');
  for (const el of form.elements) {
    if (el.type === 'checkbox' || el.type === 'radio') el.checked = false;
    else if (['text', 'email', 'number', 'tel', 'textarea', 'url'].includes(el.type)) el.value = '';
  }
  form.querySelector('button[type=submit]:not([name])').click(); }"""


@pytest.fixture
def world(town, coordinator, municipal_officer, group_member, administrator, programme):
    return build_world(
        {
            "coordinator": coordinator,
            "municipal": municipal_officer,
            "member": group_member,
            "admin": administrator,
            "anonymous": None,
            "_town": town,
            "_programme": programme,
        }
    )


@pytest.fixture
def application_steps(world):
    """The four steps of an application filled in up to the last, as the public sees them."""
    from django.urls import reverse

    client = Client()
    response = client.post(
        reverse("groups:apply_start", args=[world.programme.slug, world.town.pk]), GROUP
    )
    token = token_from(response)
    client.post(_step(token, "members"), members_post([member(i) for i in range(3)]))
    client.post(_step(token, "capacity"), CAPACITY)
    return [_step(token, step) for step in ("group", "members", "capacity", "consent")]


def check_page(page, url, language) -> list[str]:
    results = run_axe(page)
    failures = [f"{url}: {line}" for line in describe(results["violations"])]
    failures += [f"{url}: {line}" for line in contrast_failures(page, results["incomplete"])]
    if language == "nl" and page.locator("option", has_text=ENGLISH_BLANK).count():
        failures.append(f"{url}: English empty choice {ENGLISH_BLANK!r} on a Dutch page")
    return failures


def scan(page, urls, language) -> list[str]:
    failures = []
    for url, must_answer in urls:
        try:
            response = page.goto(url)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # a file (calendar, export), not a page
            raise
        if response is None or response.status != 200 or not page.url.endswith(url):
            if must_answer:
                failures.append(f"{url}: status {response and response.status} at {page.url}")
            continue
        if "<html" not in response.text()[:1000].lower():
            continue  # an htmx fragment that the matrix also opens directly: not a page
        page.wait_for_load_state("load")
        failures += check_page(page, url, language)
    return failures


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_every_page_has_no_wcag_violation(browser, live_server, world, role, language):
    context = open_context(browser, live_server, world.users[role], language)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        urls = pages_for(world, role)
        assert len(urls) > 3
        failures = scan(page, urls, language)
    finally:
        context.close()
    assert not failures, f"{len(failures)} problems as {role} ({language}):\n" + "\n".join(failures)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_application_steps_with_and_without_errors(
    browser, live_server, application_steps, language
):
    context = open_context(browser, live_server, None, language)
    page = context.new_page()
    page.set_default_timeout(15000)
    failures = []
    try:
        for url in application_steps:
            failures += scan(page, [(url, True)], language)
            with page.expect_navigation():
                page.evaluate(SUBMIT_EMPTY)
            if page.locator("[data-error-summary]").count() == 0:
                failures.append(f"{url}: an empty submission showed no error summary")
            failures += check_page(page, f"{url} (errors)", language)
    finally:
        context.close()
    assert not failures, "\n".join(failures)


# Reflow (WCAG 1.4.10): at 320 CSS px nothing scrolls sideways.
REFLOW_PAGES = {
    "coordinator": ["/", "/groups/", "/groups/{group}/", "/newcomers/{household}/"],
    "member": ["/groups/{group}/workspace/"],
    "anonymous": ["/accounts/login/", "/groups/apply/"],
}


def test_key_pages_reflow_at_320_px(browser, live_server, world):
    household = world.sponsorship.household
    failures = []
    for role, templates in REFLOW_PAGES.items():
        context = open_context(
            browser, live_server, world.users[role], "nl", viewport={"width": 320, "height": 640}
        )
        page = context.new_page()
        try:
            for template in templates:
                url = template.format(group=world.group.pk, household=household.pk)
                page.goto(url)
                width = page.evaluate("() => document.documentElement.scrollWidth")
                if width > 320:
                    failures.append(f"{url} as {role}: {width} px wide")
        finally:
            context.close()
    assert not failures, "\n".join(failures)
