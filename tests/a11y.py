"""Helpers for the accessibility scan: axe-core in the page, our own contrast check for what
axe leaves for review, and the list of pages each role reaches (from the access matrix)."""

from __future__ import annotations

import io
import json
from functools import cache

from django.conf import settings
from django.urls import reverse

from tests.access import ROLES, World, all_routes, modules
from tests.conftest import ROOT, login_client

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Experimental in axe, so off unless asked for: WCAG 2.5.3 "label in name".
EXTRA_RULES = {"label-content-name-mismatch": {"enabled": True}}

# Pages outside the project's URL tree (allauth) that a role may open; scanned when they
# answer 200 for that role.
EXTRA_PAGES = {
    "anonymous": [
        "/accounts/login/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
    ],
    "signed_in": ["/accounts/2fa/", "/accounts/password/change/", "/accounts/email/"],
}


@cache
def axe_source() -> str:
    if not AXE.exists():
        raise RuntimeError(f"{AXE} is missing: run `npm ci` (axe-core is a dev dependency)")
    return AXE.read_text()


def build_world(users: dict) -> World:
    """The access matrix's world: every app's objects for the personas in ``users``."""
    world = World()
    world.town, world.programme = users.pop("_town"), users.pop("_programme")
    world.users = users
    for module in modules():
        if hasattr(module, "build"):
            module.build(world)
    return world


def pages_for(world: World, role: str) -> list[tuple[str, bool]]:
    """(url, must answer 200): every GET URL of the matrix that answers this role 200, then
    the allauth pages, which are scanned where they answer."""
    urls = []
    for name, route in sorted(all_routes().items()):
        expected = route.expect[role]
        allowed = expected if isinstance(expected, set | frozenset) else {expected}
        if route.method != "get" or 200 not in allowed or name == "healthz":
            continue
        url = reverse(name, kwargs=route.kwargs(world) if route.kwargs else None) + route.query
        if "format=csv" in url or url.endswith(("/pdf/", ".pdf")):
            continue  # files, not pages
        urls.append((url, True))
    extra = EXTRA_PAGES["anonymous" if role == "anonymous" else "signed_in"]
    return urls + [(u, False) for u in extra if (u, True) not in urls]


def open_context(browser, live_server, user, language: str, **options):
    """A browser context signed in as ``user`` (MFA passed) and set to ``language``."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", **options)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    cookies = [
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "domain": host, "path": "/"}
    ]
    if user is not None:
        client = login_client(user)
        cookies.append(
            {
                "name": settings.SESSION_COOKIE_NAME,
                "domain": host,
                "path": "/",
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            }
        )
    context.add_cookies(cookies)
    return context


def run_axe(page) -> dict:
    """axe's results for the page. Evaluated through the DevTools protocol, which CSP does
    not govern, so the page's own policy stays as strict as in production."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source() + "\n;undefined")
    options = {
        "runOnly": {"type": "tag", "values": WCAG_22_AA},
        "rules": EXTRA_RULES,
        "resultTypes": ["violations", "incomplete"],
    }
    return page.evaluate("options => axe.run(document, options)", options)


def describe(violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:4])
        why = " ".join(v["nodes"][0].get("failureSummary", "").split())[:300]
        lines.append(f"{v['id']} ({len(v['nodes'])}): {targets} :: {v['help']} :: {why}")
    return lines


# --- contrast of what axe cannot decide (background images, overlaps, pseudo content) ---

_STYLE_JS = """el => {
  const canvas = document.createElement('canvas'); canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const rgba = c => { ctx.clearRect(0, 0, 1, 1); ctx.fillStyle = '#000'; ctx.fillStyle = c;
    ctx.fillRect(0, 0, 1, 1); return Array.from(ctx.getImageData(0, 0, 1, 1).data); };
  const style = getComputedStyle(el);
  return {color: rgba(style.color), size: parseFloat(style.fontSize),
          weight: parseInt(style.fontWeight, 10) || 400,
          visible: el.getClientRects().length > 0 && style.visibility !== 'hidden'};
}"""
_HIDE_TEXT_JS = """(el, hide) => {
  for (const node of [el, ...el.querySelectorAll('*')]) {
    if (hide) { node.dataset.a11yColor = node.style.color || '';
      node.style.setProperty('color', 'transparent', 'important');
      node.style.setProperty('text-shadow', 'none', 'important'); }
    else { node.style.color = node.dataset.a11yColor; node.style.textShadow = '';
      delete node.dataset.a11yColor; }
  }
}"""


def _luminance(rgb) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def required_ratio(size_px: float, weight: int) -> float:
    large = size_px >= 24 or (size_px >= 18.66 and weight >= 700)
    return 3.0 if large else 4.5


def measured_contrast(page, selector: str) -> tuple[float, float] | None:
    """(ratio, required) of the text in ``selector`` against the pixels behind it, taken
    from a screenshot with the text made transparent; the 10th-percentile pixel counts, so
    a thin border does not decide but a light patch under the text does."""
    from PIL import Image

    element = page.query_selector(selector)
    if element is None:
        return None
    style = element.evaluate(_STYLE_JS)
    if not style["visible"]:
        return None
    element.evaluate(_HIDE_TEXT_JS, True)
    try:
        shot = element.screenshot(animations="disabled")
    finally:
        element.evaluate(_HIDE_TEXT_JS, False)
    fg = style["color"]
    alpha = fg[3] / 255
    ratios = []
    image = Image.open(io.BytesIO(shot)).convert("RGB")
    for bg in image.get_flattened_data():
        text = [alpha * f + (1 - alpha) * b for f, b in zip(fg[:3], bg, strict=True)]
        ratios.append(contrast(text, bg))
    if not ratios:
        return None
    ratios.sort()
    return ratios[len(ratios) // 10], required_ratio(style["size"], style["weight"])


def contrast_failures(page, incomplete: list[dict]) -> list[str]:
    failures = []
    for result in incomplete:
        if result["id"] != "color-contrast":
            continue
        for node in result["nodes"]:
            if len(node["target"]) != 1:
                continue  # inside a frame or shadow root: none in this portal
            selector = node["target"][0]
            measured = measured_contrast(page, selector)
            if measured and measured[0] < measured[1]:
                failures.append(f"contrast {measured[0]:.2f} < {measured[1]}: {selector}")
    return failures


def as_json(data) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False)


__all__ = [
    "ROLES",
    "build_world",
    "pages_for",
    "open_context",
    "run_axe",
    "describe",
    "contrast_failures",
    "contrast",
    "as_json",
]
