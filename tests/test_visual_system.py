"""The visual system without a browser: tokens, the button component's variants in every
template, icons from the npm package, favicon and page titles (issue 12, item 6)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

ROOT = Path(settings.BASE_DIR)
CSS = (ROOT / "static" / "css" / "portal.css").read_text()
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
# The button component: the default (no class, or .button) is primary.
BUTTON_CLASSES = {"button", "secondary", "danger", "button-small", "link-button", "nav-toggle"}


def _token(name: str) -> str:
    value = re.search(rf"--{name}:\s*#([0-9a-fA-F]{{6}}|[0-9a-fA-F]{{3}})\b", CSS).group(1)
    return "#" + (value if len(value) == 6 else "".join(c * 2 for c in value))


def _luminance(hex_colour: str) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_focus_ring_stands_out_on_white_and_on_the_page():
    assert contrast(_token("focus-ring"), "#ffffff") >= 3
    assert contrast(_token("focus-ring"), _token("color-bg")) >= 3


@pytest.mark.parametrize(
    "ink, surface",
    [
        ("color-ink", "color-surface"),
        ("color-muted", "color-surface"),
        ("color-muted", "color-bg"),
        ("color-muted", "color-surface-alt"),
        ("color-primary", "color-surface"),
        ("color-on-primary", "color-primary"),
        ("color-ok", "color-ok-soft"),
        ("color-warn", "color-warn-soft"),
        ("color-danger", "color-danger-soft"),
        ("color-info", "color-info-soft"),
        ("color-neutral", "color-neutral-soft"),
        ("color-primary", "color-primary-soft"),
    ],
)
def test_text_tokens_meet_aa_on_their_backgrounds(ink, surface):
    assert contrast(_token(ink), _token(surface)) >= 4.5


def test_field_borders_are_visible():
    assert contrast(_token("color-line-strong"), "#ffffff") >= 3


def _button_class_lists():
    """(template, tag, classes) of every <button> and every link styled as a button."""
    tags = re.compile(r"<button\b[^>]*>|<a\b[^>]*\bclass=\"[^\"]*button[^\"]*\"[^>]*>")
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*.html"):
            for tag in tags.finditer(path.read_text()):
                attribute = re.search(r'\bclass="([^"]*)"', tag.group(0))
                classes = set(attribute.group(1).split()) if attribute else set()
                yield path.relative_to(ROOT), tag.group(0), classes


def test_every_button_in_every_template_is_a_variant_of_the_component():
    strays = []
    for path, tag, classes in _button_class_lists():
        # Template logic inside class="" is fine as long as the literal classes are known.
        literal = {c for c in classes if "{" not in c and "}" not in c and "%" not in c}
        if tag.startswith("<a") and not literal & {"button", "link-button"}:
            continue  # a link that merely has "button" in another class name
        unknown = literal - BUTTON_CLASSES - {"inline"}
        if unknown:
            strays.append(f"{path}: {tag[:90]} uses {sorted(unknown)}")
    assert not strays, "\n".join(strays)
    found = {c for _p, _t, classes in _button_class_lists() for c in classes}
    assert {"button-small", "link-button", "secondary", "danger"} <= found


@pytest.mark.parametrize("variant", sorted(BUTTON_CLASSES - {"button"}))
def test_every_variant_has_its_own_colours(variant):
    # Each variant sets a text colour itself: none inherits white from the default.
    rules = re.findall(rf"([^{{}}]*\.{re.escape(variant)}\b[^{{}}]*)\{{([^}}]*)\}}", CSS)
    assert any("color:" in body.replace("background-color", "") for _sel, body in rules)


def test_the_icons_the_css_names_come_from_the_npm_package():
    icons = re.findall(r"url\(\"\.\./vendor/lucide/([a-z0-9-]+\.svg)\"\)", CSS)
    assert len(icons) >= 8
    for icon in icons:
        found = finders.find(f"vendor/lucide/{icon}")
        assert found and "node_modules/lucide-static/icons" in str(found), icon


def test_the_vendored_icons_are_not_committed():
    assert not (ROOT / "static" / "vendor").exists()


@pytest.mark.django_db
def test_pages_have_a_favicon_and_a_separated_title(client, client_for, group_member):
    body = client.get("/accounts/login/").content.decode()
    assert re.search(r'<link rel="icon" href="/static/img/logo\.svg"', body)
    assert "<title>Log in – Samen Hier</title>" in body
    home = client_for(group_member).get("/").content.decode()
    assert "<title>Home – Samen Hier</title>" in home


@pytest.mark.django_db
def test_the_dutch_home_title_is_not_run_together(client_for, group_member, settings):
    settings.LANGUAGE_CODE = "nl"
    client = client_for(group_member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    home = client.get("/").content.decode()
    assert "<title>Start – Samen Hier</title>" in home


def test_every_state_of_every_model_has_a_badge_tone():
    # Templates write <span class="badge" data-state="{{ obj.status }}">; a state without
    # a tone would render grey and look like every other.
    from django.apps import apps

    toned = set(re.findall(r'\[data-state="([a-z_]+)"\]', CSS))
    missing = set()
    for model in apps.get_models():
        for field in model._meta.fields:
            if field.name in {"status", "outcome", "decision"} and field.choices:
                missing |= {
                    f"{model.__name__}.{value}"
                    for value, _label in field.choices
                    if value not in toned
                }
    assert not missing, sorted(missing)


def test_status_badges_in_templates_are_keyed_by_state():
    pattern = re.compile(r'<span class="badge"[^>]*>\{\{ [\w.]+\.get_(status)_display \}\}')
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*.html"):
            for match in pattern.finditer(path.read_text()):
                assert "data-state=" in match.group(0), f"{path}: {match.group(0)}"
