"""Codes or names in an imported cell: the one reverse lookup every import uses.

People type what they see: "Utrecht" rather than GM0344, "Syrië" or "Syria" rather than
SY, "Moedertaal" rather than native. A cell is therefore accepted as a stored code or as
its label in any of the portal's languages, case- and blank-insensitive; what is stored
is always the code. ``CodeList`` is also what the downloadable templates and the import
page show, so the lists people read and the values the import accepts cannot drift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SEPARATORS = re.compile(r"[;|]")
TRUE_WORDS = frozenset({"yes", "ja", "true", "waar", "1", "y", "j", "x"})
FALSE_WORDS = frozenset({"no", "nee", "false", "onwaar", "0", "n", ""})


def normalise(text) -> str:
    return " ".join(str(text).split()).casefold()


def split(value: str, pattern=SEPARATORS) -> list[str]:
    return [part.strip() for part in pattern.split(value or "") if part.strip()]


@dataclass
class CodeList:
    """The codes one column accepts, each with its label (shown in the current language)."""

    column: str
    title: str
    choices: list[tuple[str, object]]  # (code, label)

    def rows(self) -> list[tuple[str, str]]:
        return [(code, str(label)) for code, label in self.choices]


class Lookup:
    """Code or label (any language) -> code; ambiguous labels are refused, not guessed."""

    def __init__(self, choices, *, extra_names=()):
        self.codes = [code for code, _label in choices]
        # A code wins over a label that happens to read the same.
        self._codes = {normalise(code): code for code in self.codes}
        self._keys: dict[str, set[str]] = {}
        for code, label in choices:
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    self._add(str(label), code)
        for name, code in extra_names:
            self._add(name, code)

    def _add(self, key, code) -> None:
        self._keys.setdefault(normalise(key), set()).add(code)

    def resolve(self, text: str) -> str:
        """The code for ``text``; ValidationError naming the problem otherwise."""
        key = normalise(text)
        if key in self._codes:
            return self._codes[key]
        found = self._keys.get(key, set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            raise forms.ValidationError(
                _("“%(value)s” is ambiguous; use the code (%(codes)s).")
                % {"value": text, "codes": ", ".join(sorted(found))}
            )
        raise forms.ValidationError(
            _("Unknown value “%(value)s”; see the code lists on the import page.") % {"value": text}
        )

    def resolve_list(self, value: str, separators=SEPARATORS) -> list[str]:
        codes, unknown = [], []
        for item in split(value, separators):
            try:
                codes.append(self.resolve(item))
            except forms.ValidationError:
                unknown.append(item)
        if unknown:
            raise forms.ValidationError(
                _("Unknown values: %(values)s; see the code lists on the import page.")
                % {"values": ", ".join(unknown)}
            )
        return list(dict.fromkeys(codes))

    def resolve_pairs(
        self, value: str, right: Lookup, what: str, separators=SEPARATORS, right_optional=False
    ) -> list[tuple[str, str]]:
        """``a:b; c:d`` with both sides resolved, e.g. languages as language:level."""
        out = []
        for item in split(value, separators):
            left_text, _sep, right_text = (p.strip() for p in item.partition(":"))
            try:
                code = self.resolve(left_text)
                out.append(
                    (code, right.resolve(right_text) if right_text or not right_optional else "")
                )
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("“%(item)s” is not a valid %(what)s.") % {"item": item, "what": what}
                ) from None
        return out


class LookupField(forms.CharField):
    """One code from a Lookup, given as code or label."""

    def __init__(self, choices, **kwargs):
        self.lookup = Lookup(choices)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return self.lookup.resolve(value) if value else ""


class LookupListField(LookupField):
    """Several codes, separated by ; or |, each given as code or label."""

    def __init__(self, choices, *, separators=SEPARATORS, **kwargs):
        self.separators = separators
        super().__init__(choices, **kwargs)

    def clean(self, value):
        value = forms.CharField.clean(self, value)
        return self.lookup.resolve_list(value, self.separators)


class YesNoField(forms.CharField):
    """yes/no, ja/nee, true/false, 1/0 (what spreadsheets and our exports write)."""

    def to_python(self, value):
        text = normalise(value or "")
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise forms.ValidationError(_("Write yes or no."))

    def validate(self, value):
        if self.required and value is None:
            raise forms.ValidationError(self.error_messages["required"], code="required")


# --- towns and programmes: the same rule over the user's own querysets -------------------


def town_choices(queryset) -> list[tuple[str, str]]:
    return [(town.code, town.name) for town in queryset.order_by("name")]


def resolve_town(queryset, text: str):
    """The municipality by CBS/NIS code or by name, among those the user may use."""
    text = text.strip()
    town = queryset.filter(code__iexact=text).first()
    if town is not None:
        return town
    towns = list(queryset.filter(name__iexact=text)[:2])
    if len(towns) == 1:
        return towns[0]
    if towns:
        raise forms.ValidationError(
            _("Several towns are called %(name)s; use the code.") % {"name": text}
        )
    raise forms.ValidationError(
        _(
            "Unknown town “%(value)s”, or outside your scope; give its name or CBS code "
            "(see the code lists on the import page)."
        )
        % {"value": text}
    )


def resolve_programme(queryset, text: str):
    """The programme by its short name or its full name."""
    text = text.strip()
    programme = (
        queryset.filter(slug__iexact=text).first() or queryset.filter(name__iexact=text).first()
    )
    if programme is None:
        raise forms.ValidationError(
            _("Unknown programme “%(value)s”; give its short name or name.") % {"value": text}
        )
    return programme


def town_list(queryset, column: str) -> CodeList:
    return CodeList(column, gettext_lazy("Towns (CBS/NIS code)"), town_choices(queryset))


def programme_list(queryset, column: str) -> CodeList:
    return CodeList(
        column,
        gettext_lazy("Programmes (short name)"),
        [(p.slug, p.name) for p in queryset.order_by("name")],
    )
