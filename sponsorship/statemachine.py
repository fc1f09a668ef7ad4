"""One state-machine mechanism for every state machine in the project.

A machine is declared once, next to its model (``<app>/machines.py``): the state field,
and each *move* from a set of source states to a target state, named by the operation
that owns it (the service function a view, task, command or the API calls), with an
optional guard returning the reasons it refuses. ``apply`` is the only code that writes
a state field: it locks the row, finds the move, runs the guard, saves with
``update_fields``, and writes one ``Transition`` row (machine, object, from, to,
operation, actor, time, reason) and one audit event whose summary carries no free text.
Timelines are drawn from the transition rows; ``docs/state-machines.md`` is generated
from the declarations (``manage.py state_diagrams``).

Why not django-fsm-2 or viewflow.fsm: see docs/architecture.md ("State machines").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sponsorship import audit, text

Guard = Callable[[models.Model], list[str]]


class Transition(models.Model):
    """One row per state change of any machine: the timeline of every object.

    The structural columns cannot be changed (trigger); the reason can be cleared by
    retention and erasure, which is why it lives here and never in the audit log.
    """

    machine = models.CharField(gettext_lazy("machine"), max_length=40)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.BigIntegerField()
    from_state = models.CharField(gettext_lazy("from"), max_length=32, blank=True)
    to_state = models.CharField(gettext_lazy("to"), max_length=32)
    operation = models.CharField(gettext_lazy("operation"), max_length=48)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=gettext_lazy("by"),
    )
    at = models.DateTimeField(gettext_lazy("when"), default=timezone.now, db_index=True)
    reason = models.TextField(gettext_lazy("reason"), blank=True, max_length=text.REASON)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = gettext_lazy("state change")
        verbose_name_plural = gettext_lazy("state changes")
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"], name="transition_object_at")
        ]
        constraints = text.length_checks(reason=text.REASON)
        triggers = [
            pgtrigger.Protect(
                name="transition_structure_fixed",
                operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange(
                    "machine",
                    "content_type",
                    "object_id",
                    "from_state",
                    "to_state",
                    "operation",
                    "actor",
                    "at",
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.machine}#{self.object_id}: {self.from_state} -> {self.to_state}"


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str
    operation: str
    guard: Guard | None = None
    # What the diagram and the docs say of it; the operation name is the code's handle.
    note: str = ""
    # A decision a person takes by hand (a button or a form); every other move follows
    # from another record and is made only by the operation that owns it.
    manual: bool = False


@dataclass
class Machine:
    """A model's state field and the moves that may change it."""

    name: str
    model: type[models.Model]
    moves: list[Move]
    field: str = "status"
    # A timestamp field set on every move (e.g. ``status_changed_at``), when the model has one.
    stamp_field: str | None = None
    initial: str | None = None
    # Fields that saving must always include (e.g. ``updated_at`` with auto_now).
    always_save: tuple[str, ...] = ()
    _by_operation: dict[str, list[Move]] = dataclasses.field(default_factory=dict, repr=False)

    def __post_init__(self):
        choices = {value for value, _label in self.model._meta.get_field(self.field).choices}
        for move in self.moves:
            unknown = (set(move.sources) | {move.target}) - choices
            if unknown:
                raise ValueError(f"{self.name}: unknown states {sorted(unknown)}")
            self._by_operation.setdefault(move.operation, []).append(move)
        REGISTRY[self.name] = self

    @property
    def states(self) -> list[tuple[str, str]]:
        return list(self.model._meta.get_field(self.field).choices)

    def label(self, state: str) -> str:
        return str(dict(self.states).get(state, state))

    def operations(self) -> list[str]:
        return list(self._by_operation)

    def find(self, source: str, operation: str, target: str | None = None) -> Move | None:
        for move in self._by_operation.get(operation, ()):
            if source in move.sources and (target is None or move.target == target):
                return move
        return None

    def targets(self, source: str) -> list[tuple[str, str]]:
        """(operation, target) pairs possible from ``source``, in declaration order."""
        return [(m.operation, m.target) for m in self.moves if source in m.sources]

    def refusals(self, obj, operation: str, target: str | None = None) -> list[str]:
        """Why ``operation`` cannot move ``obj`` now (empty when it can)."""
        state = getattr(obj, self.field)
        move = self.find(state, operation, target)
        if move is None:
            return [self._wrong_state(state, operation, target)]
        return list(move.guard(obj)) if move.guard else []

    def _wrong_state(self, state: str, operation: str, target: str | None) -> str:
        goal = target or next((m.target for m in self._by_operation.get(operation, ())), None)
        if goal is None:
            return _("This step is not available.")
        return _("Something that is “%(status)s” cannot become “%(target)s” this way.") % {
            "status": self.label(state),
            "target": self.label(goal),
        }


