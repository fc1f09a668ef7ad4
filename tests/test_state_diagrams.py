"""docs/state-machines.md is generated from the declared machines and stays current."""

from django.core.management import call_command

from sponsorship import statemachine as sm
from sponsorship.management.commands.state_diagrams import OUTPUT, render

MACHINES = {
    "group",
    "household",
    "offer",
    "allocation",
    "proposal",
    "matching_run",
    "enrolment",
    "certificate_bundle",
}


def test_every_apps_machines_are_registered_at_start_up():
    assert set(sm.REGISTRY) >= MACHINES


def test_the_committed_document_is_what_the_command_writes():
    assert OUTPUT.read_text(encoding="utf-8") == render(), (
        "docs/state-machines.md is out of date: run `manage.py state_diagrams`"
    )
    call_command("state_diagrams", "--check")  # the command agrees


def test_the_document_has_a_diagram_and_a_table_per_machine_with_manual_moves_marked():
    text = render()
    for name in sm.REGISTRY:
        assert f"\n## {name}\n" in text
    assert text.count("```mermaid") == len(sm.REGISTRY)
    assert "intake_held --> approved: approve (manual, guarded)" in text
    assert "ready_for_matching --> matched: match\n" in text  # derived: no mark
    assert "| `match` | Intake held | Matched | `match_problems`" in text
