"""Template side of ``sponsorship.vocab.label``: ``{% load labels %}``, then
``{{ group.status|label:"groups.SponsorGroup.status" }}``, ``{{ codes|label:"language" }}``
(a list is joined with commas) and ``{{ household.languages_dict|language_levels }}``."""

from django import template

from sponsorship import vocab

register = template.Library()


@register.filter
def label(value, kind):
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(vocab.labels(value, kind))
    return vocab.label(value, kind)


@register.filter
def language_levels(items):
    """{code: level}, (code, level) pairs or profile rows {"code", "level"} as words."""
    if items and not isinstance(items, dict) and isinstance(next(iter(items)), dict):
        items = [(item.get("code"), item.get("level")) for item in items]
    return ", ".join(vocab.language_levels(items or ()))
