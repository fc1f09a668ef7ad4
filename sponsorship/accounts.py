"""allauth integration: no open sign-up; audit logins."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.signals import user_logged_in, user_logged_out
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from sponsorship import audit


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # People join by invitation only (sponsorship.services.create_invitation).
        return False


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
