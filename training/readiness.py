"""Whether a sponsor group has met the training requirement (contract with groups/).

PLACEHOLDER until the training issue lands. ``groups.services.mark_ready_for_matching``
calls ``group_readiness(group)`` and refuses the move unless ``ready`` is True. The
training issue REPLACES THE BODY of ``group_readiness`` (keeping its signature and the
``Readiness`` dataclass) with the real check over its training records, e.g. every
active member finished the start training and the group attended the information session.
Until then no group can become "ready for matching", which is the safe default.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Readiness:
    ready: bool
    # Human-readable reasons, shown to the coordinator when the move is refused.
    missing: list[str] = field(default_factory=list)


def group_readiness(group) -> Readiness:
    """Training readiness of ``group``; placeholder: never ready (see module docstring)."""
    return Readiness(ready=False, missing=["training records are not available yet"])
