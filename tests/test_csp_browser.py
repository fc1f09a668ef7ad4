"""In a real browser the policy blocks injected script and leaves htmx working."""

import pytest
from django.urls import reverse

from matching.engine import ALGORITHM_VERSION, Snapshot
from matching.models import MatchingRun
from tests.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_htmx_page_runs_without_a_csp_violation(page, coordinator, town, programme):
    run = MatchingRun.objects.create(
        programme=programme,
        scope_key=str(town.pk),
        snapshot=Snapshot((), (), ()).to_json(),
        algorithm_version=ALGORITHM_VERSION,
    )  # queued: polls
    run.municipalities.set([town])
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    login(page, coordinator.email)
    progress = reverse("matching:run_progress", args=[run.pk])
    with page.expect_request(lambda r: r.url.endswith(progress), timeout=10_000) as poll:
        page.goto(reverse("matching:run_detail", args=[run.pk]))
    assert poll.value.headers.get("hx-request") == "true"  # htmx runs under the nonce
    page.wait_for_timeout(2500)  # a swap or two of the polled fragment
    assert violations == []

    # The same listener sees a script injected without the nonce being refused.
    page.evaluate("""() => { const s = document.createElement('script');
                             s.textContent = 'window.injected = true';
                             document.body.appendChild(s); }""")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.injected === undefined")
    assert any("script-src" in v for v in violations), violations
