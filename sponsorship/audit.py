"""Writing the audit trail. Call ``record`` from services and views; never write values."""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

from sponsorship.models import AuditEvent

Action = AuditEvent.Action
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None


# Set per request by RequestIdMiddleware, so services need not pass the request around.
current_request: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "audit_request",
    default=RequestContext(),  # noqa: B039 - frozen, so immutable
)


def record(
    action: str,
    *,
    actor=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    fields: Iterable[str] = (),
    summary: str = "",
) -> AuditEvent:
    """Append one audit event; ``fields`` are names only, never values."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    ctx = current_request.get()
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        fields=sorted(set(fields)),
        summary=summary[:300],
        ip=ctx.ip,
        request_id=ctx.request_id,
    )


def changed_fields(form) -> list[str]:
    """The names of the fields a bound, valid ModelForm changed."""
    return list(form.changed_data)


def history_for(obj: models.Model):
    """Audit events about one object, newest first (for timelines)."""
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")
