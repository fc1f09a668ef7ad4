"""Request id, staff idle timeout and mandatory MFA for staff."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from sponsorship.audit import RequestContext, current_request


def client_ip(request) -> str | None:
    # Behind the production proxy REMOTE_ADDR is the proxy; X-Forwarded-For's first hop is
    # the client. Only trusted in production, where the proxy overwrites the header.
    if settings.PRODUCTION:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        token = current_request.set(RequestContext(request.request_id, client_ip(request)))
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class StaffSessionMiddleware:
    """Staff sessions end after STAFF_IDLE_SECONDS without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.needs_mfa:
            # set_expiry marks the session modified, so every request extends it.
            request.session.set_expiry(settings.STAFF_IDLE_SECONDS)
        return self.get_response(request)


# Pages a staff member may reach before MFA is set up and used in this session.
MFA_EXEMPT_URL_NAMES = (
    "account_logout",
    "account_login",
    "mfa_activate_totp",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "account_reauthenticate",
    "set_language",
    "healthz",
)


def mfa_used_in_session(request) -> bool:
    records = get_authentication_records(request, request.user)
    return any(r.get("method") == "mfa" for r in records)


class MfaRequiredMiddleware:
    """Coordinators, municipal staff and administrators must use MFA.

    allauth has no switch for mandatory MFA, so: without an authenticator they are sent
    to set one up; with one that was not used in this session (e.g. just activated) they
    must confirm a code before any page with personal data.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt_paths: frozenset[str] | None = None

    def exempt_paths(self) -> frozenset[str]:
        if self._exempt_paths is None:
            paths = set()
            for name in MFA_EXEMPT_URL_NAMES:
                try:
                    paths.add(reverse(name))
                except Exception:  # noqa: S112, BLE001 - optional allauth URL
                    continue
            self._exempt_paths = frozenset(paths)
        return self._exempt_paths

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.needs_mfa
            and not request.path.startswith("/static/")
            and request.path not in self.exempt_paths()
        ):
            query = urlencode({"next": request.get_full_path()})
            if not is_mfa_enabled(user):
                return redirect(f"{reverse('mfa_activate_totp')}?{query}")
            if not mfa_used_in_session(request):
                return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return self.get_response(request)
