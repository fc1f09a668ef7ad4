"""The endpoint browsers send Content Security Policy violation reports to."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sponsorship import csp, ratelimit


def _allowed(request) -> bool:
    # Per client first, so one noisy client does not use up the global budget.
    return ratelimit.allow(
        request, "csp-report", limit=csp.PER_CLIENT_PER_MINUTE, window_seconds=60
    ) and ratelimit.hit("csp-report:all", limit=csp.GLOBAL_PER_HOUR, window_seconds=3600)


def _read_body(request) -> bytes | None:
    """The body if it is at most MAX_BODY_BYTES, else None (also when chunked and longer)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if declared > csp.MAX_BODY_BYTES:
        return None
    body = request.read(csp.MAX_BODY_BYTES + 1)
    return body if len(body) <= csp.MAX_BODY_BYTES else None


@login_not_required  # browsers send reports from every page, the login page included
@csrf_exempt  # a browser's report carries no token; it can only add a row
@require_POST
def csp_report(request):
    if request.content_type not in csp.CONTENT_TYPES:
        return HttpResponse(status=415)
    if not _allowed(request):
        return HttpResponse(status=429)
    body = _read_body(request)
    if body is None:
        return HttpResponse(status=413)
    try:
        reports = csp.parse(body, request.content_type)
    except ValueError:  # bad JSON, bad UTF-8, wrong shape
        return HttpResponse(status=400)
    csp.store(reports, request.headers.get("User-Agent", ""))
    return HttpResponse(status=204)
