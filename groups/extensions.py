"""Hooks through which the apps above groups add to its screens.

groups never imports the apps built on it (docs/architecture.md, the app map): the
sponsorships app registers what the workspace shows of a sponsorship, and the checklist
steps after matching, from its ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable

# fn(group) -> list of groups.checklist.Item, appended in registration order.
_checklist_items: list[Callable] = []
# Templates included on the members' workspace after the checklist; each gets ``group``.
_workspace_sections: list[str] = []


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
