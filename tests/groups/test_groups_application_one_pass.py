"""Issue 12: the application shows every error in one pass and resumes where it stopped."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from groups.models import ApplicationDraft
from tests.groups.test_groups_application import (
    GROUP,
    _step,
    member,
    members_post,
    token_from,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(client, programme, town):
    response = client.post(reverse("groups:apply_start", args=[programme.slug, town.pk]), GROUP)
    draft = ApplicationDraft.objects.get()
    draft.token = token_from(response)
    return draft


def test_every_member_error_comes_in_one_pass(client, draft, group):
    taken = group.members.first().email
    members = [
        member(0),
        member(1, email="nope", phone="12"),
        member(2, email="person0@example.org", professional_sector=""),
        member(3, email=taken, level_1=""),
    ]
    response = client.post(_step(draft.token, "members"), members_post(members))
    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert {"email", "phone"} <= set(forms[1].errors)
    assert "Two members have this e-mail address." in forms[2].errors["email"]
    assert "professional_sector" in forms[2].errors
    assert "already a member of an active sponsor group" in str(forms[3].errors["email"])
    assert "level_1" in forms[3].errors


def test_the_contact_check_does_not_hold_back_the_others(client, draft):
    members = [
        member(0, is_contact=""),
        member(1, phone="12"),
        member(2, email="person1@example.org"),
    ]
    response = client.post(_step(draft.token, "members"), members_post(members))
    formset = response.context["formset"]
    assert "exactly one member" in " ".join(formset.non_form_errors())
    assert "phone" in formset.forms[1].errors
    assert "email" in formset.forms[2].errors


def test_a_missing_language_shows_with_the_other_errors(client, draft):
    members = [member(0), member(1, language_1="", level_1="", phone="12"), member(2)]
    response = client.post(_step(draft.token, "members"), members_post(members))
    assert {"language_1", "phone"} <= set(response.context["formset"].forms[1].errors)


def test_the_resume_link_opens_the_first_step_still_to_do(client, draft, mailoutbox, run_jobs):
    run_jobs()
    link = re.search(r"https?://\S+", mailoutbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    browser = Client()  # another device: only the link
    assert browser.get(f"/{path}")["Location"] == _step(draft.token, "members")
    assert (
        client.post(
            _step(draft.token, "members"), members_post([member(i) for i in range(3)])
        ).status_code
        == 302
    )
    assert browser.get(f"/{path}")["Location"] == _step(draft.token, "capacity")


def test_an_expired_resume_link_says_so(client):
    response = client.get(reverse("groups:apply_resume", args=["no-such-draft"]))
    assert response.status_code == 404
