"""No open sign-up: staff join by invitation."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sponsorship.models import AuditEvent, Invitation, Role, User
from sponsorship.services import create_invitation


@pytest.mark.django_db
def test_signup_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert b"closed" in response.content.lower() or b"gesloten" in response.content.lower()
    password = "aLongPassw0rd!"
    client.post(
        reverse("account_signup"),
        {"email": "x@example.org", "password1": password, "password2": password},
    )
    assert not User.objects.filter(email="x@example.org").exists()


@pytest.mark.django_db(transaction=True)
def test_administrator_invites_municipal_staff_who_accepts(
    client_for, administrator, town, run_jobs
):
    response = client_for(administrator).post(
        reverse("invitation_list"),
        {
            "email": "New.Officer@Example.org",
            "first_name": "Noor",
            "last_name": "Smit",
            "role": Role.MUNICIPAL_STAFF,
            "municipality": town.pk,
            "language": "nl",
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "new.officer@example.org"
    assert not mail.outbox  # the worker sends it, not the request
    run_jobs()
    assert len(mail.outbox) == 1
    url = re.search(r"https?://[^/\s]+(/invitations/\S+/)", mail.outbox[0].body).group(1)
    # The invitation keeps the token's digest, not the token.
    assert url.split("/")[-2] not in str(Invitation.objects.values_list().get())
    assert AuditEvent.objects.filter(action="invite", actor=administrator).count() == 1

    anonymous = Client()
    response = anonymous.post(
        url, {"first_name": "Noor", "last_name": "Smit", "password1": "short", "password2": "short"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert response.context["form"]["first_name"].value() == "Noor"  # nothing typed is lost

    response = anonymous.post(
        url,
        {
            "first_name": "Noor",
            "last_name": "Smit",
            "password1": "a-sturdy-passphrase-42",
            "password2": "a-sturdy-passphrase-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.officer@example.org")
    assert user.role == Role.MUNICIPAL_STAFF
    assert user.municipality == town
    # Used once: the link is dead now.
    assert Client().get(url).status_code == 404
    # Staff must set up MFA before anything else.
    response = anonymous.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.django_db
def test_invitation_form_reports_missing_municipality(client_for, administrator):
    response = client_for(administrator).post(
        reverse("invitation_list"),
        {"email": "someone@example.org", "role": Role.MUNICIPAL_STAFF, "language": "en"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["municipality"]
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_invitation_for_existing_account_is_refused(client_for, administrator, coordinator):
    response = client_for(administrator).post(
        reverse("invitation_list"),
        {
            "email": coordinator.email,
            "role": Role.COORDINATOR,
            "organisation": coordinator.organisation_id,
            "language": "nl",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_expired_invitation_cannot_be_used(administrator, town):
    invitation = create_invitation(
        actor=administrator,
        email="late@example.org",
        role=Role.MUNICIPAL_STAFF,
        municipality=town,
        send=False,
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = Client().get(reverse("invitation_accept", args=[invitation.token]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_coordinator_cannot_invite_an_administrator(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("invitation_list"),
        {"email": "boss@example.org", "role": Role.ADMINISTRATOR, "language": "nl"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["role"]
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_password_reset_by_email_is_public(client, coordinator, run_jobs):
    response = client.post(reverse("account_reset_password"), {"email": coordinator.email})
    assert response.status_code == 302
    run_jobs()
    assert len(mail.outbox) == 1
    assert coordinator.email in mail.outbox[0].to
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.django_db
def test_municipal_staff_invite_a_colleague_of_their_own_municipality(
    client_for, municipal_officer
):
    client = client_for(municipal_officer)
    form = client.get(reverse("invitation_list")).context["form"]
    assert set(form.fields) == {
        "email",
        "first_name",
        "last_name",
        "role",
        "municipality",
        "language",
    }
    assert [c[0] for c in form.fields["role"].choices] == [Role.MUNICIPAL_STAFF]
    response = client.post(
        reverse("invitation_list"),
        {
            "email": "colleague@example.org",
            "role": Role.MUNICIPAL_STAFF,
            "language": "nl",
            "municipality": 999999,
        },
    )  # a disabled field ignores what is posted
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="colleague@example.org")
    assert invitation.municipality == municipal_officer.municipality


@pytest.mark.django_db
def test_coordinators_invite_into_their_own_organisation_only(client_for, coordinator, town):
    client = client_for(coordinator)
    form = client.get(reverse("invitation_list")).context["form"]
    assert "municipality" not in form.fields
    assert form.fields["organisation"].disabled
    response = client.post(
        reverse("invitation_list"),
        {
            "email": "colleague@example.org",
            "role": Role.COORDINATOR,
            "language": "nl",
            "scope_municipalities": [town.pk],
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="colleague@example.org")
    assert invitation.organisation == coordinator.organisation
    assert list(invitation.scope_municipalities.all()) == [town]
