"""The public application: every step's bad input, duplicates, spam, resume, submission."""

import re

import pytest
from django.test import Client
from django.urls import resolve, reverse

from groups import apply_views
from groups.models import ApplicationDraft, SponsorGroup
from tests.groups.factories import GroupMemberFactory

pytestmark = pytest.mark.django_db

GROUP = {
    "name": "Buren van Lombok",
    "neighbourhood": "Lombok",
    "email": "Anna@Example.org",
    "interests": "cooking, football",
    "website": "",
    "motivation": "We would like to welcome a family in our street and help them settle.",
}


def member(i: int, **overrides) -> dict:
    data = {
        "name": f"Person {i}",
        "email": f"person{i}@example.org",
        "phone": "06 12345678",
        "language_1": "nl",
        "level_1": "native",
        "language_2": "",
        "level_2": "",
        "language_3": "",
        "level_3": "",
        "professional_sector": "education",
        "network": "",
        "experience_vulnerable_groups": "",
        "cultural_familiarity": "",
        "daytime_flexibility": "some",
        "is_contact": "on" if i == 0 else "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if not (k == "is_contact" and not v)}


def members_post(members: list[dict], initial=1) -> dict:
    data = {
        "members-TOTAL_FORMS": str(len(members)),
        "members-INITIAL_FORMS": str(initial),
        "members-MIN_NUM_FORMS": "3",
        "members-MAX_NUM_FORMS": "20",
    }
    for i, m in enumerate(members):
        data.update({f"members-{i}-{k}": v for k, v in m.items()})
    return data


CAPACITY = {"max_household_size": "4", "supported_vulnerabilities": ["medical", "elderly"]}


@pytest.fixture
def start_url(programme, town):
    return reverse("groups:apply_start", args=[programme.slug, town.pk])


def _step(token, step):
    return reverse("groups:apply_step", args=[token, step])


def token_from(response) -> str:
    """The draft's token, from the redirect to its next step: the database has only its
    digest."""
    return resolve(response["Location"]).kwargs["token"]


@pytest.fixture
def draft(client, start_url):
    response = client.post(start_url, GROUP)
    assert response.status_code == 302
    draft = ApplicationDraft.objects.get()
    draft.token = token_from(response)
    return draft


def _complete(client, draft, members=3):
    assert (
        client.post(
            _step(draft.token, "members"), members_post([member(i) for i in range(members)])
        ).status_code
        == 302
    )
    assert client.post(_step(draft.token, "capacity"), CAPACITY).status_code == 302


def test_index_sends_to_the_programme_and_town(client, programme, town):
    response = client.get(
        reverse("groups:apply"), {"programme": programme.pk, "municipality": town.pk}
    )
    assert response["Location"] == reverse("groups:apply_start", args=[programme.slug, town.pk])


def test_index_refuses_a_town_outside_the_programme_country(client, programme):
    from tests.factories import MunicipalityFactory

    belgian = MunicipalityFactory(country="BE")
    response = client.get(
        reverse("groups:apply"), {"programme": programme.pk, "municipality": belgian.pk}
    )
    assert "municipality" in response.context["form"].errors


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("neighbourhood", ""),
        ("email", "not-an-address"),
        ("interests", " , "),
        ("interests", ", ".join(f"hobby{i}" for i in range(16))),
        ("interests", "x" * 61),
        ("motivation", "Too short."),
    ],
)
def test_group_step_bad_input(field, value, client, start_url):
    data = {**GROUP, field: value}
    response = client.post(start_url, data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    body = response.content.decode()
    assert 'value="Buren van Lombok"' in body or field == "name"  # typed values stay
    assert not ApplicationDraft.objects.exists()


def test_first_step_creates_a_draft_and_mails_the_resume_link(client, draft, mailoutbox, run_jobs):
    assert not mailoutbox  # the worker sends it, not the request
    run_jobs()
    assert mailoutbox[-1].to == ["anna@example.org"]
    link = re.search(r"https?://\S+", mailoutbox[-1].body).group(0)
    assert link.endswith(reverse("groups:apply_resume", args=[draft.token]))
    # Nothing typed on the form reaches the e-mail; the draft keeps no clear token.
    assert "Buren van Lombok" not in mailoutbox[-1].body
    assert draft.token not in str(ApplicationDraft.objects.values_list().get())
    assert draft.data["group"]["interests"] == ["cooking", "football"]


def test_resume_link_shows_saved_answers_in_a_new_browser(draft):
    response = Client().get(_step(draft.token, "group"))
    assert 'value="Buren van Lombok"' in response.content.decode()


def test_steps_cannot_be_skipped(client, draft):
    response = client.get(_step(draft.token, "consent"))
    assert response["Location"] == _step(draft.token, "members")


def test_unknown_or_expired_draft_is_404(client, draft):
    from django.utils import timezone

    ApplicationDraft.objects.update(expires_at=timezone.now())
    assert client.get(_step(draft.token, "group")).status_code == 404


def test_members_form_prefills_the_contact(client, draft):
    formset = client.get(_step(draft.token, "members")).context["formset"]
    assert formset.forms[0].initial["email"] == "anna@example.org"
    assert len(formset.forms) == 3  # the programme's minimum


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("email", "nope"),
        ("phone", "12"),
        ("phone", "call me"),
        ("language_1", ""),
        ("level_1", ""),
        ("level_1", "perfect"),
        ("language_1", "xx"),
        ("professional_sector", ""),
        ("daytime_flexibility", "always"),
    ],
)
def test_member_field_bad_input(field, value, client, draft):
    members = [member(0), member(1, **{field: value}), member(2)]
    if field == "language_1" and value == "":
        members[1]["level_1"] = "native"
    response = client.post(_step(draft.token, "members"), members_post(members))
    assert response.status_code == 200
    errors = response.context["formset"].forms[1].errors
    assert field in errors, errors
    assert "Person 2" in response.content.decode() or field == "name"
    assert "members" not in ApplicationDraft.objects.get().data


