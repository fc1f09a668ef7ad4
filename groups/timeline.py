"""The group page's timeline, read from the audit trail (one source of history)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from groups.models import SponsorGroup
from sponsorship import audit


@dataclass(frozen=True)
class Entry:
    at: datetime
    actor: str
    text: str
    is_transition: bool


def _status_label(code: str) -> str:
    try:
        return str(SponsorGroup.Status(code).label)
    except ValueError:
        return code


def describe(event) -> tuple[str, bool]:
    """A readable line for one audit event; transitions show the two states' labels."""
    if event.action == audit.Action.TRANSITION and event.summary.startswith("status: "):
        old, _arrow, new = event.summary.removeprefix("status: ").partition(" -> ")
        return f"{_status_label(old)} → {_status_label(new)}", True
    return f"{event.get_action_display()}: {event.summary}".rstrip(": "), False


def timeline(group: SponsorGroup) -> list[Entry]:
    entries = []
    for event in audit.history_for(group):
        text, is_transition = describe(event)
        actor = str(event.actor) if event.actor else ""
        entries.append(Entry(event.created_at, actor, text, is_transition))
    return entries
