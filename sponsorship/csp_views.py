"""The endpoint browsers send Content Security Policy violation reports to."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sponsorship import csp
from sponsorship.middleware import client_ip


def _within(key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit on ``key``; False once ``limit`` is exceeded in the fixed window.

    ``add`` sets the expiry only when the counter is new and ``incr`` is atomic in Redis,
    so every web process shares one count.
    """
    cache.add(key, 0, window_seconds)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
        return True


def _allowed(request) -> bool:
    # Per client first, so one noisy client does not use up the global budget.
    return (_within(f"csp-report:{client_ip(request) or 'unknown'}",
                    csp.PER_CLIENT_PER_MINUTE, 60)
            and _within("csp-report:all", csp.GLOBAL_PER_HOUR, 3600))


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
