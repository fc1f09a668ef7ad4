"""Run ``check_integrity`` as a person would and read what it reports (for the tests)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def reported(code: str) -> set[tuple[str, int]]:
    """(model label, pk) of every record ``check_integrity --code code`` reports; it must
    report at least one and exit 1."""
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("check_integrity", "--json", "--code", code, stdout=out)
    assert refused.value.returncode == 1
    payload = json.loads(out.getvalue())
    assert {o["code"] for o in payload["offences"]} == {code}
    return {(o["model"], o["pk"]) for o in payload["offences"]}


def assert_reported(code: str, *objects) -> None:
    found = reported(code)
    for obj in objects:
        assert (obj._meta.label, obj.pk) in found, (code, obj, found)
