"""Shared vocabularies: the codes every app uses for vulnerabilities and languages.

Groups say which vulnerabilities they feel able to support and which languages they
speak; newcomer profiles use the same codes, so matching compares like with like.
Stored values are these codes, never the translated labels.
"""

from django.apps import apps
from django.db import models
from django.utils.module_loading import import_string
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class Vulnerability(models.TextChoices):
    MEDICAL = "medical", _("Medical needs")
    MENTAL_HEALTH = "mental_health", _("Mental health needs")
    DISABILITY = "disability", _("Disability")
    SINGLE_PARENT = "single_parent", _("Single parent")
    LGBTQI = "lgbtqi", _("LGBTQI+")
    SURVIVOR_OF_VIOLENCE = "survivor_of_violence", _("Survivor of violence or torture")
    ELDERLY = "elderly", _("Elderly person")
    UNACCOMPANIED_MINOR = "unaccompanied_minor", _("Unaccompanied minor")
    LARGE_FAMILY = "large_family", _("Large family")
    CHRONIC_ILLNESS = "chronic_illness", _("Chronic illness")
    LOW_LITERACY = "low_literacy", _("Low literacy")


class LanguageLevel(models.TextChoices):
    BASIC = "basic", _("Basic")
    CONVERSATIONAL = "conversational", _("Conversational")
    FLUENT = "fluent", _("Fluent")
    NATIVE = "native", _("Native")


# ISO 639-1 codes where one exists; Dari has none, so it uses its ISO 639-3 code "prs".
LANGUAGES = [
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("fr", _("French")),
    ("de", _("German")),
    ("ar", _("Arabic")),
    ("fa", _("Persian (Farsi)")),
    ("prs", _("Dari")),
    ("ps", _("Pashto")),
    ("ti", _("Tigrinya")),
    ("am", _("Amharic")),
    ("so", _("Somali")),
    ("ku", _("Kurdish")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("it", _("Italian")),
    ("pl", _("Polish")),
    ("ur", _("Urdu")),
    ("hi", _("Hindi")),
    ("bn", _("Bengali")),
    ("sw", _("Swahili")),
    ("zh", _("Chinese")),
]
LANGUAGE_CODES = frozenset(code for code, _label in LANGUAGES)


def language_name(code: str) -> str:
    """The display name of a language code; the code itself when unknown."""
    return label(code, "language")


# --- Labels -----------------------------------------------------------------------------
# The one way from a stored code to the words a person reads, in the active language:
# pages, exports, explanations and timelines all go through ``label``. A kind names a
# vocabulary; the ones defined in other apps are imported on first use (their modules
# import this one).
KINDS = {
    "language": lambda: LANGUAGES,
    "level": lambda: LanguageLevel.choices,
    "vulnerability": lambda: Vulnerability.choices,
    "interest": lambda: import_string("newcomers.choices.Interest").choices,
    "study_goal": lambda: import_string("newcomers.choices.StudyGoal").choices,
    "work_sector": lambda: import_string("newcomers.choices.WorkSector").choices,
    "relation": lambda: import_string("newcomers.choices.Relation").choices,
    "age_band": lambda: import_string("newcomers.choices.AgeBand").choices,
    "variant": lambda: import_string("sponsorship.models.Programme").Variant.choices,
    # Criterion labels also run on in sentences ("shares languages"); alone they start
    # upper case.
    "criterion": lambda: [
        (name, capfirst(text))
        for name, text in import_string("matching.texts.CRITERION_LABELS").items()
    ],
}
# Kinds whose label is computed rather than looked up.
COMPUTED = {
    "programme": lambda slug: (
        import_string("sponsorship.models.Programme")
        .objects.filter(slug=slug)
        .values_list("name", flat=True)
        .first()
    ),
    "yes_no": lambda value: _("yes") if value else _("no"),
}


def register_kind(name: str, choices) -> None:
    """A vocabulary of an app above the apps named here (``choices()`` gives the pairs);
    the app calls this from its ``AppConfig.ready`` (sponsorships: plan domains)."""
    KINDS[name] = choices


def register_computed(name: str, compute) -> None:
    """Like ``register_kind`` for a label computed from the value."""
    COMPUTED[name] = compute


def _choices(kind):
    """(value, label) pairs for a kind name, a model field ("app.Model.field" or the field
    itself, ArrayFields by their items) or a choices class."""
    if isinstance(kind, str) and kind in KINDS:
        return KINDS[kind]()
    if isinstance(kind, str) and kind.count(".") == 2:
        app_model, _dot, name = kind.rpartition(".")
        kind = apps.get_model(app_model)._meta.get_field(name)
    if isinstance(kind, type) and issubclass(kind, models.Choices):
        return kind.choices
    if isinstance(kind, models.Field):
        field = getattr(kind, "base_field", kind)
        return field.flatchoices
    raise LookupError(f"no vocabulary called {kind!r}")


def label(value, kind) -> str:
    """The translated label of one stored ``value`` of ``kind`` (see ``_choices``); an
    unknown value comes back as its code, never as an error, so old data still reads."""
    if value is None or value == "":
        return ""
    if isinstance(kind, str) and kind in COMPUTED:
        return str(COMPUTED[kind](value) or value)
    for code, text in _choices(kind):
        if code == value:
            return str(text)
    return str(value)


def labels(values, kind) -> list[str]:
    """``label`` of each value, in the stored order (sets sorted by code)."""
    if isinstance(values, set | frozenset):
        values = sorted(values)
    return [label(v, kind) for v in values or ()]


def language_levels(items) -> list[str]:
    """ "Arabic (native)" for each (code, level) pair or {code: level} item; no level, no
    brackets. The level is lower-cased inside the brackets (its label starts a select
    option elsewhere)."""
    pairs = items.items() if isinstance(items, dict) else items
    return [
        label(code, "language") + (f" ({_lower_first(label(level, 'level'))})" if level else "")
        for code, level in pairs
    ]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
