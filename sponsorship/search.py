"""One search box for staff: each app registers what it can find in ``<app>/search.py``.

A ``Provider`` searches one kind of object. Its queryset always starts from the same
``visible_to(user)`` as that kind's list, so the search finds nothing a list would hide.
Matching is PostgreSQL full-text search with the 'simple' configuration (names are not
Dutch or English words, so no stemming) and prefix terms, so "utr" finds "Utrecht".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, Func, Q, QuerySet, TextField, Value
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy

CONFIG = "simple"
MAX_TERMS = 6
MAX_QUERY_LENGTH = 100
# Letters and digits only: every other character separates terms, so nothing the user
# types reaches to_tsquery's own syntax (&, |, !, :, quotes).
_TERM = re.compile(r"[^\W_]+")

_providers: dict[str, Provider] = {}
_discovered = False


@dataclass(frozen=True)
class Hit:
    title: str
    url: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Provider:
    key: str
    label: str
    order: int
    may_search: Callable  # (user) -> bool
    find: Callable  # (user, Terms) -> QuerySet, visible_to applied and ordered
    hit: Callable  # (obj, user) -> Hit
    more_url: Callable | None = None  # (q) -> the kind's list filtered by the query


@dataclass
class Terms:
    """What the user typed, cleaned: ``text`` (for list links), ``words`` and the query."""

    text: str
    words: list[str] = field(default_factory=list)

    @property
    def query(self) -> SearchQuery:
        raw = " & ".join(f"'{w}':*" for w in self.words)
        return SearchQuery(raw, search_type="raw", config=CONFIG)


def parse(text: str) -> Terms:
    text = (text or "").strip()[:MAX_QUERY_LENGTH]
    words = [w.lower() for w in _TERM.findall(text)][:MAX_TERMS]
    return Terms(text=text, words=words)


# Separators inside e-mail addresses, references and codes: the parser would otherwise keep
# "fenna@example.org" or "nc-2026-00042" as one lexeme, which "example" or "00042" cannot
# match as a prefix. Replaced by spaces, every part is a word of its own.
_SEPARATORS = r"[@._+/-]+"


def vector(*fields: str) -> SearchVector:
    parts = [
        Func(
            F(name),
            Value(_SEPARATORS),
            Value(" "),
            Value("g"),
            function="regexp_replace",
            output_field=TextField(),
        )
        for name in fields
    ]
    return SearchVector(*parts, config=CONFIG)


def matching(queryset: QuerySet, terms: Terms, *fields: str, also: Q | None = None) -> QuerySet:
    """Rows whose ``fields`` match every term (as a prefix), or that match ``also``;
    best matches first."""
    search = vector(*fields)
    condition = Q(_search=terms.query)
    if also is not None:
        condition |= also
    return (
        queryset.annotate(_search=search, _rank=SearchRank(search, terms.query))
        .filter(condition)
        .order_by("-_rank", "pk")
    )


def register(provider: Provider) -> None:
    _providers[provider.key] = provider


def providers_for(user) -> list[Provider]:
    global _discovered
    if not _discovered:
        autodiscover_modules("search")
        _discovered = True
    return sorted((p for p in _providers.values() if p.may_search(user)), key=lambda p: p.order)


def may_search(user) -> bool:
    """Staff only: a group member's world is their own group, which their workspace shows."""
    return _is_staff(user)


@dataclass
class Section:
    provider: Provider
    hits: list[Hit]
    more: bool
    more_url: str = ""


def search(user, text: str, *, per_kind: int = 5) -> tuple[Terms, list[Section]]:
    """The first ``per_kind`` hits of each kind the user may search (one query per kind)."""
    terms = parse(text)
    if not terms.words:
        return terms, []
    sections = []
    for provider in providers_for(user):
        rows = list(provider.find(user, terms)[: per_kind + 1])
        if not rows:
            continue
        more = len(rows) > per_kind
        sections.append(
            Section(
                provider=provider,
                hits=[provider.hit(obj, user) for obj in rows[:per_kind]],
                more=more,
                more_url=provider.more_url(terms.text) if provider.more_url else "",
            )
        )
    return terms, sections


# --- staff: the people an app does not own ---------------------------------------------


def _staff(user, terms):
    from sponsorship.access import visible_staff

    return matching(
        visible_staff(user).select_related("organisation", "municipality"),
        terms,
        "first_name",
        "last_name",
        "email",
    )


def _staff_hit(person, user):
    where = person.organisation or person.municipality or ""
    return Hit(
        title=str(person),
        url=f"mailto:{person.email}",
        detail=" · ".join(str(p) for p in (person.email, person.get_role_display(), where) if p),
    )


def _is_staff(user) -> bool:
    from sponsorship.models import STAFF_ROLES

    return user.is_authenticated and user.role in STAFF_ROLES


register(
    Provider(
        key="staff",
        label=gettext_lazy("Staff"),
        order=60,
        may_search=_is_staff,
        find=_staff,
        hit=_staff_hit,
    )
)
