"""Every URL pattern is declared in tests/access/ with each role's status, and gets it."""

import contextlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import ROLES, THIRD_PARTY_PREFIXES, World, all_routes, modules
from tests.conftest import login_client


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(entry.url_patterns, route, ns)
        elif isinstance(entry, URLPattern):
            yield route, (f"{namespace}{entry.name}" if entry.name else None)


def project_url_names():
    names, unnamed = set(), []
    for route, name in _walk(get_resolver().url_patterns):
        if route.startswith(THIRD_PARTY_PREFIXES):
            continue
        if name is None:
            unnamed.append(route)
        else:
            names.add(name)
    return names, unnamed


def test_every_url_pattern_is_declared():
    names, unnamed = project_url_names()
    assert not unnamed, f"URL patterns without a name cannot be declared: {unnamed}"
    declared = set(all_routes())
    missing = sorted(names - declared)
    assert not missing, f"declare these URL names in tests/access/<app>.py: {missing}"
    stale = sorted(n for n in declared - names if ":" not in n or not n.startswith("admin:"))
    stale = [n for n in stale if n not in {"account_login", "set_language"}]
    assert not stale, f"declared in the matrix but not routed: {stale}"


@pytest.fixture
def world(town, coordinator, municipal_officer, group_member, administrator, programme):
    w = World()
    w.town, w.programme = town, programme
    w.users = {
        "coordinator": coordinator,
        "municipal": municipal_officer,
        "member": group_member,
        "admin": administrator,
        "anonymous": None,
    }
    for module in modules():
        if hasattr(module, "build"):
            module.build(w)
    return w


@pytest.mark.django_db
def test_access_matrix(world):
    failures = []
    routes = all_routes()
    clients = {role: login_client(world.users[role]) for role in ROLES}
    for name, route in sorted(routes.items()):
        url = reverse(name, kwargs=route.kwargs(world) if route.kwargs else None)
        url += route.query
        for role in ROLES:
            client = clients[role]
            if route.method == "post":
                data = route.data(world) if route.data else {}
                response = client.post(url, data)
            else:
                response = client.get(url)
            expected = route.expect[role]
            allowed = expected if isinstance(expected, set | frozenset) else {expected}
            if response.status_code not in allowed:
                failures.append(
                    f"{name} ({url}) as {role}: {response.status_code}, expected {expected}"
                )
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_every_response_forbids_caching(world):
    """Pages and files with personal data must not stay in a browser's or proxy's cache."""
    failures = []
    clients = {role: login_client(world.users[role]) for role in ROLES}
    for name, route in sorted(all_routes().items()):
        url = reverse(name, kwargs=route.kwargs(world) if route.kwargs else None)
        url += route.query
        for role in ROLES:
            client = clients[role]
            if route.method == "post":
                response = client.post(url, route.data(world) if route.data else {})
            else:
                response = client.get(url)
            directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
            if not {"no-store", "private"} <= directives:
                failures.append(f"{name} as {role}: {response.get('Cache-Control')!r}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_invitation_rule(world, role):
    """Through the page and through the service, each role invites exactly whom it may."""
    from django.core.exceptions import ValidationError

    from sponsorship.models import Invitation
    from sponsorship.services import create_invitation
    from tests.access.sponsorship import INVITATION_RULE, INVITATION_TARGETS

    actor = world.users[role]
    client = login_client(actor)
    failures = []
    for n, (target, make) in enumerate(INVITATION_TARGETS.items()):
        allowed = INVITATION_RULE[role][target]
        fields = make(world)
        data = {"email": f"page{n}@example.org", "language": "nl", "role": fields["role"]}
        for key in ("organisation", "municipality"):
            if key in fields:
                data[key] = fields[key].pk
        if "scope_municipalities" in fields:
            data["scope_municipalities"] = [m.pk for m in fields["scope_municipalities"]]
        client.post(reverse("invitation_list"), data)
        # The page may fix a field to the inviter's own value: the target counts as invited
        # only if the invitation is for what was asked.
        asked = {k: fields[k] for k in ("role", "organisation", "municipality") if k in fields}
        created = Invitation.objects.filter(email=data["email"], **asked).exists()
        if created != allowed:
            failures.append(f"page: {role} inviting {target}: created={created}")
        if actor is None:
            continue
        email = f"service{n}@example.org"
        with contextlib.suppress(ValidationError):
            create_invitation(actor=actor, email=email, send=False, **fields)
        created = Invitation.objects.filter(email=email).exists()
        if created != allowed:
            failures.append(f"service: {role} inviting {target}: created={created}")
    assert not failures, "\n".join(failures)
