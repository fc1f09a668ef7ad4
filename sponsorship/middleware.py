"""Request id, client address, no caching, staff session limits and mandatory MFA."""

from __future__ import annotations

import ipaddress
import time
import uuid
from urllib.parse import urlencode

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from sponsorship.audit import RequestContext, current_request


def _valid_ip(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [IPv6]:port
        value = value[1 : value.index("]")]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address, for the audit, every rate limit and allauth alike.

    Each of the TRUSTED_PROXY_COUNT proxies in front of the portal appends the address it
    received the request from to X-Forwarded-For, so the client is the N-th entry from the
    right; anything further left was written by the client and may be forged. Without
    trusted proxies the header is ignored.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(hops) >= count:
            ip = _valid_ip(hops[-count])
            if ip:
                return ip
    return _valid_ip(request.META.get("REMOTE_ADDR", ""))


class NoStoreMiddleware:
    """Every dynamic response may carry personal data: browsers and proxies keep none.

    Static files are answered by WhiteNoise before this middleware and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


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


SESSION_STARTED_KEY = "portal_session_started_at"
IDLE_STAMP_KEY = "portal_idle_stamp"


def mark_session_start(request) -> None:
    request.session[SESSION_STARTED_KEY] = time.time()


class StaffSessionMiddleware:
    """Staff sessions end after STAFF_IDLE_SECONDS without a request, and in any case
    STAFF_SESSION_MAX_SECONDS after the login (the idle timer alone slides for ever)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.needs_mfa:
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None:
                mark_session_start(request)
            elif time.time() - started > settings.STAFF_SESSION_MAX_SECONDS:
                logout(request)
                messages.info(request, _("Your session has ended; please sign in again."))
                return redirect(
                    f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}"
                )
            # Extending the expiry writes the session; doing that on every request cost an
            # UPDATE each, so the idle timer slides in steps of STAFF_IDLE_STAMP_SECONDS:
            # a session ends between that much before and STAFF_IDLE_SECONDS after the
            # last request, never later.
            now = time.time()
            if now - request.session.get(IDLE_STAMP_KEY, 0) >= settings.STAFF_IDLE_STAMP_SECONDS:
                request.session[IDLE_STAMP_KEY] = now
                request.session.set_expiry(settings.STAFF_IDLE_SECONDS)
        return self.get_response(request)


# Pages a staff member may reach before the second factor was used in this session. None of
# them shows or accepts recovery codes except the MFA challenge itself.
MFA_EXEMPT_URL_NAMES = (
    "account_logout",
    "account_login",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "set_language",
    "healthz",
    # Browsers report violations from the login and MFA pages too; it only stores a row.
    "csp_report",
)
# Only while no authenticator exists: setting one up (allauth asks for the password again
# first). Confirming the new TOTP code counts as the second factor of this session.
MFA_ENROLMENT_URL_NAMES = (
    "mfa_activate_totp",
    "account_reauthenticate",
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
        self._exempt = frozenset(reverse(name) for name in MFA_EXEMPT_URL_NAMES)
        self._enrolment = frozenset(reverse(name) for name in MFA_ENROLMENT_URL_NAMES)

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.needs_mfa
            and not request.path.startswith("/static/")
            and request.path not in self._exempt
        ):
            query = urlencode({"next": request.get_full_path()})
            if not is_mfa_enabled(user):
                if request.path not in self._enrolment:
                    return redirect(f"{reverse('mfa_activate_totp')}?{query}")
            elif not mfa_used_in_session(request):
                return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return self.get_response(request)
