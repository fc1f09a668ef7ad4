"""What the header search finds of training sessions: the module's name or code, the
place or town, or a date (2026-03-12 or 12-03-2026); scoped like the session list."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from groups.search import towns_matching
from sponsorship import search
from training.models import TrainingSession


def _may(user) -> bool:
    return user.has_perm("training.manage_training")


def parse_day(text: str) -> date | None:
    """A date typed as yyyy-mm-dd, dd-mm-yyyy or dd/mm/yyyy, else None."""
    for order in ("ymd", "dmy"):
        parts = [p for p in text.replace("/", "-").replace(".", "-").split("-") if p]
        if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
            return None
        values = dict(zip(order, map(int, parts), strict=True))
        try:
            return date(values["y"], values["m"], values["d"])
        except ValueError:
            continue
    return None


def session_q(terms: search.Terms) -> Q:
    """Sessions on the typed day or in a matching town (besides the module and place)."""
    also = Q(municipality__in=towns_matching(terms))
    day = parse_day(terms.text)
    if day is not None:
        also |= Q(starts_at__date=day)
    return also


def sessions_matching(queryset, terms):
    """``queryset`` narrowed to the sessions the terms find (the list's ``q`` filter too)."""
    return search.matching(
        queryset,
        terms,
        "module__name_nl",
        "module__name_en",
        "module__code",
        "place",
        also=session_q(terms),
    )


def _sessions(user, terms):
    qs = TrainingSession.objects.visible_to(user).select_related("module", "municipality")
    return sessions_matching(qs, terms)


def _hit(session, user):
    when = formats.date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")
    place = session.municipality.name if session.municipality else _("online")
    return search.Hit(
        title=session.module.name,
        url=reverse("training:session_detail", args=[session.pk]),
        detail=f"{when} · {place}",
    )


def _list(q):
    return f"{reverse('training:session_list')}?{urlencode({'q': q})}"


search.register(
    search.Provider(
        key="sessions",
        label=_("Training sessions"),
        order=40,
        may_search=_may,
        find=_sessions,
        hit=_hit,
        more_url=_list,
    )
)
