"""Every exported spreadsheet cell goes through ``safe_cell``: never a live formula."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from sponsorship.spreadsheet import safe_cell
from tests.groups.factories import SponsorGroupFactory


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+1+1",
        "-1+1",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "\n=1",
        " =1+1",
        '=HYPERLINK("http://x";"y")',
    ],
)
def test_formula_like_text_is_prefixed(text):
    assert safe_cell(text) == "'" + text


def test_plain_text_stays_as_it_is():
    assert safe_cell("Lombok") == "Lombok"
    assert safe_cell("a=b") == "a=b"
    assert safe_cell(None) == ""


def test_lists_are_joined_first_then_neutralised():
    assert safe_cell(['=HYPERLINK("http://x")', "cooking"]) == '\'=HYPERLINK("http://x"); cooking'
    assert safe_cell(("cooking", "=1+1")) == "cooking; =1+1"  # not at a cell start
    assert safe_cell({"b", "a"}) == "a; b"


def test_numbers_computed_by_the_code_stay_numbers_but_number_like_text_does_not():
    # The documented choice: a Python number cannot carry a formula, text can, so text
    # that looks like a number ("-3", a phone number "+31 6 ...") is neutralised too.
    assert safe_cell(-3) == "-3"
    assert safe_cell(Decimal("-2.50")) == "-2.50"
    assert safe_cell(1.5) == "1.5"
    assert safe_cell("-3") == "'-3"
    assert safe_cell("+31 6 1234 5678") == "'+31 6 1234 5678"
    assert safe_cell("-1+cmd|' /C calc'!A0") == "'-1+cmd|' /C calc'!A0"


@pytest.mark.django_db
def test_group_export_neutralises_a_formula_among_the_interests(
    client_for, coordinator, town, programme
):
    """Interests come from the public form as a list; the joined cell must be inert."""
    SponsorGroupFactory(
        municipality=town,
        programme=programme,
        name="Formula group",
        interests=['=HYPERLINK("http://evil.example";"click")', "music"],
    )
    response = client_for(coordinator).get(reverse("groups:list") + "?format=csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    [row] = {r["interests"] for r in rows if r["group_name"] == "Formula group"}
    assert row == '\'=HYPERLINK("http://evil.example";"click"); music'
