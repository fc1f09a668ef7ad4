"""The month grid of the sessions calendar (pure: dates in, weeks out)."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date


@dataclass
class Day:
    day: date
    in_month: bool
    sessions: list = field(default_factory=list)


def month_grid(year: int, month: int, sessions, day_of) -> list[list[Day]]:
    """Weeks (Monday first) of ``month``; each day lists the sessions ``day_of`` puts there."""
    by_day = defaultdict(list)
    for session in sessions:
        by_day[day_of(session)].append(session)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[Day(d, d.month == month, by_day.get(d, [])) for d in week] for week in weeks]


def parse_month(value: str | None, today: date) -> date:
    """ "2026-05" -> date(2026, 5, 1); anything else -> the first of this month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def shift_month(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
