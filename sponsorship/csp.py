"""Content Security Policy violation reports: parsed, reduced to what helps, stored, purged.

Browsers send a report whenever the policy (settings.SECURE_CSP) blocks something; a burst
of them is the first sign of an injection attempt or of a page that broke. A report can
carry personal data (query strings, tokens in paths, script samples), so only the URL
*pattern* of the page, the directive and the blocked *origin* are kept, and no IP address.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.core.exceptions import DisallowedHost
from django.db import models
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Real reports are well under 2 kB; a browser batches a few at most.
MAX_BODY_BYTES = 16 * 1024
MAX_REPORTS_PER_REQUEST = 10
PER_CLIENT_PER_MINUTE = 30
GLOBAL_PER_HOUR = 1_000
RETENTION = timedelta(days=30)

CONTENT_TYPES = ("application/csp-report", "application/reports+json")
_DIRECTIVE = re.compile(r"^[a-z-]{1,60}$")
_KEYWORD = re.compile(r"^[a-z-]{1,40}$")  # "inline", "eval", "wasm-eval", "trusted-types-sink"


# The report-to group the policy names (settings.SECURE_CSP) and the header defining it.
REPORT_GROUP = "csp-endpoint"


class ReportingCspMiddleware(ContentSecurityPolicyMiddleware):
    """Django's CSP middleware, plus the Reporting-Endpoints header ``report-to`` needs.

    Browsers that know ``report-to`` ignore ``report-uri``; both point at ``csp_report``.
    """

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if "Content-Security-Policy" in response and "Reporting-Endpoints" not in response:
            try:
                url = request.build_absolute_uri(reverse("csp_report"))
            except DisallowedHost:  # the 400 for a forged Host header needs no endpoint
                return response
            response.headers["Reporting-Endpoints"] = f'{REPORT_GROUP}="{url}"'
        return response


class CspReport(models.Model):
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    document_uri = models.CharField(
        _("page"), max_length=300, help_text=_("The URL pattern of the page, without values.")
    )
    violated_directive = models.CharField(_("directive"), max_length=60)
    blocked_uri = models.CharField(
        _("blocked"), max_length=300, help_text=_("Origin of the blocked resource, or a keyword.")
    )
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)

    class Meta:
        app_label = "sponsorship"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("CSP report")
        verbose_name_plural = _("CSP reports")

    def __str__(self) -> str:
        return f"{self.violated_directive} on {self.document_uri}"


def parse(body: bytes, content_type: str) -> list[dict]:
    """The raw report dicts of a request body; ValueError if it is not a CSP report."""
    try:
        data = json.loads(body.decode("utf-8"))
    except RecursionError:  # "[[[[…" nested deeper than the parser goes
        raise ValueError("nested too deeply") from None
    if content_type == "application/csp-report":  # report-uri: one report per request
        report = data.get("csp-report") if isinstance(data, dict) else None
        if not isinstance(report, dict):
            raise ValueError("no csp-report object")
        return [
            {
                "document": report.get("document-uri"),
                "blocked": report.get("blocked-uri"),
                "directive": report.get("effective-directive") or report.get("violated-directive"),
            }
        ]
    if not isinstance(data, list):  # report-to (Reporting API): a batch of typed reports
        raise ValueError("not a list of reports")
    reports = []
    for item in data[:MAX_REPORTS_PER_REQUEST]:
        if not isinstance(item, dict) or item.get("type") != "csp-violation":
            continue
        if isinstance(body := item.get("body"), dict):
            reports.append(
                {
                    "document": body.get("documentURL"),
                    "blocked": body.get("blockedURL"),
                    "directive": body.get("effectiveDirective"),
                }
            )
    return reports


def page_pattern(uri) -> str:
    """The URL pattern (e.g. ``/groups/<int:pk>/``) of a page of this site, else ``?``."""
    if not isinstance(uri, str):
        return "?"
    path = urlsplit(uri).path or "/"
    try:
        match = resolve(path)
    except (Resolver404, ValueError):
        return "?"
    return ("/" + match.route)[:300]


def blocked_origin(uri) -> str:
    """``scheme://host[:port]`` of a URL, a CSP keyword as given, or the scheme (``data``)."""
    if not isinstance(uri, str) or not uri:
        return "?"
    if _KEYWORD.match(uri):
        return uri
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "?"
    if parts.scheme and parts.netloc:
        host = parts.hostname or "?"
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}"[:300]
    return parts.scheme[:20] or "?"


def _directive(value) -> str:
    return value if isinstance(value, str) and _DIRECTIVE.match(value) else "?"


def store(reports: list[dict], user_agent: str) -> int:
    """Store the reduced reports; how many."""
    rows = [
        CspReport(
            document_uri=page_pattern(r["document"]),
            violated_directive=_directive(r["directive"]),
            blocked_uri=blocked_origin(r["blocked"]),
            user_agent=user_agent[:200],
        )
        for r in reports
    ]
    CspReport.objects.bulk_create(rows)
    return len(rows)


def purge_old(now=None) -> int:
    """Delete reports older than RETENTION; how many."""
    cutoff = (now or timezone.now()) - RETENTION
    deleted, _per_model = CspReport.objects.filter(created_at__lt=cutoff).delete()
    return deleted
