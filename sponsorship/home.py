"""The home page per role is assembled from panels that each app registers.

An app calls ``register(role, template, context_fn, order)`` in its AppConfig.ready; the
context function gets the request and returns the panel's context (or None to hide it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable
    order: int = 100


_panels: dict[str, list[Panel]] = {}


def register(role: str, template: str, context: Callable, order: int = 100) -> None:
    panels = _panels.setdefault(role, [])
    if not any(p.template == template for p in panels):
        panels.append(Panel(template, context, order))
        panels.sort(key=lambda p: p.order)


def panels_for(request) -> list[tuple[str, dict]]:
    out = []
    for panel in _panels.get(request.user.role, []):
        context = panel.context(request)
        if context is not None:
            out.append((panel.template, context))
    return out
