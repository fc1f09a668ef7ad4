"""The household's own copy of the plan is in their language where the UI has it."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from newcomers.models import Household
from sponsorships.plan_views import household_language
from tests.sponsorships import plan_helpers

pytestmark = pytest.mark.django_db
sponsorship = plan_helpers.sponsorship
DUTCH_UI = {"HTTP_ACCEPT_LANGUAGE": "nl"}
ENGLISH_UI = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _speaks(sponsorship, languages):
    Household.objects.filter(pk=sponsorship.household_id).update(languages=languages)


def _household_page(client, sponsorship, headers):
    response = client.get(
        reverse("sponsorships:plan_household", args=[sponsorship.plan.pk]), **headers
    )
    assert response.status_code == 200
    return response, response.content.decode()


def _pdf_text(client, sponsorship, headers, query=""):
    response = client.get(
        reverse("sponsorships:plan_pdf", args=[sponsorship.plan.pk]) + query, **headers
    )
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)


@pytest.mark.parametrize(
    ("languages", "ui", "expected"),
    [
        (["ar", "en"], "nl", "en"),  # the first language the UI speaks, not the first at all
        (["nl", "en"], "en", "nl"),  # their order counts
        (["ar", "fa"], "nl", "nl"),  # none of theirs: the current UI language
        (["ar"], "en", "en"),
        ([], "nl", "nl"),
    ],
)
def test_household_language(languages, ui, expected):
    with translation.override(ui):
        assert household_language(Household(languages=languages)) == expected


def test_english_speaking_household_gets_english_in_a_dutch_ui(
    sponsorship, coordinator, client_for
):
    _speaks(sponsorship, ["ar", "en"])
    client = client_for(coordinator)
    # The coordinator's UI is Dutch: the plan page itself is.
    plan_page = client.get(reverse("sponsorships:plan", args=[sponsorship.plan.pk]), **DUTCH_UI)
    assert '<html lang="nl"' in plan_page.content.decode()
    response, html = _household_page(client, sponsorship, DUTCH_UI)
    assert '<html lang="en"' in html and response["Content-Language"] == "en"
    assert "Our plan together" in html and "Equality and agency" in html
    assert "Ons gezamenlijke plan" not in html
    assert "?lang=en" in html  # the PDF link on their page
    text = _pdf_text(client, sponsorship, DUTCH_UI)
    assert "Resettlement plan" in text and "Equality and agency" in text
    # A copy in the other language on request.
    assert "Hervestigingsplan" in _pdf_text(client, sponsorship, DUTCH_UI, "?lang=nl")


def test_dutch_speaking_household_gets_dutch_in_an_english_ui(
    sponsorship, group_member, client_for
):
    _speaks(sponsorship, ["nl"])
    response, html = _household_page(client_for(group_member), sponsorship, ENGLISH_UI)
    assert '<html lang="nl"' in html and "Ons gezamenlijke plan" in html


@pytest.mark.parametrize(
    ("ui", "title", "pdf_title"),
    [
        ("nl", "Ons gezamenlijke plan", "Hervestigingsplan"),
        ("en", "Our plan together", "Resettlement plan"),
    ],
)
def test_arabic_speaking_household_falls_back_to_the_ui_language(
    ui, title, pdf_title, sponsorship, coordinator, client_for
):
    _speaks(sponsorship, ["ar"])
    client = client_for(coordinator)
    headers = {"HTTP_ACCEPT_LANGUAGE": ui}
    response, html = _household_page(client, sponsorship, headers)
    assert f'<html lang="{ui}"' in html and response["Content-Language"] == ui
    assert title in html
    assert pdf_title in _pdf_text(client, sponsorship, headers)
