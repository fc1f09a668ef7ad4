"""CSV import: dry run per row, all-or-nothing with a broken row."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from groups.imports import COLUMNS, GroupImporter
from groups.models import GroupMember, SponsorGroup
from tests.groups.factories import GroupMemberFactory

pytestmark = pytest.mark.django_db
URL = reverse("groups:import")


def _row(town, programme, i, **overrides):
    values = {
        "group_name": "Imported",
        "town_code": town.code,
        "programme": programme.slug,
        "neighbourhood": "Centrum",
        "max_household_size": "5",
        "vulnerabilities": "medical; elderly",
        "interests": "music, chess",
        "motivation": "",
        "member_name": f"Imported {i}",
        "member_email": f"imported{i}@example.org",
        "member_phone": "06 12345678",
        "languages": "nl:native; ar:basic",
        "is_contact": "yes" if i == 0 else "no",
        "declaration_signed_on": "",
        "vog_issued_on": "",
        "vog_received_on": "",
    }
    values.update(overrides)
    return values


def _csv(rows) -> bytes:
    """As a spreadsheet exports it: comma separated, fields with commas quoted."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_dry_run_describes_rows_and_saves_nothing(coordinator, town, programme):
    report = GroupImporter(coordinator).run(
        _csv([_row(town, programme, i) for i in range(3)]), dry_run=True
    )
    assert report.ok and not report.committed
    assert report.rows[0].action == "member Imported 0 of group Imported"
    assert not SponsorGroup.objects.exists()


def test_import_creates_group_with_members(coordinator, town, programme):
    report = GroupImporter(coordinator).run(
        _csv([_row(town, programme, i) for i in range(3)]), dry_run=False
    )
    assert report.committed
    group = SponsorGroup.objects.get()
    assert (group.status, group.municipality, group.max_household_size) == ("applied", town, 5)
    assert group.languages == ["ar", "nl"]
    assert group.members.get(is_contact=True).name == "Imported 0"


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("town_code", "GM0000", "Unknown town"),
        ("programme", "nope", "Unknown programme"),
        ("max_household_size", "0", ""),
        ("vulnerabilities", "flying", "Unknown values"),
        ("languages", "dutch", "language:level"),
        ("member_email", "x", ""),
        ("member_phone", "1", "phone number"),
        ("is_contact", "maybe", "yes or no"),
        ("vog_received_on", "2020-01-01", "Give both"),
        ("neighbourhood", "Elsewhere", "Differs from row 2"),
    ],
)
def test_a_broken_row_is_reported_and_nothing_is_imported(
    column, value, message, coordinator, town, programme
):
    rows = [_row(town, programme, i) for i in range(3)]
    rows[1][column] = value
    report = GroupImporter(coordinator).run(_csv(rows), dry_run=False)
    assert not report.committed
    errors = report.rows[1].errors
    assert any(c == column and message in m for c, m in errors), errors
    assert not SponsorGroup.objects.exists() and not GroupMember.objects.exists()


def test_group_level_checks(coordinator, town, programme):
    rows = [_row(town, programme, i, is_contact="no") for i in range(2)]
    report = GroupImporter(coordinator).run(_csv(rows), dry_run=True)
    messages = " ".join(m for _c, m in report.rows[0].errors)
    assert "exactly one contact" in messages and "at least 3" in messages


def test_town_outside_the_coordinators_scope_is_refused(coordinator, other_town, programme):
    rows = [_row(other_town, programme, i) for i in range(3)]
    report = GroupImporter(coordinator).run(_csv(rows), dry_run=True)
    assert all(c == "town_code" for r in report.rows for c, _m in r.errors)
    assert not report.ok


def test_email_taken_between_preview_and_confirm_rolls_back_everything(
    client_for, coordinator, town, programme, group
):
    client = client_for(coordinator)
    content = _csv([_row(town, programme, i) for i in range(3)])
    preview = client.post(URL, {"file": SimpleUploadedFile("g.csv", content)})
    token = preview.context["token"]
    assert preview.context["report"].ok and token
    # Someone else joins a group with the third e-mail before the confirmation.
    GroupMemberFactory(group=group, email="imported2@example.org")
    response = client.post(URL, {"token": token, "confirm": "1"})
    assert response.status_code == 200
    report = response.context["report"]
    assert not report.committed
    assert "already a member" in report.rows[2].errors[0][1].lower()
    assert SponsorGroup.objects.count() == 1  # only the pre-existing group


def test_import_page_is_for_coordinators(client_for, group_member, municipal_officer):
    assert client_for(group_member).get(URL).status_code == 403
    assert client_for(municipal_officer).get(URL).status_code == 403
