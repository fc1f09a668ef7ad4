"""Reminder rules and the run that turns their candidates into notifications.

A rule is a function ``rule(today) -> Iterable[Candidate]`` registered with ``@register``
in ``<app>/reminders.py`` (imported by ``autodiscover``). Rules must be pure over the data
and the date: the same day yields the same keys, which is what lets the run be repeated
(twice a day, by two schedulers, after a killed worker) without sending anything twice.
Keys therefore name the duty and its date, e.g. ``checkin-overdue:<sponsorship>:<due>``.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice

from django.apps import apps
from django.utils import formats, timezone, translation
from django.utils.functional import Promise

from sponsorship.notifications import Candidate, insert_candidates

logger = logging.getLogger(__name__)
Rule = Callable[[date], Iterable[Candidate]]
_rules: dict[str, Rule] = {}
BATCH_SIZE = 5_000


def register(rule: Rule) -> Rule:
    """Decorator: add ``rule`` to the registry (by module and name, so reloading is safe)."""
    _rules[f"{rule.__module__}.{rule.__qualname__}"] = rule
    return rule


def unregister(name: str) -> None:
    _rules.pop(name, None)


def registered() -> dict[str, Rule]:
    return dict(_rules)


def autodiscover() -> None:
    """Import ``<app>.reminders`` of every installed app (once; imports are cached)."""
    for config in apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.reminders")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.reminders":
                raise


def text(language: str, message, params: dict | None = None) -> str:
    """The lazy ``message``, %-formatted with ``params``, in ``language``.

    Pass the params here, not ``message % params``: formatting a lazy string translates
    it at once, in whatever language is active.
    """
    with translation.override(language or "nl"):
        if not params:
            return str(message)
        # Dates and lazy labels become words of that language too, not ISO dates.
        return str(message) % {key: _word(value) for key, value in params.items()}


def _word(value):
    if isinstance(value, datetime):
        return formats.localize(timezone.localtime(value))
    if isinstance(value, date):
        return formats.localize(value)
    return str(value) if isinstance(value, Promise) else value


def _batches(items: Iterable[Candidate], size: int) -> Iterator[list[Candidate]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@dataclass
class RunResult:
    candidates: int = 0
    created: int = 0


def run(
    today: date, rules: dict[str, Rule] | None = None, batch_size: int = BATCH_SIZE
) -> RunResult:
    """Evaluate every rule for ``today`` and insert new notifications in batches.

    Each batch commits on its own: a run killed half-way keeps what it inserted and the
    next run inserts only the rest (existing (user, key) pairs are skipped).
    """
    result = RunResult()
    for name, rule in (rules if rules is not None else registered()).items():
        for batch in _batches(rule(today), batch_size):
            result.candidates += len(batch)
            result.created += len(insert_candidates(batch))
        logger.info("reminder rule %s done", name)
    return result