def test_language_listed_twice(client, draft):
    members = [member(0), member(1, language_2="nl", level_2="basic"), member(2)]
    response = client.post(_step(draft.token, "members"), members_post(members))
    assert "language_2" in response.context["formset"].forms[1].errors


def test_programme_minimum_group_size(client, draft):
    response = client.post(
        _step(draft.token, "members"),
        members_post([member(0), member(1)], initial=1) | {"members-TOTAL_FORMS": "2"},
    )
    assert "at least 3 members" in " ".join(response.context["formset"].non_form_errors())


@pytest.mark.parametrize("contacts", [0, 2])
def test_exactly_one_contact(contacts, client, draft):
    members = [member(i, is_contact="on" if i < contacts else "") for i in range(3)]
    response = client.post(_step(draft.token, "members"), members_post(members))
    assert "exactly one member" in " ".join(response.context["formset"].non_form_errors())


def test_same_email_twice_in_the_application(client, draft):
    members = [member(0), member(1, email="person0@example.org"), member(2)]
    response = client.post(_step(draft.token, "members"), members_post(members))
    assert "email" in response.context["formset"].forms[1].errors


def test_email_already_in_an_active_group_is_refused(client, draft, group):
    taken = group.members.first().email
    members = [member(0), member(1, email=taken.upper()), member(2)]
    response = client.post(_step(draft.token, "members"), members_post(members))
    assert "already a member of an active sponsor group" in str(
        response.context["formset"].forms[1].errors["email"]
    )


def test_email_of_a_closed_group_may_apply_again(client, draft, group):
    SponsorGroup.objects.filter(pk=group.pk).update(status="completed")
    members = [member(0), member(1, email=group.members.first().email), member(2)]
    assert client.post(_step(draft.token, "members"), members_post(members)).status_code == 302


def test_add_member_button_saves_and_offers_an_empty_form(client, draft):
    data = members_post([member(i) for i in range(3)]) | {"add_member": "1"}
    response = client.post(_step(draft.token, "members"), data)
    assert response["Location"].endswith("?add=1")
    formset = client.get(response["Location"]).context["formset"]
    assert len(formset.forms) == 4


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_household_size", "0"),
        ("max_household_size", "21"),
        ("max_household_size", ""),
        ("supported_vulnerabilities", ["flying"]),
    ],
)
def test_capacity_bad_input(field, value, client, draft):
    client.post(_step(draft.token, "members"), members_post([member(i) for i in range(3)]))
    response = client.post(_step(draft.token, "capacity"), {**CAPACITY, field: value})
    assert list(response.context["form"].errors) == [field]


