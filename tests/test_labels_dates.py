"""One label helper (sponsorship.vocab.label) and one date style per language."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django import forms
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sponsorship import vocab
from sponsorship.models import Role
from sponsorship.services import create_invitation
from sponsorships.plan_template import offset_text, task_title

DAY = date(2026, 12, 11)


def _render(text: str, **context) -> str:
    return Template("{% load labels %}" + text).render(Context(context))


def test_label_of_codes_per_kind_in_the_active_language():
    with translation.override("nl"):
        assert vocab.label("ar", "language") == "Arabisch"
        assert vocab.label("native", "level") == "Moedertaal"
        assert (
            vocab.label("ready_for_matching", "groups.SponsorGroup.status") == "Klaar voor matching"
        )
    assert vocab.label("ar", "language") == "Arabic"
    # The same code in two vocabularies: the kind decides.
    assert vocab.label("crafts", "interest") == "Crafts and sewing"
    assert vocab.label("crafts", "work_sector").startswith("Crafts (")
    assert vocab.label("30-49", "age_band") == "30–49 years"
    assert vocab.labels(["nl", "en"], "language") == ["Dutch", "English"]
    assert vocab.language_levels({"ar": "native", "en": ""}) == ["Arabic (native)", "English"]


def test_label_of_unknown_codes_and_empty_values_never_fails():
    assert vocab.label("xx", "language") == "xx"
    assert vocab.label("", "language") == ""
    assert vocab.label(None, "groups.SponsorGroup.status") == ""
    with pytest.raises(LookupError):
        vocab.label("x", "no-such-kind")


@pytest.mark.django_db
def test_label_of_a_programme_slug_is_its_name(programme):
    assert vocab.label(programme.slug, "programme") == programme.name


def test_label_filter_joins_lists():
    assert _render('{{ codes|label:"language" }}', codes=["nl", "en"]) == "Dutch, English"
    assert (
        _render("{{ items|language_levels }}", items=[{"code": "ar", "level": "native"}])
        == "Arabic (native)"
    )


def test_relative_due_dates_read_as_words():
    assert offset_text(-14) == "14 days before arrival"
    assert offset_text(1) == "1 day after arrival"
    assert offset_text(0) == "on the day of arrival"
    assert vocab.label(30, "arrival_offset") == "30 days after arrival"


def test_default_plan_task_reads_in_the_page_language_whatever_it_was_stored_in():
    with translation.override("nl"):
        stored_in_dutch = str(task_title("Open a bank account"))
    assert stored_in_dutch != "Open a bank account"  # the catalogue has it
    assert task_title(stored_in_dutch) == "Open a bank account"
    assert task_title("Our own task") == "Our own task"


def test_dates_in_english_are_day_first_with_the_weekday():
    at = datetime(2026, 12, 11, 14, 30)
    assert _render("{{ d }}|{{ d|date }}", d=DAY) == "Fri 11 Dec 2026|Fri 11 Dec 2026"
    assert _render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=DAY) == "11 Dec 2026"
    assert _render('{{ t|date:"DATETIME_FORMAT" }}', t=at) == "Fri 11 Dec 2026, 14:30"


def test_dates_in_dutch_follow_the_same_style():
    with translation.override("nl"):
        assert _render("{{ d }}", d=DAY) == "vr 11 dec 2026"
        assert _render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=DAY) == "11 dec 2026"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_typed_dates_are_day_first_or_iso(language):
    with translation.override(language):
        field = forms.DateField()
        assert field.clean("11-12-2026") == DAY
        assert field.clean("2026-12-11") == DAY
        assert field.clean("11/12/2026") == DAY


@pytest.mark.django_db
def test_password_too_short_is_dutch_on_a_dutch_page(administrator, town):
    invitation = create_invitation(
        actor=administrator,
        email="new@example.org",
        role=Role.MUNICIPAL_STAFF,
        municipality=town,
        send=False,
    )
    url = reverse("invitation_accept", args=[invitation.token])
    with translation.override("nl"):
        response = Client(headers={"accept-language": "nl"}).post(
            url, {"name": "Nieuw", "password1": "kort-ww", "password2": "kort-ww"}
        )
    errors = response.context["form"].errors["password1"]
    assert any("te kort" in e for e in errors), errors
