"""The home page's queue: what waits for this person, per role, with counts, age and links.

Each app registers *sources* in its AppConfig.ready (``register(roles, source, order)``);
a source takes the request and returns queue items (or nothing). A source must cost a
fixed number of queries whatever the number of rows: one aggregate for count and age
(``summarise``) and at most one sliced query for the oldest entries (``entries``). The
home page's query-count tests hold every source to that.

The queue's thresholds (how early an expiry is announced, how many rows an item names)
live here, in ``THRESHOLDS``; how long a VOG counts is groups/vog.py's one rule and how
long a training counts is each module's ``validity_months``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Thresholds:
    # VOGs and trainings show in the queue this many days before they stop counting.
    expiry_warning_days: int = 30
    # How many of the oldest rows an item names with their own link.
    entries_shown: int = 3


THRESHOLDS = Thresholds()


def _day(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return timezone.localdate(value)
    return value


def waiting_text(since, today: date) -> str:
    """ "waiting 6 days" (or "since today") for a row that has waited since ``since``;
    empty when the row does not know since when (e.g. data from before the field)."""
    if since is None:
        return ""
    days = max((today - _day(since)).days, 0)
    if days == 0:
        return str(_("waiting since today"))
    return ngettext("waiting %(n)d day", "waiting %(n)d days", days) % {"n": days}


def due_text(due, today: date) -> str:
    """ "expires in 12 days", "expires today" or "expired 3 days ago" (empty without a date)."""
    if due is None:
        return ""
    days = (_day(due) - today).days
    if days == 0:
        return str(_("expires today"))
    if days < 0:
        return ngettext("expired %(n)d day ago", "expired %(n)d days ago", -days) % {"n": -days}
    return ngettext("expires in %(n)d day", "expires in %(n)d days", days) % {"n": days}


@dataclass(frozen=True)
class Entry:
    """One row an item names: its label, its own page and its age."""

    label: str
    url: str
    age: str = ""


@dataclass(frozen=True)
class QueueItem:
    key: str
    label: str
    count: int
    url: str
    age: str = ""
    # True when ``age`` is a deadline ("expires in ...") rather than a wait.
    due: bool = False
    urgent: bool = False
    entries: tuple[Entry, ...] = field(default_factory=tuple)
    order: int = 100


Source = Callable[..., Iterable[QueueItem] | QueueItem | None]
_sources: dict[str, dict[str, tuple[int, Source]]] = {}


def register(roles: Iterable[str], source: Source, order: int = 100) -> None:
    """Add ``source`` to the queue of each role (idempotent: keyed by its name)."""
    name = f"{source.__module__}.{source.__qualname__}"
    for role in roles:
        _sources.setdefault(str(role), {})[name] = (order, source)


def sources_for(role: str) -> list[Source]:
    return [
        s for _order, s in sorted(_sources.get(str(role), {}).values(), key=lambda pair: pair[0])
    ]


def items_for(request) -> list[QueueItem]:
    """The non-empty items for the user's role: urgent first, then in source order."""
    items: list[QueueItem] = []
    for source in sources_for(request.user.role):
        result = source(request)
        if result is None:
            continue
        items.extend([result] if isinstance(result, QueueItem) else result)
    items = [item for item in items if item.count]
    return sorted(items, key=lambda item: (not item.urgent, item.order))


def summarise(queryset, since_field: str) -> tuple[int, object]:
    """(count, oldest value of ``since_field``) in one query."""
    row = queryset.order_by().aggregate(n=Count("pk"), oldest=Min(since_field))
    return row["n"], row["oldest"]


def waiting(qs, field, today, *, rows=None, **item) -> QueueItem | None:
    """An item counting ``qs``, aged by its oldest ``field``; ``rows()`` (called only when
    there is something to show) gives its entries. None when nothing waits."""
    count, oldest = summarise(qs, field)
    if not count:
        return None
    return QueueItem(
        count=count, age=waiting_text(oldest, today), entries=rows() if rows else (), **item
    )


def entries(
    queryset, label: Callable, url: Callable, age: Callable, limit: int | None = None
) -> tuple[Entry, ...]:
    """The first ``limit`` rows of an ordered queryset as entries (one query; select the
    related rows the label needs)."""
    limit = THRESHOLDS.entries_shown if limit is None else limit
    return tuple(Entry(str(label(row)), url(row), age(row)) for row in queryset[:limit])


def queue_panel(request):
    """The home panel listing the queue; shown to every role, empty or not."""
    return {"items": items_for(request)}