def test_financial_duties_must_be_accepted_where_the_programme_has_them(client, draft):
    draft.programme.groups_have_financial_duties = True
    draft.programme.save()
    client.post(_step(draft.token, "members"), members_post([member(i) for i in range(3)]))
    response = client.post(_step(draft.token, "capacity"), CAPACITY)
    assert list(response.context["form"].errors) == ["accepts_financial_duties"]
    response = client.post(
        _step(draft.token, "capacity"), {**CAPACITY, "accepts_financial_duties": "on"}
    )
    assert response.status_code == 302


def test_consent_is_required(client, draft):
    _complete(client, draft)
    response = client.post(_step(draft.token, "consent"), {"website": ""})
    assert list(response.context["form"].errors) == ["consent"]
    assert "Privacy notice" in response.content.decode()
    assert not SponsorGroup.objects.exists()


def test_submission_creates_the_group_and_confirms(
    client,
    draft,
    mailoutbox,
    client_for,
    coordinator,
    other_coordinator,
    run_jobs,
):
    _complete(client, draft)
    response = client.post(_step(draft.token, "consent"), {"consent": "on"})
    run_jobs()
    assert response["Location"] == reverse("groups:apply_done")
    group = SponsorGroup.objects.get()
    assert group.status == SponsorGroup.Status.APPLIED
    assert group.members.count() == 3
    assert group.members.get(is_contact=True).email == "person0@example.org"
    assert group.consent_given_at is not None
    assert group.supported_vulnerabilities == ["medical", "elderly"]
    assert not ApplicationDraft.objects.exists()
    # The resume link, the contact's confirmation, the town's coordinator's notice.
    assert sorted(m.to[0] for m in mailoutbox) == [
        "anna@example.org",
        "coordinator@example.org",
        "person0@example.org",
    ]
    confirmation = next(m for m in mailoutbox if m.to == ["person0@example.org"])
    assert "We received the application" in confirmation.subject
    # The programme and town are the portal's words; the group's name was typed on a
    # public form and stays out of an e-mail to an address typed there too.
    assert group.municipality.name in confirmation.body
    assert group.name not in confirmation.subject + confirmation.body
    # Coordinators of that town see it; others do not.
    assert client_for(coordinator).get(reverse("groups:list")).context["object_list"][0] == group
    assert not client_for(other_coordinator).get(reverse("groups:list")).context["object_list"]


def test_submission_refused_when_an_email_joined_another_group_meanwhile(client, draft, group):
    _complete(client, draft)
    GroupMemberFactory(group=group, email="person1@example.org")
    response = client.post(_step(draft.token, "consent"), {"consent": "on"})
    assert "person1@example.org" in " ".join(response.context["form"].non_field_errors())
    assert SponsorGroup.objects.count() == 1


def test_honeypot_pretends_success_and_stores_nothing(client, start_url, mailoutbox):
    response = client.post(start_url, {**GROUP, "website": "http://spam.example"})
    assert response["Location"] == reverse("groups:apply_done")
    assert not ApplicationDraft.objects.exists()
    assert not mailoutbox


def test_honeypot_field_is_hidden_by_css_class(client, start_url):
    body = client.get(start_url).content.decode()
    assert '<div class="hp-field" aria-hidden="true">' in body
    assert "style=" not in body


def test_rate_limit_per_ip(client, start_url, monkeypatch):
    monkeypatch.setattr(apply_views, "DRAFTS_PER_HOUR", 2)
    for _ in range(2):
        assert client.post(start_url, GROUP).status_code == 302
    assert client.post(start_url, GROUP).status_code == 429
    other_ip = Client(REMOTE_ADDR="10.0.0.9")
    assert other_ip.post(start_url, GROUP).status_code == 302
    assert ApplicationDraft.objects.count() == 3
