"""The main navigation per role; apps add entries from their AppConfig.ready."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]
    order: int = 100


_items: list[NavItem] = []


def register(label, url_name: str, roles, order: int = 100) -> None:
    if not any(i.url_name == url_name for i in _items):
        _items.append(NavItem(label, url_name, frozenset(roles), order))
        _items.sort(key=lambda i: i.order)


def items_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    return [i for i in _items if user.role in i.roles]
