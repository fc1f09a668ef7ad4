"""The Content Security Policy (ASVS 3.4.3) and its report endpoint."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sponsorship import csp
from sponsorship.models import CspReport
from sponsorship.tasks import purge_csp_reports

ROOT = Path(settings.BASE_DIR)
NONCE = re.compile(r"script-src 'self' 'nonce-([A-Za-z0-9_-]+)'")
REPORT_URI = {
    "csp-report": {
        "document-uri": "https://portal.example.org/groups/17/?email=ann%40example.org",
        "referrer": "https://portal.example.org/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "original-policy": "default-src 'self'",
        "disposition": "enforce",
        "blocked-uri": "https://evil.example.net/x.js?session=secret",
        "status-code": 200,
        "script-sample": "alert('Ann de Vries')",
    }
}


def _policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.django_db
def test_the_policy_has_every_asvs_directive_and_a_fresh_nonce_per_request(client):
    first, second = client.get(reverse("account_login")), client.get(reverse("account_login"))
    policy = _policy(first)
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["report-uri"] == "/csp-report"
    assert policy["report-to"] == csp.REPORT_GROUP
    assert "unsafe-inline" not in first.headers["Content-Security-Policy"]
    assert first.headers["Reporting-Endpoints"] == (
        f'{csp.REPORT_GROUP}="http://testserver/csp-report"'
    )
    nonces = [NONCE.search(r.headers["Content-Security-Policy"]).group(1) for r in (first, second)]
    assert nonces[0] != nonces[1]
    for response, nonce in zip((first, second), nonces, strict=True):
        tags = re.findall(r"<script\b[^>]*>", response.content.decode())
        assert len(tags) >= 2  # htmx and portal.js
        assert all(f'nonce="{nonce}"' in tag for tag in tags), tags


@pytest.mark.django_db
def test_a_logged_in_page_carries_the_nonce_too(client_for, coordinator):
    response = client_for(coordinator).get(reverse("home"))
    nonce = NONCE.search(response.headers["Content-Security-Policy"]).group(1)
    assert response.content.decode().count(f'nonce="{nonce}"') == 3  # htmx, portal.js, nav.js


def test_every_script_tag_in_the_templates_carries_the_nonce():
    templates = [
        p
        for p in ROOT.glob("**/templates/**/*.html")
        if not {".venv", "node_modules"} & set(p.parts)
    ]
    assert templates
    missing = [
        f"{path.relative_to(ROOT)}: {tag}"
        for path in templates
        for tag in re.findall(r"<script\b[^>]*>", path.read_text())
        if 'nonce="{{ csp_nonce }}"' not in tag
    ]
    assert not missing, missing
    inline_styles = [
        str(p.relative_to(ROOT))
        for p in templates
        if "pdf" not in p.parts and re.search(r"\sstyle=\"|<style", p.read_text())
    ]
    assert not inline_styles, "style-src is 'self': no inline styles in page templates"


def test_htmx_injects_no_indicator_styles():
    base = (ROOT / "templates" / "base.html").read_text()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", base).group(1)
    assert json.loads(config)["includeIndicatorStyles"] is False


def _post(client, payload, content_type="application/csp-report", **extra):
    body = payload if isinstance(payload, bytes | str) else json.dumps(payload)
    return client.post(reverse("csp_report"), body, content_type=content_type, **extra)


@pytest.mark.django_db
def test_a_report_is_stored_without_personal_data():
    client = Client(enforce_csrf_checks=True)  # anonymous, no CSRF token: as a browser sends
    response = _post(client, REPORT_URI, HTTP_USER_AGENT="Mozilla/5.0 " + "x" * 500)
    assert response.status_code == 204
    report = CspReport.objects.get()
    assert report.document_uri == "/groups/<int:pk>/"  # the pattern: no id, no query
    assert report.violated_directive == "script-src-elem"
    assert report.blocked_uri == "https://evil.example.net"
    assert len(report.user_agent) == 200
    stored = json.dumps([report.document_uri, report.blocked_uri, report.user_agent])
    assert "ann" not in stored and "secret" not in stored and "Vries" not in stored


@pytest.mark.django_db
def test_reporting_api_batches_are_stored(client):
    batch = [
        {
            "type": "csp-violation",
            "age": 10,
            "url": "https://portal.example.org/",
            "user_agent": "Chrome",
            "body": {
                "documentURL": "https://portal.example.org/accounts/login/?next=/audit/",
                "blockedURL": "inline",
                "effectiveDirective": "script-src-elem",
                "disposition": "enforce",
                "sample": "steal()",
            },
        },
        {"type": "deprecation", "body": {"id": "x"}},
        {
            "type": "csp-violation",
            "body": {
                "documentURL": "https://x/",
                "blockedURL": "data:image/png;base64,AAAA",
                "effectiveDirective": "img-src",
            },
        },
    ]
    assert _post(client, batch, "application/reports+json").status_code == 204
    rows = {(r.document_uri, r.violated_directive, r.blocked_uri) for r in CspReport.objects.all()}
    assert rows == {("/accounts/login/", "script-src-elem", "inline"), ("/", "img-src", "data")}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"{" + b" " * (csp.MAX_BODY_BYTES + 1) + b"}", "application/csp-report", 413),
        (b"not json", "application/csp-report", 400),
        (b"\xff\xfe", "application/csp-report", 400),
        (b"[" * 5000 + b"]" * 5000, "application/reports+json", 400),
        (b'{"no": "report"}', "application/csp-report", 400),
        (b'{"csp-report": {}}', "application/reports+json", 400),
        (json.dumps(REPORT_URI).encode(), "text/plain", 415),
    ],
)
def test_bad_bodies_are_refused_and_store_nothing(client, body, content_type, status):
    assert _post(client, body, content_type).status_code == status
    assert not CspReport.objects.exists()


@pytest.mark.django_db
def test_only_post(client):
    assert client.get(reverse("csp_report")).status_code == 405


@pytest.mark.django_db
def test_reports_are_rate_limited_per_client_and_in_total(client, monkeypatch):
    monkeypatch.setattr(csp, "PER_CLIENT_PER_MINUTE", 3)
    monkeypatch.setattr(csp, "GLOBAL_PER_HOUR", 5)
    statuses = [_post(client, REPORT_URI, REMOTE_ADDR="198.51.100.7").status_code for _ in range(4)]
    assert statuses == [204, 204, 204, 429]
    others = [
        _post(client, REPORT_URI, REMOTE_ADDR=f"203.0.113.{i}").status_code for i in range(1, 5)
    ]
    assert others == [204, 204, 429, 429]  # the global cap: 5 stored in all
    assert CspReport.objects.count() == 5


@pytest.mark.django_db
def test_reports_older_than_thirty_days_are_purged():
    old = CspReport.objects.create(
        document_uri="/", violated_directive="img-src", blocked_uri="data"
    )
    CspReport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    recent = CspReport.objects.create(
        document_uri="/", violated_directive="img-src", blocked_uri="data"
    )
    assert purge_csp_reports() == 1
    assert list(CspReport.objects.all()) == [recent]
    schedule = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "sponsorship.tasks.purge_csp_reports" in schedule


@pytest.mark.django_db
def test_a_forged_host_is_refused_without_a_reporting_endpoint(client):
    response = client.get(reverse("account_login"), HTTP_HOST="evil.example.net")
    assert response.status_code == 400
    assert "Reporting-Endpoints" not in response


@pytest.mark.django_db
def test_reports_from_a_staff_session_before_its_second_factor_are_kept(client, coordinator):
    client.force_login(coordinator)  # password only: every other page asks for the code
    assert client.get(reverse("home")).status_code == 302
    assert _post(client, REPORT_URI).status_code == 204
    assert CspReport.objects.count() == 1
