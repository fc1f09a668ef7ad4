"""The URL x role access matrix.

Every URL pattern of the project must be declared in one module of this package (one per
app: tests/access/<app>.py) with the status each role gets. A module defines:

    def build(world):  # create the objects its URLs need; store them on ``world``
        world.audit_event = ...

    ROUTES = {
        "url_name": Route(expect={ANON: 302, COORD: 200, MUNI: 403, MEMBER: 403, ADMIN: 200},
                          kwargs=lambda w: {"pk": w.thing.pk}),
    }

The personas live in ``world``: coordinator and municipal officer of ``world.town``, a
group member, an administrator; apps make the group member a member of their objects.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

ANON, COORD, MUNI, MEMBER, ADMIN = "anonymous", "coordinator", "municipal", "member", "admin"
ROLES = (ANON, COORD, MUNI, MEMBER, ADMIN)
LOGIN = 302  # anonymous users are sent to the login page

# Third-party URL trees: their own tests cover them; we check a representative route of
# each in the matrix and skip the rest by prefix.
THIRD_PARTY_PREFIXES = ("accounts/", "admin/", "i18n/")


@dataclass(frozen=True)
class Route:
    expect: dict[str, int]
    kwargs: Callable | None = None
    query: str = ""
    method: str = "get"
    data: Callable | None = None

    def __post_init__(self):
        missing = set(ROLES) - set(self.expect)
        if missing:
            raise ValueError(f"route lacks expectations for {sorted(missing)}")


@dataclass
class World:
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name, value):
        if name == "objects":
            super().__setattr__(name, value)
        else:
            self.objects[name] = value


def modules():
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        yield importlib.import_module(f"{__name__}.{info.name}")


def all_routes() -> dict[str, Route]:
    routes: dict[str, Route] = {}
    for module in modules():
        for name, route in getattr(module, "ROUTES", {}).items():
            if name in routes:
                raise ValueError(f"{name} is declared twice in the access matrix")
            routes[name] = route
    return routes
