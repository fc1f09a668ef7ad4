"""allauth integration: no open sign-up; audit logins."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import record_authentication
from allauth.account.signals import user_logged_in, user_logged_out
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.contrib.auth import signals as auth_signals
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from sponsorship import audit
from sponsorship.middleware import client_ip, mark_session_start


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # People join by invitation only (sponsorship.services.create_invitation).
        return False

    def get_client_ip(self, request):
        # allauth's rate limits count per client: the same trusted-proxy rule as the audit.
        return client_ip(request) or super().get_client_ip(request)


@receiver(auth_signals.user_logged_in)
def _start_session_clock(sender, request, user, **kwargs):
    # The absolute staff session lifetime counts from here (StaffSessionMiddleware).
    if request is not None and hasattr(request, "session"):
        mark_session_start(request)


@receiver(authenticator_added)
def _totp_setup_is_a_second_factor(sender, request, user, authenticator, **kwargs):
    # Activating TOTP requires a valid code from the new device: the session has then used
    # a second factor, so the recovery codes shown next belong to a completed MFA.
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(
            request, user, method="mfa", type=authenticator.type, id=authenticator.pk
        )


@receiver(user_logged_in)
def _audit_login(sender, request, user, **kwargs):
    audit.record(audit.Action.LOGIN, actor=user, obj=user)


@receiver(user_logged_out)
def _audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(audit.Action.LOGOUT, actor=user, obj=user)


@receiver(user_login_failed)
def _audit_login_failed(sender, credentials, request=None, **kwargs):
    # Never store the attempted e-mail: it may belong to someone else.
    audit.record(audit.Action.LOGIN_FAILED, summary="failed login attempt")
