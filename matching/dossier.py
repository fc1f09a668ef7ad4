"""What a page may show of a proposal: explanations without sensitive words, the dossier.

The engine's texts can name a household's vulnerabilities ("experience with: medical
needs") or its background. Without case access (newcomers/sensitivity.py) those words
are replaced; municipal staff never have case access, so their dossier never shows them.
"""

from __future__ import annotations

from collections import Counter

from django.utils import translation
from django.utils.translation import gettext as _

from newcomers.choices import AgeBand
from newcomers.sensitivity import reveal
from sponsorship.vocab import Vulnerability

# Criteria whose words describe sensitive facts of the household.
SENSITIVE_CRITERIA = frozenset({"experience", "cultural"})


def _vulnerability_words() -> list[str]:
    with translation.override("en"):
        labels = [str(label) for _code, label in Vulnerability.choices]
    codes = [code.replace("_", " ") for code in Vulnerability.values]
    # Longest first, so "mental health needs" goes before "mental health".
    return sorted({w.lower() for w in labels + codes}, key=len, reverse=True)


def names_a_need(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in _vulnerability_words())


def composition(household) -> list[tuple[str, int]]:
    """(age band label, count), in age order."""
    counts = Counter(m.age_band for m in household.members.all())
    return [(label, counts[code]) for code, label in AgeBand.choices if counts[code]]


SENSITIVE_DOSSIER_FIELDS = ("vulnerabilities", "accessibility_notes")


def dossier(user, proposal) -> dict:
    """The pseudonymous dossier: enough for the municipality to decide, no names."""
    from matching import texts

    household, group, offer = proposal.household, proposal.group, proposal.offer
    shown = reveal(
        user,
        household,
        SENSITIVE_DOSSIER_FIELDS,
        summary=f"match dossier of proposal #{proposal.pk}",
    )
    needs = [
        label
        for flag, label in (
            (household.needs_step_free, _("step-free access")),
            (household.needs_ground_floor, _("ground floor")),
        )
        if flag
    ]
    criteria = texts.criteria_for(user, household, proposal.criteria)
    return {
        "proposal": proposal,
        "household": household,
        "group": group,
        "offer": offer,
        "composition": composition(household),
        "size": household.members.count(),
        "needs": needs,
        "shown_sensitive": shown,
        "vulnerabilities": [
            str(dict(Vulnerability.choices).get(v, v)) for v in household.vulnerabilities
        ]
        if "vulnerabilities" in shown
        else [],
        "accessibility_notes": household.accessibility_notes
        if "accessibility_notes" in shown
        else "",
        "group_size": group.members.filter(active=True).count(),
        "group_supports": group.get_vulnerabilities_display(),
        "criteria": criteria,
        "score": texts.score_parts(proposal, criteria),
        "show_address": offer.may_see_address(user),
    }
