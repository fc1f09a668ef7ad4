"""CSV import of offers: dry run, row errors, all-or-nothing, scoping by municipality."""

import pytest
from django.urls import reverse

from housing.importers import OfferImporter
from housing.models import HousingOffer
from tests.housing.factories import HousingOfferFactory, HousingProviderFactory

HEADER = (
    "municipality_code;kind;status;neighbourhood;address;provider;bedrooms;max_occupants;"
    "step_free;ground_floor;rent;available_from;available_until\n"
)


def _csv(*rows):
    return (HEADER + "".join(r + "\n" for r in rows)).encode()


@pytest.mark.django_db
def test_dry_run_reports_and_saves_nothing(municipal_officer, town):
    HousingProviderFactory(municipality=town, name="De Dom")
    content = _csv(
        f"{town.code};permanent;offered;Lombok;Kanaalstraat 1;De Dom;2;4;ja;nee;700;2026-05-01;"
    )
    report = OfferImporter(municipal_officer).run(content, dry_run=True)
    assert report.ok and not report.committed
    assert not HousingOffer.objects.exists()
    report = OfferImporter(municipal_officer).run(content, dry_run=False)
    offer = HousingOffer.objects.get()
    assert (offer.status, offer.provider.name, offer.step_free, offer.ground_floor) == (
        "offered",
        "De Dom",
        True,
        False,
    )


@pytest.mark.django_db
def test_one_bad_row_means_nothing_is_imported(municipal_officer, town):
    HousingOfferFactory(municipality=town, address="Bezet 1")
    content = _csv(
        ";intermediate;;Noord;Vrij 1;;1;2;nee;nee;500;2026-05-01;",
        ";intermediate;allocated;Noord;Bezet 1;Onbekend;1;0;misschien;nee;-5;2026-05-01;2026-04-01",
        ";intermediate;;Noord;vrij 1;;1;2;;;500;2026-05-01;",
    )
    report = OfferImporter(municipal_officer).run(content, dry_run=False)
    assert not report.committed
    # Spreadsheet row numbers: the header is row 1, so the second offer is row 3.
    errors = {(row.number, column) for row in report.rows for column, _msg in row.errors}
    assert {
        (3, "status"),
        (3, "address"),
        (3, "provider"),
        (3, "max_occupants"),
        (3, "step_free"),
        (3, "rent"),
        (3, "available_until"),
        (4, "address"),
    } <= errors
    assert report.rows[0].ok
    assert HousingOffer.objects.count() == 1


@pytest.mark.django_db
def test_officer_cannot_import_into_another_municipality(municipal_officer, other_town):
    report = OfferImporter(municipal_officer).run(
        _csv(f"{other_town.code};permanent;;;;;2;4;;;700;2026-05-01;"), dry_run=False
    )
    assert not report.committed
    assert report.rows[0].errors[0][0] == "municipality_code"


@pytest.mark.django_db
def test_coordinator_cannot_open_the_import(client_for, coordinator):
    assert client_for(coordinator).get(reverse("housing:offer_import")).status_code == 403


@pytest.mark.django_db
def test_import_through_the_page_preview_then_confirm(client_for, administrator, town):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(administrator)
    url = reverse("housing:offer_import")
    upload = SimpleUploadedFile(
        "offers.csv",
        _csv(f"{town.code};host_family;;;;;1;1;;;300;2026-05-01;2026-11-01"),
        "text/csv",
    )
    preview = client.post(url, {"file": upload})
    assert preview.status_code == 200 and preview.context["report"].ok
    assert not HousingOffer.objects.exists()
    response = client.post(url, {"confirm": "1", "token": preview.context["token"]})
    assert response.url == reverse("housing:offer_list")
    assert HousingOffer.objects.get().kind == "host_family"
