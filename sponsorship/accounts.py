"""allauth integration: no open sign-up; audit logins; allauth's mail on the one path."""

from datetime import datetime

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import record_authentication
from allauth.account.signals import user_logged_in, user_logged_out
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.contrib.auth import signals as auth_signals
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.utils import formats, timezone, translation

from sponsorship import audit, mail
from sponsorship.links import on_site
from sponsorship.middleware import client_ip, mark_session_start


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # People join by invitation only (sponsorship.services.create_invitation).
        return False

    def get_client_ip(self, request):
        # allauth's rate limits count per client: the same trusted-proxy rule as the audit.
        return client_ip(request) or super().get_client_ip(request)

    def send_mail(self, template_prefix, email, context):
        """Queue allauth's e-mail (password reset, e-mail confirmation, the unknown-account
        notice) on the portal's one mail path (sponsorship/mail.py): written in this
        request, sent by the worker at once (none of them can wait for a digest), in the
        account holder's language or else the request's, with links on the portal's
        own address (sponsorship/links.py)."""
        from sponsorship.models import User

        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "language", "") or translation.get_language()
        mail.queue(
            mail.ACCOUNT,
            email,
            template_prefix,
            language=language,
            user=user,
            secret=_mail_values(context, language),
        )


# Values allauth passes that its links already carry, or that are objects.
_DROPPED = {"request", "user", "key", "uid", "email", "current_site"}


def _mail_values(context: dict, language: str) -> dict:
    """What allauth's templates print, as JSON: links moved onto the portal's own address
    (allauth builds them from the request's Host header), times written out in the
    recipient's language. All of it is kept only until the e-mail is sent (a link or a
    code is a secret)."""
    values = {}
    for name, value in context.items():
        if name in _DROPPED:
            continue
        if isinstance(value, datetime):
            with translation.override(language):
                value = formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if isinstance(value, str) and name.endswith("_url"):
            value = on_site(value)
        if isinstance(value, str | int | float | bool):
            values[name] = value
    return values


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
