"""No malformed input answers 500: every URL pattern, every role, hypothesis-drawn values.

The URL patterns are walked from the resolver (so a new view is covered the day it is
routed), path parameters are filled with the access matrix's real object ids or with
malformed values, and each page is sent a GET with a malformed query string and a POST
whose fields (the names its own GET page renders, plus common ones) carry malformed
values: NUL, invalid UTF-8, huge and negative numbers, unicode digits, unknown sort and
filter values, htmx partials, CSV export and 200 kB values.
"""

from __future__ import annotations

import re
import zlib
from urllib.parse import quote

import pytest
from django.db import transaction
from django.urls import get_resolver
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from tests.access import ADMIN, ANON, ROLES, all_routes
from tests.conftest import login_client
from tests.test_access_matrix import _walk, world  # noqa: F401 - its world fixture

MAX_FIELDS = 40  # per request: a form page may name hundreds of checkboxes
EXAMPLES = 3  # per pattern and role (of the 5 kinds below), each a GET and a POST

# Values as they travel on the wire (already percent-encoded), so invalid UTF-8 and NUL
# reach the server exactly as an attacker sends them. Each example has one kind and fills
# every field with values of that kind (so a parameter the view reads surely gets one);
# hypothesis draws the kind (rotated per pattern and role) and the values.
INVALID_UTF8 = "%FF%FE"
KINDS = {
    "numbers": [
        "9" * 30,
        "99999999999999999999",
        "9223372036854775808",
        "2147483648",
        "-99999999999999999999",
        "-9223372036854775809",
        "1e309",
        "-1",
        "-0",
        "-1.5",
        "00000000000000000001",
    ],
    "guarded": ["%00", "a%00b", "1%00", INVALID_UTF8, "%C0%AF", "%ED%A0%80", "a%FF", "%80"],
    "unicode_digits": [quote("²"), quote("١٢"), quote("𝟙"), quote("٣٤٥"), quote("①")],
    "oversized": ["x" * 200_000, "9" * 200_000],
    "odd": [
        "",
        "+",
        "NaN",
        "-inf",
        "1.5",
        "0",
        quote("' OR 1=1 --"),
        quote("<script>x</script>"),
        quote("../../etc/passwd"),
        quote('=HYPERLINK("x")'),
        quote("\u202e\ufeff"),
        quote("2026-13-45"),
        quote("9999-12"),
        quote("-0001-01"),
        "-",
        "--name",
        "__class__",
        "-" * 500,
    ],
}
QUERY_NAMES = [
    "sort",
    "o",
    "page",
    "partial",
    "format",
    "q",
    "status",
    "municipality",
    "programme",
    "town",
    "month",
    "lang",
    "add",
    "id",
    "pk",
    "next",
    "e",
    "p",
]
QUERY_EXTRAS = [
    "partial=1",
    "format=csv",
    "sort=zz",
    "o=-zz",
    "page=99999999999999999999",
    "page=0",
    "",
]
FORM_NAMES = [
    "id",
    "pk",
    "present",
    "group",
    "status",
    "decision",
    "reason",
    "item",
    "done",
    "token",
    "confirm",
    "language",
    "resolution",
    "next",
    "comment",
]
NAME_RE = re.compile(r'name="([^"]{1,60})"')
HEALTH = ("GET /healthz", "POST /healthz")  # 503 is its answer while no worker runs
GUARDED = {"guarded"}  # answered 400 by the input guard before any view runs
LOGS_OUT = {"account_logout"}  # a POST there ends the session the loop goes on with


