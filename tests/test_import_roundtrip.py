"""The portal's own list exports import back, as CSV and as XLSX (issue 12, imports)."""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from groups.models import SponsorGroup
from housing.models import HousingOffer
from newcomers import caseaccess
from newcomers.models import Household
from tests.groups.factories import SponsorGroupFactory
from tests.housing.factories import HousingOfferFactory, HousingProviderFactory
from tests.newcomers.factories import HouseholdFactory

pytestmark = pytest.mark.django_db
# Exports are in words, in the reader's language; the import reads both languages.
FORMATS = [("csv", "en"), ("xlsx", "nl")]


def _client(client_for, user, language):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _export(client, url, kind) -> bytes:
    response = client.get(url, {"format": kind})
    assert response.status_code == 200
    if kind == "csv":
        return b"".join(response.streaming_content)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def _import(client, url, content, kind, back):
    preview = client.post(url, {"file": SimpleUploadedFile(f"export.{kind}", content)})
    report = preview.context["report"]
    assert report.ok, [(r.number, r.errors) for r in report.rows] + report.file_errors
    response = client.post(url, {"confirm": "1", "token": preview.context["token"]})
    assert response.status_code == 302 and response.url == back
    return report


def _group_snapshot(group):
    members = sorted(
        (
            m.name,
            m.email,
            m.phone,
            m.languages,
            m.is_contact,
            m.declaration_signed_on,
            m.vog_issued_on,
            m.vog_received_on,
        )
        for m in group.members.filter(active=True)
    )
    return (
        group.name,
        group.municipality_id,
        group.programme_id,
        group.neighbourhood,
        group.max_household_size,
        sorted(group.supported_vulnerabilities),
        sorted(group.interests),
        group.motivation,
        members,
    )


@pytest.mark.parametrize(("kind", "language"), FORMATS)
def test_group_export_imports_back(kind, language, client_for, coordinator, town, programme):
    group = SponsorGroupFactory(
        municipality=town,
        programme=programme,
        name="Lombok Welkom",
        members=3,
        members__complete=True,
        interests=["=1+1", "cooking"],
        supported_vulnerabilities=["medical", "elderly"],
    )
    group.members.filter(is_contact=False).update(languages={"ar": "basic", "nl": "fluent"})
    before = _group_snapshot(group)
    client = _client(client_for, coordinator, language)
    content = _export(client, reverse("groups:list"), kind)
    group.delete()
    report = _import(client, reverse("groups:import"), content, kind, reverse("groups:list"))
    assert [row.number for row in report.rows] == [2, 3, 4]
    assert _group_snapshot(SponsorGroup.objects.get()) == before


def _household_snapshot(household):
    return (
        household.pseudonym,
        household.programme_id,
        household.municipality_id,
        household.country_of_stay,
        household.nationality,
        sorted((m.relation, m.age_band) for m in household.members.all()),
        household.languages,
        household.language_levels,
        sorted(household.interests),
        household.expected_arrival,
        household.study_goal,
        household.work_sector,
        household.needs_step_free,
        household.needs_ground_floor,
        household.priorities,
        sorted(household.vulnerabilities),
    )


@pytest.mark.parametrize(("kind", "language"), FORMATS)
def test_household_export_imports_back(kind, language, client_for, coordinator, town, programme):
    household = HouseholdFactory(
        municipality=town,
        programme=programme,
        study_goal="language",
        needs_step_free=False,
        priorities="+31 is the number they call; a school nearby",
        members=[("principal", "30-49"), ("child", "0-4"), ("child", "65+")],
    )
    caseaccess.grant_to_creator(household, coordinator)
    before = _household_snapshot(household)
    client = _client(client_for, coordinator, language)
    content = _export(client, reverse("newcomers:household_list"), kind)
    _import(
        client,
        reverse("newcomers:household_import"),
        content,
        kind,
        reverse("newcomers:household_list"),
    )
    imported = Household.objects.exclude(pk=household.pk).get()
    assert _household_snapshot(imported) == before
    assert imported.reference != household.reference  # a new household, not an update


def _offer_snapshot(offer):
    return (
        offer.municipality_id,
        offer.kind,
        offer.status,
        offer.neighbourhood,
        offer.address,
        offer.provider_id,
        offer.bedrooms,
        offer.max_occupants,
        offer.step_free,
        offer.ground_floor,
        offer.rent,
        offer.service_costs,
        offer.deposit,
        offer.furnishing,
        offer.available_from,
        offer.available_until,
        offer.latitude,
        offer.longitude,
        offer.notes,
    )


@pytest.mark.parametrize(("kind", "language"), FORMATS)
def test_offer_export_imports_back(kind, language, client_for, municipal_officer, town):
    provider = HousingProviderFactory(municipality=town, name="De Dom")
    offers = [
        HousingOfferFactory(
            municipality=town,
            status=HousingOffer.Status.PROSPECT,
            provider=provider,
            step_free=True,
            notes="=cmd sleutel",
            available_until=date(2027, 1, 1),
            latitude=Decimal("52.1"),
            longitude=Decimal("5.12"),
            furnishing="furnished",
        ),
        HousingOfferFactory(municipality=town, kind="permanent", rent=Decimal("712.5")),
    ]
    before = sorted(_offer_snapshot(o) for o in offers)
    client = _client(client_for, municipal_officer, language)
    content = _export(client, reverse("housing:offer_list"), kind)
    HousingOffer.objects.all().delete()
    _import(client, reverse("housing:offer_import"), content, kind, reverse("housing:offer_list"))
    assert sorted(_offer_snapshot(o) for o in HousingOffer.objects.all()) == before


def test_exports_are_in_words(client_for, coordinator, town, programme):
    household = HouseholdFactory(municipality=town, programme=programme)
    caseaccess.grant_to_creator(household, coordinator)
    SponsorGroupFactory(municipality=town, programme=programme, members=3)
    client = _client(client_for, coordinator, "nl")
    households = _export(client, reverse("newcomers:household_list"), "csv").decode()
    assert "Libanon" in households and "Hoofdaanvrager:30–49 jaar" in households
    assert "Arabisch:Moedertaal" in households and "Syrië" in households
    groups = _export(client, reverse("groups:list"), "csv").decode()
    assert programme.name in groups and "Medische zorgbehoeften" in groups
    assert "Nederlands:Moedertaal" in groups
