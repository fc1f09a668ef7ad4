"""Malformed input answers 400 or is ignored, never 500 (issue 11, finding 8)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from groups.imports import COLUMNS
from sponsorship.csvimport import read_csv
from sponsorship.input_guard import parse_int
from sponsorship.notifications import Notification, notify

pytestmark = pytest.mark.django_db


# --- NUL and invalid UTF-8: one middleware, before any view or query ---------------------


def test_nul_in_a_public_path_segment_is_400(client):
    # PostgreSQL refuses NUL in text: the token lookup used to answer 500.
    assert client.get("/invitations/abc%00def/").status_code == 400


def test_invalid_utf8_in_the_path_is_400(client):
    assert client.get("/invitations/%FF%FE/").status_code == 400


@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "q=%FF%FE", "%00=1"])
def test_nul_or_invalid_utf8_in_the_query_string_is_400(client_for, coordinator, query):
    assert client_for(coordinator).get(f"{reverse('groups:list')}?{query}").status_code == 400


def test_nul_in_an_urlencoded_form_field_is_400(client):
    response = client.post(
        reverse("account_login"),
        "login=a%00b&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


def test_nul_in_a_multipart_form_field_is_400(client):
    response = client.post(reverse("account_login"), {"login": "a\x00b", "password": "x"})
    assert response.status_code == 400


def test_ordinary_requests_pass(client):
    assert client.get(reverse("account_login") + "?next=/groups/%C3%A9").status_code == 200


# --- integers from request data --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        ("0", 0),
        ("²", None),
        ("١", None),
        ("𝟙", None),
        ("-1", None),
        (" 1", None),
        ("", None),
        ("1.0", None),
        ("9" * 30, None),
        (str(2**63), None),
        (str(2**63 - 1), 2**63 - 1),
        (None, None),
    ],
)
def test_parse_int_takes_only_ascii_decimal_within_bigint(value, expected):
    assert parse_int(value) == expected


def test_mark_read_ignores_ids_that_are_not_plain_numbers(client_for, group_member):
    notify(group_member, "test", "k1", "One")
    response = client_for(group_member).post(
        reverse("notifications:mark_read"), {"id": ["²", "١", "9" * 30]}
    )
    assert response.status_code == 302
    # Ids that name nothing do not turn into "mark all" (which is sending no id at all).
    assert Notification.objects.filter(user=group_member, read_at__isnull=True).exists()


@pytest.mark.parametrize("value", ["²", "١", "9" * 30, "-1", "x"])
def test_register_ignores_a_municipality_that_is_not_a_plain_number(
    client_for, administrator, town, value
):
    response = client_for(administrator).get(reverse("housing:register") + f"?municipality={value}")
    assert response.status_code == 200


def test_a_30_digit_pk_is_404(client_for, coordinator):
    assert client_for(coordinator).get(f"/groups/{'9' * 30}/").status_code == 404


# --- lists: htmx partials, unknown sort and huge page numbers ---------------------------


@pytest.mark.parametrize(
    "name",
    [
        "groups:list",
        "newcomers:household_list",
        "housing:offer_list",
        "training:session_list",
        "matching:proposal_list",
        "audit_list",
    ],
)
def test_htmx_partial_of_a_list_without_a_fragment_answers_the_page(
    client_for, administrator, name
):
    response = client_for(administrator).get(
        reverse(name) + "?partial=1", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    ["sort=__class__", "sort=-", "sort=zz&o=zz", "page=99999999999999999999", "page=²", "page=-1"],
)
def test_unknown_sort_and_odd_pages_are_not_500(client_for, coordinator, query):
    response = client_for(coordinator).get(f"{reverse('groups:list')}?{query}")
    assert response.status_code in (200, 404)


# --- CSV import: unreadable files are a form error on the upload field -----------------


def _upload(client, content: bytes):
    return client.post(
        reverse("groups:import"), {"file": SimpleUploadedFile("groups.csv", content, "text/csv")}
    )


def _header() -> bytes:
    out = io.StringIO()
    csv.writer(out).writerow(COLUMNS)
    return out.getvalue().encode()


def test_a_field_over_the_csv_limit_is_a_form_error(client_for, coordinator):
    content = _header() + b"x" * 140_000 + b"," * (len(COLUMNS) - 1) + b"\n"
    response = _upload(client_for(coordinator), content)
    assert response.status_code == 200
    assert "cannot be read as CSV" in str(response.context["form"].errors["file"])


def test_nul_bytes_in_an_uploaded_file_are_row_errors_not_500(client_for, coordinator):
    content = _header() + b"\x00" + b",\x00" * (len(COLUMNS) - 1) + b"\n"
    response = _upload(client_for(coordinator), content)
    assert response.status_code == 200
    assert not response.context["report"].ok


def test_cr_only_line_endings_are_read():
    assert read_csv(b"name;languages\rAmal;nl\rBram;en\r") == (
        ["name", "languages"],
        [{"name": "Amal", "languages": "nl"}, {"name": "Bram", "languages": "en"}],
    )


def test_line_breaks_inside_quoted_values_survive():
    _header_, rows = read_csv(b'a,b\r\n"one\r\ntwo",z\r\n')
    assert rows == [{"a": "one\r\ntwo", "b": "z"}]