REGISTRY: dict[str, Machine] = {}


def move(
    sources: str | Iterable[str],
    target: str,
    operation: str,
    guard: Guard | None = None,
    note: str = "",
    manual: bool = False,
) -> Move:
    """A move from one or several source states (a convenience for declarations)."""
    sources = frozenset([sources] if isinstance(sources, str) else sources)
    return Move(
        sources=sources, target=target, operation=operation, guard=guard, note=note, manual=manual
    )


def apply(
    machine: Machine,
    obj: models.Model,
    operation: str,
    *,
    actor,
    target: str | None = None,
    reason: str = "",
    fields: dict | None = None,
    locked: bool = False,
    check: bool = True,
) -> models.Model:
    """Make ``operation``'s move on ``obj``; ValidationError with readable reasons if refused.

    ``fields`` are other attributes the same save writes (e.g. ``arrival_date``).
    ``locked`` says ``obj`` is already a row locked in this transaction. The state of the
    saved row is copied onto ``obj``, which is returned.
    """
    with transaction.atomic():
        row = obj if locked else type(obj).objects.select_for_update().get(pk=obj.pk)
        source = getattr(row, machine.field)
        move = machine.find(source, operation, target)
        if move is None:
            raise ValidationError(
                machine._wrong_state(source, operation, target), code="wrong_state"
            )
        if check and move.guard and (problems := list(move.guard(row))):
            raise ValidationError(problems, code="guard")
        now = timezone.now()
        setattr(row, machine.field, move.target)
        names = [machine.field, *machine.always_save]
        if machine.stamp_field:
            setattr(row, machine.stamp_field, now)
            names.append(machine.stamp_field)
        for name, value in (fields or {}).items():
            setattr(row, name, value)
            names.append(name)
        row.save(update_fields=list(dict.fromkeys(names)))
        record(
            machine,
            row,
            source,
            move.target,
            operation=operation,
            actor=actor,
            reason=reason,
            at=now,
            fields=[n for n in names if n not in machine.always_save],
        )
    if row is not obj:
        for name in names:
            setattr(obj, name, getattr(row, name))
    return obj


def record(
    machine: Machine,
    obj,
    source: str,
    target: str,
    *,
    operation: str,
    actor,
    reason: str = "",
    at=None,
    fields: Iterable[str] = (),
) -> Transition:
    """Write the transition row and its audit event (also for a creation in a state)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    row = Transition.objects.create(
        machine=machine.name,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        from_state=source or "",
        to_state=target,
        operation=operation,
        actor=actor,
        at=at or timezone.now(),
        reason=text.fit(reason, text.REASON, field="reason"),
    )
    audit.record(
        audit.Action.TRANSITION,
        actor=actor,
        obj=obj,
        fields=list(fields) or [machine.field],
        summary=f"{machine.name}.{operation}: {source or '-'} -> {target}",
    )
    return row


def history(obj, machine: Machine | None = None):
    """The transition rows of ``obj``, oldest first."""
    rows = Transition.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    )
    if machine is not None:
        rows = rows.filter(machine=machine.name)
    return rows.select_related("actor")


def mermaid(machine: Machine) -> str:
    """The machine as a Mermaid state diagram (labels are the English state names)."""
    lines = ["stateDiagram-v2"]
    for value, label in machine.states:
        lines.append(f'    state "{label}" as {value}')
    if machine.initial:
        lines.append(f"    [*] --> {machine.initial}")
    for move in machine.moves:
        marks = ", ".join(m for m, on in (("manual", move.manual), ("guarded", move.guard)) if on)
        guard = f" ({marks})" if marks else ""
        for source in sorted(move.sources, key=[v for v, _l in machine.states].index):
            lines.append(f"    {source} --> {move.target}: {move.operation}{guard}")
    return "\n".join(lines)
