"""The group page's timeline: its transition rows and its other audit events."""

from __future__ import annotations

import re

from django.utils.text import capfirst
from django.utils.translation import gettext

from groups.machines import GROUP
from groups.models import SponsorGroup
from sponsorship.timelines import Entry, merged

__all__ = ["Entry", "describe", "timeline"]


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


def describe(event, names: dict | None = None) -> str:
    """A readable line for one audit event that is not a state change: known summaries
    in the reader's words (``names``: member id -> name), others as recorded."""
    summary = _summary(event.summary, names or {})
    return capfirst(f"{event.get_action_display()}: {summary}".rstrip(": "))


def timeline(group: SponsorGroup) -> list[Entry]:
    """Newest first; the states from the transition rows, never from audit summaries."""
    names = dict(group.members.values_list("pk", "name"))  # former members too
    return merged(group, GROUP, describe=lambda event: describe(event, names))
