"""manage.py check_integrity: the registry, the output, the exit code, and a consistent
life walked through the real services that it never reports."""

import io
import json
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from groups.models import Intake
from matching import services as matching
from newcomers.models import Household
from sponsorship import integrity
from sponsorships import services as sponsorships
from tests.groups.factories import IntakeFactory
from tests.matching.test_matching_support import cleared_household, home, ready_group
from tests.training.factories import TrainingModuleFactory, completion

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def _broken() -> dict[str, list]:
    return {invariant.code: found for invariant, found in integrity.run() if found}


def test_at_least_fifteen_invariants_each_documented_and_tested():
    invariants = integrity.invariants()
    assert len(invariants) >= 15
    docs = (ROOT / "docs" / "integrity.md").read_text()
    tests = "".join(p.read_text() for p in (ROOT / "tests").rglob("test_*integrity*.py"))
    for invariant in invariants:
        assert re.match(r"^[a-z_]+\.[a-z_]+$", invariant.code), invariant.code
        assert f"`{invariant.code}`" in docs, f"{invariant.code} is not in docs/integrity.md"
        assert f'"{invariant.code}"' in tests, f"{invariant.code} has no test"


def test_an_empty_database_has_no_contradictions():
    out = io.StringIO()
    call_command("check_integrity", stdout=out)
    assert out.getvalue().startswith("No contradictions (")


def _manage(*args) -> subprocess.CompletedProcess:
    """Run manage.py in a process of its own on the test database, as a person would."""
    from django.db import connection

    from tests.conftest import _database_url

    env = {**os.environ, "DATABASE_URL": _database_url(connection.settings_dict)}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db(transaction=True)
def test_the_exit_code_is_1_with_contradictions_and_0_without(town, programme):
    done = _manage("check_integrity")
    assert done.returncode == 0, done.stderr
    assert "No contradictions" in done.stdout
    household = Household.objects.create(
        reference="HH-X1", pseudonym="Household Secret", programme=programme, municipality=town
    )
    Household.objects.filter(pk=household.pk).update(status=Household.Status.IN_SPONSORSHIP)
    done = _manage("check_integrity")
    assert done.returncode == 1
    assert "household.in_sponsorship_has_sponsorship:" in done.stdout
    assert f"newcomers.Household #{household.pk} (status=in_sponsorship)" in done.stdout
    assert "contradiction(s) in" in done.stderr
    # Codes and ids only: neither the reference nor the pseudonym.
    assert "HH-X1" not in done.stdout and "Secret" not in done.stdout


def test_json_output_and_one_code(town, programme):
    household = Household.objects.create(
        reference="HH-X2", pseudonym="X", programme=programme, municipality=town
    )
    Household.objects.filter(pk=household.pk).update(status=Household.Status.WITHDRAWN)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_integrity", "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["invariants_checked"] == len(integrity.invariants())
    assert {
        "code": "household.withdrawn_has_withdrawal",
        "description": "A withdrawn household has the withdrawal record that says when.",
        "model": "newcomers.Household",
        "pk": household.pk,
        "detail": "status=withdrawn",
    } in payload["offences"]
    out = io.StringIO()
    call_command("check_integrity", "--code", "offer.taken_has_allocation", stdout=out)
    assert "(1 invariants checked)" in out.getvalue()


def test_an_unknown_code_is_refused_and_list_names_every_invariant():
    with pytest.raises(CommandError, match="Unknown invariant: no.such_rule"):
        call_command("check_integrity", "--code", "no.such_rule")
    out = io.StringIO()
    call_command("check_integrity", "--list", stdout=out)
    assert out.getvalue().count("\n") == len(integrity.invariants())


def test_a_life_through_the_real_services_never_contradicts_itself(
    town, programme, coordinator, municipal_officer, group_member
):
    """Household and group from the intake to the end of the sponsorship year: after every
    operation, check_integrity finds nothing."""
    module = TrainingModuleFactory(programme=programme)
    group = ready_group(town, programme, contact_user=group_member)
    IntakeFactory(
        group=group,
        interviewer=coordinator,
        held_on=date(2026, 9, 1),
        outcome=Intake.Outcome.POSITIVE,
    )
    for member in group.members.all():
        completion(member, module)
    arrival = timezone.localdate() - timedelta(days=1)
    household = cleared_household(town, programme, expected_arrival=arrival)
    offer = home(town)
    assert _broken() == {}
    proposal = matching.create_manual(coordinator, household=household, group=group, offer=offer)
    assert _broken() == {}
    matching.send(proposal, coordinator)
    matching.approve(proposal, municipal_officer)
    assert _broken() == {}
    matching.confirm_for_group(proposal, group_member)
    assert _broken() == {}
    matching.confirm_for_household(proposal, coordinator)
    assert _broken() == {}
    sponsorship = household.sponsorships.get()
    sponsorships.register_arrival(coordinator, sponsorship, arrival, override_reason="Test.")
    assert _broken() == {}
    sponsorships.mark_interim_done(coordinator, sponsorship)
    sponsorships.start_transition(coordinator, sponsorship)
    sponsorships.complete(coordinator, sponsorship)
    assert _broken() == {}
