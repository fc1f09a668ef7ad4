"""MFA is mandatory for staff; group members are not forced."""

import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET, CoordinatorFactory


@pytest.mark.django_db
def test_staff_without_authenticator_is_sent_to_totp_setup(town):
    user = CoordinatorFactory(towns=[town], mfa=False)
    client = Client()
    client.force_login(user)
    response = client.get("/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.django_db
def test_staff_with_totp_not_used_this_session_must_confirm(coordinator):
    client = Client()
    client.force_login(coordinator)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


@pytest.mark.django_db
def test_password_then_totp_login_reaches_home(coordinator):
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": coordinator.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Without the code, nothing with personal data opens (the home is the public landing).
    assert client.get(reverse("groups:list")).status_code == 302
    code = pyotp.TOTP(TEST_TOTP_SECRET).now()
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_wrong_totp_code_is_refused(coordinator):
    client = Client()
    client.post(reverse("account_login"), {"login": coordinator.email, "password": TEST_PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get(reverse("groups:list")).status_code == 302


@pytest.mark.django_db
def test_group_member_needs_no_mfa(group_member):
    client = Client()
    client.force_login(group_member)
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_staff_session_expires_after_idle_minutes(client_for, coordinator, settings):
    client = client_for(coordinator)
    client.get("/")
    assert client.session.get_expiry_age() == settings.STAFF_IDLE_SECONDS == 30 * 60


@pytest.mark.django_db
def test_login_is_rate_limited(client, coordinator):
    url = reverse("account_login")
    for _ in range(5):
        client.post(url, {"login": coordinator.email, "password": "wrong"})
    # Even the right password is refused now: allauth's per-e-mail limit (5 per 5 min).
    response = client.post(
        url, {"login": coordinator.email, "password": TEST_PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Too many failed login attempts" in str(response.context["form"].errors)
    assert "_auth_user_id" not in client.session
