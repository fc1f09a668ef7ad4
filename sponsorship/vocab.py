"""Shared vocabularies: the codes every app uses for vulnerabilities and languages.

Groups say which vulnerabilities they feel able to support and which languages they
speak; newcomer profiles use the same codes, so matching compares like with like.
Stored values are these codes, never the translated labels.
"""

from django.db import models
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
    return str(dict(LANGUAGES).get(code, code))
