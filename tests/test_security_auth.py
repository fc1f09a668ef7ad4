"""Issue 11, findings 1, 2, 4 and 9: MFA cannot be bypassed, the admin has no login of its
own, client addresses behind the proxy, and the absolute staff session lifetime."""

import time

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import Client, RequestFactory
from django.urls import reverse

from sponsorship.middleware import SESSION_STARTED_KEY, client_ip
from sponsorship.models import AuditEvent
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET, CoordinatorFactory

MFA_GUARDED = [
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_index",
    "account_reauthenticate",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "account_change_password",
    "account_email",
]


def password_only(user) -> Client:
    """A session that passed the password but not the second factor."""
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_admin_login_page_does_not_sign_in_with_the_password_alone(administrator):
    client = Client()
    response = client.post(
        "/admin/login/", {"username": administrator.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_admin_login_goes_through_the_rate_limited_allauth_login(administrator):
    client = Client()
    for _ in range(6):
        client.post("/admin/login/", {"username": administrator.email, "password": "wrong"})
        client.post(reverse("account_login"), {"login": administrator.email, "password": "wrong"})
    response = client.post(
        reverse("account_login"), {"login": administrator.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 200  # refused: too many failures for this account
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("name", MFA_GUARDED)
def test_no_page_reveals_or_changes_mfa_without_the_second_factor(administrator, name):
    RecoveryCodes.activate(administrator)
    response = password_only(administrator).get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


@pytest.mark.django_db
def test_the_reported_bypass_chain_is_closed(administrator):
    codes = RecoveryCodes.activate(administrator).get_unused_codes()
    client = Client()
    client.post("/admin/login/", {"username": administrator.email, "password": TEST_PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    response = client.get(reverse("mfa_view_recovery_codes"))
    assert all(code not in response.content.decode() for code in codes)
    assert client.get("/admin/").status_code == 302
    # Even signed in with the password through allauth, the codes stay hidden.
    client.post(reverse("account_login"), {"login": administrator.email, "password": TEST_PASSWORD})
    response = client.get(reverse("mfa_view_recovery_codes"))
    assert response.status_code == 302
    assert all(code not in response.content.decode() for code in codes)


@pytest.mark.django_db
def test_a_recovery_code_is_a_second_factor_for_who_holds_it(administrator):
    code = RecoveryCodes.activate(administrator).get_unused_codes()[0]
    client = Client()
    client.post(reverse("account_login"), {"login": administrator.email, "password": TEST_PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db(transaction=True)  # allauth sends authenticator_added on commit
def test_totp_enrolment_then_recovery_codes(town):
    user = CoordinatorFactory(towns=[town], mfa=False)
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    assert client.get(reverse("mfa_view_recovery_codes"))["Location"].startswith(
        reverse("mfa_activate_totp")
    )
    # allauth asks for the password again before a new authenticator is added.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    secret = response.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    # The new code was the session's second factor: the codes to write down are shown.
    response = client.get(reverse("mfa_view_recovery_codes"))
    assert response.status_code == 200
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_enrolment_pages_are_closed_once_an_authenticator_exists(coordinator):
    response = password_only(coordinator).get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    code = pyotp.TOTP(TEST_TOTP_SECRET).now()
    assert code  # the persona's authenticator is real


# --- the client address (finding 4) ---------------------------------------------------


def _request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "6.6.6.6", "203.0.113.9"),  # no proxy: header ignored
        (1, "10.0.0.2", "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # forged leftmost entry
        (1, "10.0.0.2", "203.0.113.9", "203.0.113.9"),
        (2, "10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.3", "203.0.113.9"),
        (1, "10.0.0.2", None, "10.0.0.2"),  # not through the proxy
        (1, "10.0.0.2", "not-an-ip", "10.0.0.2"),
        (1, "10.0.0.2", "[2001:db8::1]", "2001:db8::1"),
    ],
)
def test_client_ip_counts_trusted_proxies_from_the_right(
    settings, count, remote, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(_request(remote, forwarded)) == expected


@pytest.mark.django_db
def test_failures_of_others_behind_the_proxy_do_not_lock_out_a_user(settings, coordinator):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = Client(HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)
    for n in range(12):
        attacker.post(
            reverse("account_login"), {"login": f"guess{n}@example.org", "password": "wrong"}
        )
    victim = Client(HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    response = victim.post(
        reverse("account_login"), {"login": coordinator.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")


@pytest.mark.django_db
def test_a_client_behind_the_proxy_is_limited_on_its_own_address(settings, coordinator):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(11):
        # A varied forged left part does not make a new bucket.
        Client(HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 203.0.113.66", **proxy).post(
            reverse("account_login"), {"login": f"guess{n}@example.org", "password": "wrong"}
        )
    same_client = Client(HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)
    response = same_client.post(
        reverse("account_login"), {"login": coordinator.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in same_client.session


@pytest.mark.django_db
def test_the_audit_stores_the_real_client_not_a_forged_header(settings, coordinator):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    client.post(reverse("account_login"), {"login": coordinator.email, "password": "wrong"})
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert event.ip == "203.0.113.9"


# --- the absolute staff session lifetime (finding 9) ------------------------------------


@pytest.mark.django_db
def test_staff_session_ends_at_its_absolute_lifetime_however_active(
    client_for, coordinator, settings
):
    client = client_for(coordinator)
    assert client.get("/").status_code == 200
    session = client.session
    assert session[SESSION_STARTED_KEY] <= time.time()
    session[SESSION_STARTED_KEY] = time.time() - settings.STAFF_SESSION_MAX_SECONDS - 1
    session.save()
    response = client.get("/groups/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.get("/groups/").status_code == 302


@pytest.mark.django_db
def test_group_member_sessions_follow_the_normal_cookie_age(client_for, group_member):
    client = client_for(group_member)
    session = client.session
    session[SESSION_STARTED_KEY] = 0
    session.save()
    assert client.get("/").status_code == 200
