"""Imports people can use: templates with code lists, names for codes, spreadsheet row
numbers, XLSX uploads, and XLSX exports whose text never turns into a formula."""

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from groups.imports import GroupImporter
from groups.models import SponsorGroup
from housing.importers import OfferImporter
from housing.models import HousingOffer
from newcomers.importer import HouseholdImporter
from newcomers.models import Household
from sponsorship.importfiles import read_table
from sponsorship.spreadsheet import restore
from tests.factories import MunicipalityFactory
from tests.groups.factories import SponsorGroupFactory

pytestmark = pytest.mark.django_db
IMPORTS = [
    ("groups:import", "coordinator", "town_code"),
    ("newcomers:household_import", "coordinator", "municipality"),
    ("housing:offer_import", "municipal_officer", "municipality_code"),
]


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("url_name", "persona", "town_column"), IMPORTS)
def test_templates_in_both_formats_list_the_columns_and_the_town_codes(
    request, client_for, url_name, persona, town_column, town, other_town
):
    client = client_for(request.getfixturevalue(persona))
    url = reverse(url_name)
    response = client.get(url, {"template": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    data, codes = book.worksheets
    header = next(data.iter_rows(values_only=True))
    assert town_column in header
    code_rows = list(codes.iter_rows(values_only=True))
    assert (town_column, town.code, "Utrecht") in code_rows
    # Only the towns this user may import into.
    assert not any(other_town.code in row for row in code_rows)

    response = client.get(url, {"template": "csv"})
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert town_column in rows[0]
    assert [f"## {town_column}", town.code, "Utrecht"] in rows
    # The CSV template imports as it is: the code lists are below the end marker.
    assert read_table(response.content) == (rows[0], [])


def test_the_import_page_shows_the_code_lists(client_for, coordinator, town, programme):
    response = client_for(coordinator).get(reverse("newcomers:household_import"))
    page = response.content.decode()
    assert town.code in page and "Utrecht" in page
    assert programme.slug in page
    assert "Principal applicant" in page and "?template=xlsx" in page


def test_the_template_is_for_the_import_roles_only(client_for, group_member):
    url = reverse("groups:import")
    assert client_for(group_member).get(url, {"template": "xlsx"}).status_code == 403


def test_names_and_labels_are_accepted_for_codes(coordinator, town, programme):
    content = (
        "pseudonym;programme;municipality;country_of_stay;members;languages;"
        "interests;study_goal;needs_step_free;vulnerabilities\n"
        f"Household Cedar;{programme.name};utrecht;Syrië;Hoofdaanvrager:30–49 jaar | "
        "Child:5–11 years;Arabisch:Moedertaal|English:basic;Koken;Dutch language course"
        ";nee;Medical needs\n"
    ).encode()
    report = HouseholdImporter(coordinator).run(content, dry_run=False)
    assert report.committed, [r.errors for r in report.rows]
    household = Household.objects.get()
    assert (household.country_of_stay, household.municipality, household.study_goal) == (
        "SY",
        town,
        "language",
    )
    assert sorted(household.members.values_list("relation", "age_band")) == [
        ("child", "5-11"),
        ("principal", "30-49"),
    ]
    assert household.language_levels == {"ar": "native", "en": "basic"}
    assert (household.interests, household.vulnerabilities) == (["cooking"], ["medical"])
    assert household.needs_step_free is False  # "nee" used to read as True


def test_an_ambiguous_town_name_asks_for_the_code(administrator):
    MunicipalityFactory(name="Bergen", code="GM0373")
    MunicipalityFactory(name="Bergen", code="GM0893")
    content = (
        b"kind;bedrooms;max_occupants;rent;available_from;municipality_code\n"
        b"Permanent home;2;4;700;2026-05-01;Bergen\n"
        b"permanent;2;4;700;2026-05-01;gm0893\n"
    )
    report = OfferImporter(administrator).run(content, dry_run=True)
    assert "use the code" in report.rows[0].errors[0][1]
    assert report.rows[1].ok


def test_errors_name_the_spreadsheet_row_counting_blank_rows(municipal_officer, town):
    content = (
        b"kind;bedrooms;max_occupants;rent;available_from\n"
        b"permanent;2;4;700;2026-05-01\n"
        b";;;;\n"
        b"\n"
        b"castle;2;4;700;2026-05-01\n"
    )
    report = OfferImporter(municipal_officer).run(content, dry_run=True)
    assert [row.number for row in report.rows] == [2, 5]
    assert report.rows[1].errors[0][0] == "kind"


def test_the_page_shows_spreadsheet_row_numbers(client_for, municipal_officer, town):
    content = b"kind;bedrooms;max_occupants;rent;available_from\ncastle;2;4;700;2026-05-01\n"
    response = client_for(municipal_officer).post(
        reverse("housing:offer_import"), {"file": SimpleUploadedFile("o.csv", content)}
    )
    assert "<td>2</td>" in response.content.decode()


def test_an_xlsx_upload_imports_with_dates_numbers_and_formula_values(
    client_for, municipal_officer, town
):
    import datetime

    content = _xlsx(
        [
            ["Kind", "bedrooms", "max_occupants", "rent", "available_from", "notes"],
            ["Tussenwoning", 2, 4, 650.5, datetime.datetime(2026, 5, 1), "=1+1"],
            [None],
            ["permanent", 3.0, "5", 700, "2026-06-01", "gewoon"],
        ]
    )
    client = client_for(municipal_officer)
    url = reverse("housing:offer_import")
    preview = client.post(url, {"file": SimpleUploadedFile("offers.xlsx", content)})
    report = preview.context["report"]
    assert report.ok, [r.errors for r in report.rows]
    assert [row.number for row in report.rows] == [2, 4]
    client.post(url, {"confirm": "1", "token": preview.context["token"]})
    first = HousingOffer.objects.get(kind="intermediate")
    assert (first.bedrooms, str(first.rent), str(first.available_from)) == (
        2,
        "650.50",
        "2026-05-01",
    )
    # openpyxl wrote "=1+1" as a formula without a saved result: read as empty, and the
    # portal evaluates nothing.
    assert first.notes == ""
    assert HousingOffer.objects.get(kind="permanent").bedrooms == 3


def test_a_broken_or_oversized_workbook_is_a_form_error(client_for, municipal_officer):
    client = client_for(municipal_officer)
    url = reverse("housing:offer_import")
    response = client.post(url, {"file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04broken")})
    assert "cannot be read as an Excel workbook" in response.content.decode()
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/big.xml", b"0" * (81 * 1024 * 1024))
    response = client.post(url, {"file": SimpleUploadedFile("b.xlsx", bomb.getvalue())})
    assert response.status_code == 200
    assert "too large" in response.content.decode()


def test_the_group_template_and_import_accept_names(coordinator, town, programme):
    rows = [
        [
            "group_name",
            "town_code",
            "programme",
            "neighbourhood",
            "max_household_size",
            "vulnerabilities",
            "member_name",
            "member_email",
            "member_phone",
            "languages",
            "is_contact",
        ]
    ]
    for i in range(3):
        rows.append(
            [
                "Named",
                "Utrecht",
                programme.name,
                "Lombok",
                4,
                "Medische zorgbehoeften, Elderly person",
                f"M {i}",
                f"m{i}@example.org",
                "06 12345678",
                "Nederlands:moedertaal; Arabic:Basic",
                "ja" if i == 0 else "nee",
            ]
        )
    report = GroupImporter(coordinator).run(_xlsx(rows), dry_run=False)
    assert report.committed, [r.errors for r in report.rows]
    group = SponsorGroup.objects.get(name="Named", municipality=town)
    assert sorted(group.supported_vulnerabilities) == ["elderly", "medical"]
    assert group.members.get(is_contact=True).languages == {"nl": "native", "ar": "basic"}


def test_formula_looking_text_in_an_xlsx_export_stays_text(
    client_for, coordinator, town, programme
):
    SponsorGroupFactory(
        municipality=town,
        programme=programme,
        name='=HYPERLINK("x")',
        members=3,
        motivation="@SUM(A1)",
    )
    response = client_for(coordinator).get(reverse("groups:list"), {"format": "xlsx"})
    sheet_xml = (
        zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    )
    assert "<f>" not in sheet_xml  # no formula element anywhere
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("group_name") + 1)
    assert (cell.value, cell.data_type, cell.quotePrefix) == ('=HYPERLINK("x")', "s", True)
    motivation = sheet.cell(row=2, column=header.index("motivation") + 1)
    assert (motivation.value, motivation.quotePrefix) == ("@SUM(A1)", True)
    plain = sheet.cell(row=2, column=header.index("neighbourhood") + 1)
    assert (plain.value, plain.quotePrefix) == ("Lombok", False)


def test_restore_undoes_only_the_apostrophe_safe_cell_added():
    assert restore("'=1+1") == "=1+1"
    assert restore("'+31 6 1234 5678") == "+31 6 1234 5678"
    assert restore("'s-Hertogenbosch") == "'s-Hertogenbosch"


def test_an_xlsx_household_export_audits_its_sensitive_cells(
    client_for, coordinator, town, programme
):
    from newcomers import caseaccess
    from sponsorship.models import AuditEvent
    from tests.newcomers.factories import HouseholdFactory

    household = HouseholdFactory(municipality=town, programme=programme)
    caseaccess.grant_to_creator(household, coordinator)
    response = client_for(coordinator).get(reverse("newcomers:household_list"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=header.index("religion") + 1).value == "Syriac Orthodox"
    assert (
        AuditEvent.objects.filter(
            action="view_sensitive", object_id=str(household.pk), actor=coordinator
        ).count()
        == 1
    )
