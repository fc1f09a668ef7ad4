"""Household reference codes: NC-<year>-<sequence>, unique, never reused."""

from django.db import connection
from django.utils import timezone

SEQUENCE = "newcomers_household_reference_seq"


def next_reference() -> str:
    """A fresh reference; a database sequence (migration 0002) never hands out one twice."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [SEQUENCE])
        number = cursor.fetchone()[0]
    return f"NC-{timezone.localdate().year}-{number:05d}"
