"""Timelines of an object: its state changes (transition rows) and its other audit events.

States come from ``sponsorship.statemachine.Transition`` rows only, never from audit
summaries; the audit trail adds what happened besides (created, documents recorded, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils.text import capfirst

from sponsorship import audit
from sponsorship import statemachine as sm


@dataclass(frozen=True)
class Entry:
    at: datetime
    actor: str
    text: str
    is_transition: bool
    reason: str = ""


def state_text(machine: sm.Machine, row: sm.Transition) -> str:
    """ "Applied → Intake planned", or the one state a creation started in."""
    if not row.from_state:
        return machine.label(row.to_state)
    return f"{machine.label(row.from_state)} → {machine.label(row.to_state)}"


def transitions(obj, machine: sm.Machine) -> list[Entry]:
    """The state changes of ``obj``, oldest first."""
    return [
        Entry(row.at, str(row.actor or ""), state_text(machine, row), True, row.reason)
        for row in sm.history(obj, machine)
    ]


def _event_text(event) -> str:
    return capfirst(f"{event.get_action_display()}: {event.summary}".rstrip(": "))


def merged(
    obj,
    machine: sm.Machine,
    *,
    describe: Callable[[object], str] = _event_text,
    newest_first: bool = True,
    limit: int | None = None,
) -> list[Entry]:
    """State changes and the other audit events of ``obj`` in one list.

    The audit's own transition events are left out: the transition row says the same
    with labels and the reason.
    """
    entries = transitions(obj, machine)
    events = audit.history_for(obj).exclude(action=audit.Action.TRANSITION)
    if limit is not None:
        events = events[:limit]
    entries += [
        Entry(event.created_at, str(event.actor or ""), describe(event), False) for event in events
    ]
    entries.sort(key=lambda e: e.at, reverse=newest_first)
    return entries[:limit] if limit is not None else entries
