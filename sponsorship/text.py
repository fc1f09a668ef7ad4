"""Length limits of free text: the named sizes and the database checks that enforce them.

``max_length`` on a TextField only reaches model forms (validator and the textarea's
``maxlength``); ``length_checks`` adds the CHECK constraint that holds for every other way
in (imports, services, the admin, raw SQL), so no path can store more than the limit.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

# Sized for real use, with room to spare: a reason is a paragraph, a note a page.
ADDRESS = 1_000
REASON = 2_000
DESCRIPTION = 2_000
NOTE = 4_000
LONG_NOTE = 8_000

# TextFields the portal writes itself and no person types; deliberately unbounded.
MACHINE_WRITTEN = {
    # The matching engine's canonical JSON input; its size follows the run's scope.
    "matching.MatchingRun.snapshot",
}


def length_checks(**limits: int) -> list[models.CheckConstraint]:
    """One CHECK (char_length(field) <= limit) per field; names unique per model."""
    return [
        models.CheckConstraint(
            condition=LessThanOrEqual(Length(field), limit),
            name=f"%(app_label)s_%(class)s_{field}_len",
        )
        for field, limit in limits.items()
    ]


def fit(value: str | None, limit: int, *, field: str) -> str:
    """``value`` stripped; a ValidationError on ``field`` with the forms' message if too long.

    For services that take text straight from a request rather than through a form.
    """
    value = (value or "").strip()
    try:
        MaxLengthValidator(limit)(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.error_list}) from None
    return value


def clip(value: str, limit: int) -> str:
    """``value`` cut to ``limit`` characters, for text the portal composes itself."""
    return value if len(value) <= limit else value[: limit - 1] + "…"
