"""The group page's timeline, read from the audit trail (one source of history)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.utils.text import capfirst
from django.utils.translation import gettext

from groups.models import SponsorGroup
from sponsorship import audit
from sponsorship.vocab import label


@dataclass(frozen=True)
class Entry:
    at: datetime
    actor: str
    text: str
    is_transition: bool


def _status_label(code: str) -> str:
    return label(code, "groups.SponsorGroup.status")


def _member(names: dict, pk: str) -> str:
    name = names.get(int(pk))
    return name or gettext("a member")


# Audit summaries are stored in English (the audit trail is append-only and the same for
# everyone); the timeline puts the ones recorded on a group into the reader's words, with
# names for the member ids. An unknown summary is shown as it was recorded.
SUMMARIES = [
    (
        re.compile(r"documents of member (\d+)"),
        lambda m, names: (
            gettext("declaration and VOG of %(member)s") % {"member": _member(names, m[1])}
        ),
    ),
    (
        re.compile(r"proposed adding a member \(change \d+\)"),
        lambda m, names: gettext("a new member proposed"),
    ),
    (
        re.compile(r"proposed removing member (\d+) \(change \d+\)"),
        lambda m, names: (
            gettext("removal of %(member)s proposed") % {"member": _member(names, m[1])}
        ),
    ),
    (
        re.compile(r"membership change \d+ approved"),
        lambda m, names: gettext("membership change approved"),
    ),
    (
        re.compile(r"membership change \d+ declined"),
        lambda m, names: gettext("membership change declined"),
    ),
    (re.compile(r"public application"), lambda m, names: gettext("application received")),
    (re.compile(r"CSV import"), lambda m, names: gettext("imported from a spreadsheet")),
]


def _summary(text: str, names: dict) -> str:
    for pattern, words in SUMMARIES:
        match = pattern.fullmatch(text)
        if match:
            return words(match, names)
    return text


def describe(event, names: dict | None = None) -> tuple[str, bool]:
    """A readable line for one audit event; transitions show the two states' labels, known
    summaries the reader's words (``names``: member id -> name)."""
    if event.action == audit.Action.TRANSITION and event.summary.startswith("status: "):
        old, _arrow, new = event.summary.removeprefix("status: ").partition(" -> ")
        return f"{_status_label(old)} → {_status_label(new)}", True
    summary = _summary(event.summary, names or {})
    return capfirst(f"{event.get_action_display()}: {summary}".rstrip(": ")), False


def timeline(group: SponsorGroup) -> list[Entry]:
    entries = []
    names = dict(group.members.values_list("pk", "name"))  # former members too
    for event in audit.history_for(group):
        text, is_transition = describe(event, names)
        actor = str(event.actor) if event.actor else ""
        entries.append(Entry(event.created_at, actor, text, is_transition))
    return entries