def _wire(text: str) -> str:
    """Percent-encoded UTF-8; a lone surrogate becomes the invalid bytes it would be."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def _values(kind: str):
    """Mostly values of one kind, sometimes random text (often a surprise for a parser)."""
    return st.one_of(
        st.sampled_from(KINDS[kind]),
        st.sampled_from(KINDS[kind]),
        st.sampled_from(KINDS[kind]),
        st.text(max_size=12).map(_wire),
    )


# One placeholder per path parameter, in route (<int:pk>) or regex ((?P<pk>...)) syntax.
SLOT_RE = re.compile(
    r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<gname>\w+)>"
    r"(?P<regex>(?:[^()]|\([^()]*\))*)\)"
)
CONVERTER_REGEX = {
    "int": "[0-9]+",
    "str": "[^/]+",
    "slug": "[-a-zA-Z0-9_]+",
    "path": ".+",
    "uuid": "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    None: "[^/]+",
}


def _literal(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text.replace("^", "").replace("$", ""))


def patterns():
    """(url name, [literal, (slot name, slot regex), literal, ...]) for every pattern."""
    result = []
    for route, name in _walk(get_resolver().url_patterns):
        parts, last = [], 0
        for match in SLOT_RE.finditer(route):
            parts.append(_literal(route[last : match.start()]))
            if match["gname"]:
                parts.append((match["gname"], match["regex"]))
            else:
                parts.append((match["name"], CONVERTER_REGEX.get(match["conv"], "[^/]+")))
            last = match.end()
        parts.append(_literal(route[last:]))
        result.append((name, parts))
    return result


def _slot_value(data, kind, slot, real):
    """The real id (the view's own code runs), a malformed one, or any regex match."""
    name, regex = slot
    if name in real and kind not in GUARDED and data.draw(st.booleans()):
        return _wire(str(real[name]))
    if data.draw(st.integers(0, 3)) == 0:
        return data.draw(
            st.from_regex(regex, fullmatch=True).filter(lambda v: len(v) < 80).map(_wire)
        )
    return data.draw(_values(kind))


def _path(data, kind, parts, real):
    return "/" + "".join(
        p if isinstance(p, str) else _slot_value(data, kind, p, real) for p in parts
    )


def _real_path(parts, real):
    out = []
    for p in parts:
        if isinstance(p, str):
            out.append(p)
        elif p[0] in real:
            out.append(_wire(str(real[p[0]])))
        else:
            return None
    return "/" + "".join(out)


def _encoded(data, kind, names) -> str:
    """An urlencoded string over ``names`` (at most MAX_FIELDS) and one unknown name."""
    chosen = list(names)
    if len(chosen) > MAX_FIELDS:
        chosen = data.draw(
            st.lists(st.sampled_from(chosen), min_size=MAX_FIELDS, max_size=MAX_FIELDS, unique=True)
        )
    chosen.append(data.draw(st.sampled_from(["zz_unknown", INVALID_UTF8, "%00"])))
    values = [data.draw(_values(kind)) for _ in chosen]
    if kind == "oversized":  # one 200 kB value per request is enough, forty are slow
        values = [values[0]] + ["1" if len(v) > 1000 else v for v in values[1:]]
    return "&".join(
        f"{_wire(n) if '%' not in n else n}={v}" for n, v in zip(chosen, values, strict=True)
    )


def _query(data, kind, names) -> tuple[str, dict]:
    extra = data.draw(st.sampled_from(QUERY_EXTRAS))
    query = "&".join(filter(None, [_encoded(data, kind, names), extra]))
    htmx = "partial=1" in query or data.draw(st.booleans())
    return query, ({"HX-Request": "true"} if htmx else {})


def _send(failures, label, call):
    """One request, inside a savepoint so a database error cannot poison the next one."""
    try:
        with transaction.atomic():
            response = call()
    except Exception as exc:  # the test client re-raises what the view raised: a 500
        failures.append(f"{label}: {type(exc).__name__}: {str(exc)[:200]}")
        return None
    if response.status_code >= 500 and not (
        label.startswith(HEALTH) and response.status_code == 503
    ):
        failures.append(f"{label}: {response.status_code}")
    return response


def _form_names(response) -> set[str]:
    if response is None or "html" not in response.get("Content-Type", ""):
        return set()
    return set(NAME_RE.findall(response.content.decode(errors="replace")))


HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    # No shrinking: the failure message names the request already.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def _exercise(client, w, role, name, parts, route, failures):
    """The page with real ids (for its field names), then hypothesis' malformed requests."""
    real = route.kwargs(w) if route and route.kwargs else {}
    plain = _real_path(parts, real)
    names = set(QUERY_NAMES)
    if plain is not None:
        names |= _form_names(_send(failures, f"GET {plain} as {role}", lambda: client.get(plain)))
    names = sorted(names)
    # Rotated per pattern and role: the first (simplest) example of each starts elsewhere.
    offset = zlib.crc32(f"{role} {name}".encode()) % len(KINDS)
    kinds = list(KINDS)[offset:] + list(KINDS)[:offset]

    @HYPOTHESIS
    @seed(zlib.crc32(f"{role} {name} {parts}".encode()))  # varied per pattern, reproducible
    @given(data=st.data())
    def malformed(data):
        kind = data.draw(st.sampled_from(kinds))
        path = _path(data, kind, parts, real)
        query, headers = _query(data, kind, names)
        _send(
            failures,
            f"GET {path[:200]}?{query[:200]} as {role}",
            lambda: client.get(f"{path}?{query}", headers=headers),
        )
        body = _encoded(data, kind, sorted(set(names) | set(FORM_NAMES)))
        poster = login_client(w.users[role]) if name in LOGS_OUT else client
        _send(
            failures,
            f"POST {path[:200]} [{body[:200]}] as {role}",
            lambda: poster.post(
                path, body, content_type="application/x-www-form-urlencoded", headers=headers
            ),
        )

    malformed()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_url_answers_500_to_malformed_input(world, role):  # noqa: F811
    routes, failures = all_routes(), []
    client = login_client(world.users[role])
    for name, parts in patterns():
        if (
            name
            and name.startswith("admin:")
            and role not in (ANON, ADMIN)
            and name != "admin:index"
        ):
            continue  # the admin site turns every non-staff user away at the same gate
        _exercise(client, world, role, name, parts, routes.get(name), failures)
    assert not failures, "\n".join(dict.fromkeys(failures))
