"""The public landing page and the way from it (and from the login page) to the application."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_anonymous_home_is_the_landing_page_with_the_application_and_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "sponsorship/landing.html"
    body = response.content.decode()
    assert f'href="{reverse("groups:apply")}"' in body
    assert f'href="{reverse("account_login")}"' in body
    assert "community sponsorship" in body.lower()
    # Nothing personal or role-specific on a public page.
    assert "user-badge" not in body


@pytest.mark.django_db
def test_the_landing_page_is_dutch_by_default(client, settings):
    settings.LANGUAGE_CODE = "nl"
    body = client.get(reverse("home")).content.decode()
    assert '<html lang="nl">' in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona", ["coordinator", "municipal_officer", "group_member", "administrator"]
)
def test_signed_in_users_keep_their_role_home(client_for, persona, request):
    response = client_for(request.getfixturevalue(persona)).get(reverse("home"))
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "sponsorship/home.html"


@pytest.mark.django_db
def test_the_login_page_links_to_the_group_application(client):
    body = client.get(reverse("account_login")).content.decode()
    assert f'href="{reverse("groups:apply")}"' in body


@pytest.mark.django_db
def test_the_application_link_opens_the_public_form(client):
    assert client.get(reverse("groups:apply")).status_code == 200
