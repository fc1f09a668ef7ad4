"""The engine's hard constraints and scores for one pairing a coordinator chose by hand.

A hand-made or edited proposal is checked by the very predicates the engine uses
(``matching.engine.feasibility``), so "allowed" means the same thing everywhere.
"""

from __future__ import annotations

import dataclasses

from django.utils.translation import gettext as _

from matching.engine import Snapshot, total_score
from matching.engine import explain as engine_explain
from matching.engine import feasibility as f
from matching.models import DeclinedPairing, MatchProposal, NamedPairing
from matching.snapshot import (
    _code_labels,
    group_in,
    household_in,
    offer_in,
    options_for,
    weights_for,
)


@dataclasses.dataclass(frozen=True)
class Pairing:
    snapshot: Snapshot
    household: object
    group: object
    offer: object


def pairing(household, group, offer) -> Pairing:
    """The engine's view of one (household, group, home) with the programme's weights."""
    from newcomers.models import ProfileInterest

    named = (
        NamedPairing.objects.filter(household=household).values_list("group_id", flat=True).first()
    )
    interested = set(
        ProfileInterest.objects.filter(group=group).values_list("profile__household_id", flat=True)
    )
    members = list(group.members.filter(active=True))
    h = household_in(household, named_group_id=named)
    g, o = group_in(group, members, interested), offer_in(offer)
    declined = DeclinedPairing.objects.filter(household=household)
    snapshot = Snapshot(
        households=(h,),
        groups=(g,),
        offers=(o,),
        weights=weights_for(household.programme),
        options=options_for(household.programme),
        declined_groups=frozenset((r.household_id, r.group_id) for r in declined),
        declined_offers=frozenset((r.household_id, r.offer_id) for r in declined if r.offer_id),
        municipality_names={
            group.municipality_id: group.municipality.name,
            offer.municipality_id: offer.municipality.name,
        },
        code_labels=_code_labels(),
    )
    return Pairing(snapshot, h, g, o)


def violations(p: Pairing) -> list[str]:
    """Every hard constraint the pairing breaks, in words (empty: allowed)."""
    h, g, o, s = p.household, p.group, p.offer, p.snapshot
    checks = [
        (f.household_cleared(h), _("The household has no consent in force or no intake.")),
        (
            o.municipality_id in h.acceptable_municipality_ids,
            _("The home is not in a town the household accepts."),
        ),
        (
            f.offer_fits_home(h, o),
            _("The home does not suit the household (size, step-free access or ground floor)."),
        ),
        (f.offer_available(h, o), _("The home is not available on the expected arrival.")),
        (f.group_able(g), _("The group is not ready for matching.")),
        (
            f.group_supports(h, g),
            _("The group cannot take a household of this size or with these needs."),
        ),
        (f.group_reaches_offer(g, o), _("The home is not in a town the group works in.")),
        (f.naming_allows(s, h, g), _("Another group named this household.")),
        (
            (h.id, g.id) not in s.declined_groups,
            _("This household and group were declined before."),
        ),
        ((h.id, o.id) not in s.declined_offers, _("This household and home were declined before.")),
    ]
    return [message for ok, message in checks if not ok]


def explanation(p: Pairing) -> tuple[float, bool, list[dict]]:
    """(total score, named, criteria as stored on a proposal)."""
    named = f.is_named(p.snapshot, p.household, p.group)
    score = total_score(p.household, p.group, p.offer, p.snapshot.weights, named)
    criteria = engine_explain.criteria(p.snapshot, p.household, p.group, p.offer)
    return score, named, [dataclasses.asdict(c) for c in criteria]


def worse_criteria(before: list[dict], after: list[dict]) -> list[dict]:
    """A warning for every soft criterion that scores lower after an edit."""
    old = {c["criterion"]: c for c in before}
    warnings = []
    for c in after:
        prev = old.get(c["criterion"])
        if prev and c["points"] < prev["points"] - 1e-9:
            warnings.append(
                {
                    "criterion": c["criterion"],
                    "before": prev["points"],
                    "after": c["points"],
                    "text": c["text"],
                    "params": c.get("params", {}),
                    "before_text": prev["text"],
                }
            )
    return warnings


def held_elsewhere(household, group, offer, *, exclude_pk=None) -> list[str]:
    """The household, group or home is already in another open proposal."""
    qs = MatchProposal.objects.open().exclude(pk=exclude_pk)
    problems = []
    if qs.filter(household=household).exists():
        problems.append(_("The household already has an open proposal."))
    if qs.filter(offer=offer).exists():
        problems.append(_("The home is already in an open proposal."))
    if qs.filter(group=group).exclude(status=MatchProposal.Status.PROPOSED).exists():
        problems.append(_("The group already has an accepted proposal."))
    return problems
