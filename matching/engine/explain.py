"""Plain-language explanations of a proposal: each criterion and the close alternatives."""

from __future__ import annotations

from .candidates import Candidate, Index
from .feasibility import group_offer_km, is_named
from .model import GroupIn, HouseholdIn, OfferIn, Snapshot
from .results import Alternative, CriterionScore, Proposal
from .scoring import all_scores


def _labels(snapshot: Snapshot, codes) -> str:
    return ", ".join(snapshot.label(code) for code in sorted(codes))


def _shared(snapshot, wanted, offered, what, none_wanted) -> str:
    if not wanted:
        return none_wanted
    common = wanted & offered
    if common:
        return f"shares {what}: {_labels(snapshot, common)}"
    return f"no shared {what} (household: {_labels(snapshot, wanted)})"


def _criterion_text(snapshot, name, h: HouseholdIn, g: GroupIn, o: OfferIn) -> str:
    if name == "distance":
        return f"the group's neighbourhood is {group_offer_km(g, o):.1f} km from the home"
    if name == "languages":
        return _shared(
            snapshot, h.languages, g.languages, "languages", "no household languages recorded"
        )
    if name == "interests":
        return _shared(
            snapshot, h.interests, g.interests, "interests", "no household interests recorded"
        )
    if name == "goals":
        return _shared(
            snapshot,
            h.goals,
            g.professional_sectors,
            "study or work goals with the group's network",
            "no study or work goals recorded",
        )
    if name == "experience":
        return _shared(
            snapshot,
            h.vulnerabilities,
            g.experience,
            "experience with",
            "no vulnerabilities recorded, not applicable",
        )
    return _simple_texts(name, h, g, o)


def _simple_texts(name, h, g, o) -> str:
    if name == "cultural":
        if not h.cultural_background:
            return "not applicable (no consent to cultural-familiarity matching)"
        return (
            "the group is familiar with the household's background"
            if h.cultural_background in g.cultural_familiarity
            else "no familiarity with the household's background recorded"
        )
    if name == "group_interest":
        return (
            "the group expressed interest in this anonymous profile"
            if h.id in g.interested_household_ids
            else "no interest expressed by the group"
        )
    if name == "household_preference":
        return (
            "the household listed this group among its preferences"
            if g.id in h.preferred_group_ids
            else "not among the household's preferences"
        )
    return f"{h.size} occupant(s) in a home for up to {o.max_occupants}"


def _criterion_params(name, h: HouseholdIn, g: GroupIn, o: OfferIn) -> dict:
    """The facts behind a criterion's text, for translation by the caller."""
    shared = {
        "languages": (h.languages, g.languages),
        "interests": (h.interests, g.interests),
        "goals": (h.goals, g.professional_sectors),
        "experience": (h.vulnerabilities, g.experience),
    }
    if name in shared:
        wanted, offered = shared[name]
        return {"wanted": sorted(wanted), "common": sorted(wanted & offered)}
    if name == "distance":
        return {"km": round(group_offer_km(g, o), 1)}
    if name == "cultural":
        return {
            "consent": bool(h.cultural_background),
            "familiar": bool(h.cultural_background)
            and h.cultural_background in g.cultural_familiarity,
        }
    if name == "group_interest":
        return {"interested": h.id in g.interested_household_ids}
    if name == "household_preference":
        return {"preferred": g.id in h.preferred_group_ids}
    return {"occupants": h.size, "max_occupants": o.max_occupants}


def criteria(snapshot: Snapshot, h: HouseholdIn, g: GroupIn, o: OfferIn):
    """Every criterion of one pairing with its score, weight, points and words."""
    weights = snapshot.weights
    return tuple(
        CriterionScore(
            name,
            round(score, 4),
            getattr(weights, name),
            round(score * getattr(weights, name), 4),
            _criterion_text(snapshot, name, h, g, o),
            _criterion_params(name, h, g, o),
        )
        for name, score in all_scores(h, g, o, weights).items()
    )


def _why_not_params(alt: Candidate, chosen: Candidate, holders_g, holders_o) -> dict:
    """The facts behind `_why_not`, for translation by the caller."""
    others_g = [k for k in holders_g.get(alt.group_id, ()) if k != chosen.household_id]
    other_o = holders_o.get(alt.offer_id)
    params = {"difference": round(alt.score - chosen.score, 9)}
    if alt.group_id != chosen.group_id and others_g:
        params["group_holder"] = others_g[0]
    if alt.offer_id != chosen.offer_id and other_o not in (None, chosen.household_id):
        params["offer_holder"] = other_o
    return params


def _why_not(alt: Candidate, chosen: Candidate, holders_g, holders_o) -> str:
    others_g = [k for k in holders_g.get(alt.group_id, ()) if k != chosen.household_id]
    other_o = holders_o.get(alt.offer_id)
    parts = []
    if alt.group_id != chosen.group_id and others_g:
        parts.append(f"group {alt.group_id} is proposed to household {others_g[0]}")
    if alt.offer_id != chosen.offer_id and other_o not in (None, chosen.household_id):
        parts.append(f"offer {alt.offer_id} is proposed to household {other_o}")
    difference = alt.score - chosen.score
    parts.append(f"total score {abs(difference):.2f} {'lower' if difference <= 0 else 'higher'}")
    return "; ".join(parts)


def proposal(
    index: Index, chosen: Candidate, candidates: list[Candidate], holders_g: dict, holders_o: dict
) -> Proposal:
    snapshot = index.snapshot
    h = index.households[chosen.household_id]
    g, o = index.groups[chosen.group_id], index.offers[chosen.offer_id]
    others = [c for c in candidates if c != chosen][: snapshot.options.alternatives]
    alternatives = tuple(
        Alternative(
            c.group_id,
            c.offer_id,
            c.score,
            round(c.score - chosen.score, 9),
            _why_not(c, chosen, holders_g, holders_o),
            _why_not_params(c, chosen, holders_g, holders_o),
        )
        for c in others
    )
    return Proposal(
        h.id,
        g.id,
        o.id,
        chosen.score,
        is_named(snapshot, h, g),
        criteria(snapshot, h, g, o),
        alternatives,
    )
