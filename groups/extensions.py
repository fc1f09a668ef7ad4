"""Hooks through which the apps above groups add to its screens.

groups never imports the apps built on it (docs/architecture.md, the app map): the
training app registers the readiness gate (is the programme's training requirement met?),
the sponsorships app what the workspace shows of a sponsorship and the checklist steps
after matching, each from its ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable

# fn(group) -> an object with ``ready`` (bool) and ``missing`` (reasons to show), the
# training requirement's verdict (training.readiness.group_readiness).
_readiness: list[Callable] = []
# fn(group) -> list of groups.checklist.Item, appended in registration order.
_checklist_items: list[Callable] = []
# Templates included on the members' workspace after the checklist; each gets ``group``.
_workspace_sections: list[str] = []


def register_readiness(fn: Callable) -> None:
    if fn not in _readiness:
        _readiness.append(fn)


def readiness(group):
    """The training requirement's verdict on ``group``. No gate registered is a broken
    installation (training is in INSTALLED_APPS), never "nothing required"."""
    if not _readiness:
        raise LookupError("no readiness gate registered (is the training app installed?)")
    return _readiness[0](group)


def register_checklist_items(fn: Callable) -> None:
    if fn not in _checklist_items:
        _checklist_items.append(fn)


def register_workspace_section(template: str) -> None:
    if template not in _workspace_sections:
        _workspace_sections.append(template)


def checklist_items(group) -> list:
    return [item for fn in _checklist_items for item in fn(group)]


def workspace_sections() -> list[str]:
    return list(_workspace_sections)
