"""Why a household cannot be matched, and the smallest change that would fix it.

Pre-selection (`run=False`) looks only at the general profile and the supply; the run
(`run=True`) also checks consent, intake, declined pairings and naming. Hints are built
so that they are feasible by construction: a hypothetical offer is placed in a town a
fitting group works in, at that group's neighbourhood; a hypothetical group is placed at
a fitting offer. They ignore competition with other households (stated in the docs).
"""

from __future__ import annotations

from .candidates import Index
from .feasibility import (
    group_able,
    group_fits,
    group_reaches_offer,
    group_supports,
    naming_allows,
    offer_fits,
    offer_fits_home,
)
from .model import GroupIn, HouseholdIn, OfferIn
from .results import Reason, WhatIf


def _towns(snapshot, ids) -> str:
    return ", ".join(snapshot.municipality_name(m) for m in sorted(ids))


def _home_words(h: HouseholdIn) -> str:
    extra = [
        w
        for w, need in (
            ("step-free", h.needs_step_free),
            ("on the ground floor", h.needs_ground_floor),
        )
        if need
    ]
    words = f"{h.size} occupant{'' if h.size == 1 else 's'}"
    return words + (f" ({', '.join(extra)})" if extra else "")


def _needs(snapshot, codes) -> str:
    return ", ".join(snapshot.label(c) for c in sorted(codes))


class Diagnosis:
    """Reasons and hints for one household; built in steps that each add a finding."""

    def __init__(self, index: Index, h: HouseholdIn, run: bool):
        self.index, self.h, self.run = index, h, run
        self.snapshot = index.snapshot
        self.reasons: list[Reason] = []
        self.hints: list[WhatIf] = []
        towns = h.acceptable_municipality_ids
        self.local_offers = index.offers_in(towns)
        self.local_groups = index.groups_reaching(towns)
        self.offers = [o for o in self.local_offers if offer_fits(h, o)]
        self.groups = [g for g in self.local_groups if group_fits(h, g)]
        if run:
            self.offers_allowed = [
                o for o in self.offers if (h.id, o.id) not in self.snapshot.declined_offers
            ]
            self.groups_allowed = [
                g
                for g in self.groups
                if naming_allows(self.snapshot, h, g)
                and (h.id, g.id) not in self.snapshot.declined_groups
            ]
        else:
            self.offers_allowed, self.groups_allowed = self.offers, self.groups

    def reason(self, code, text, **params):
        self.reasons.append(Reason(code, text, params))

    def hint(self, code, text, **params):
        self.hints.append(WhatIf(code, text, params))

    def analyse(self) -> tuple[tuple[Reason, ...], tuple[WhatIf, ...]]:
        if self.run:
            self._clearance()
        offers_ok = self._offer_reasons()
        groups_ok = self._group_reasons()
        if offers_ok and groups_ok:
            self._pair_reasons()
        self._hints(offers_ok, groups_ok)
        return tuple(self.reasons), tuple(self.hints)

    def _clearance(self):
        if not self.h.consent_ok:
            self.reason("no_consent", "informed consent is not recorded")
            self.hint("record_consent", "record the household's informed consent")
        if not self.h.intake_ok:
            self.reason("no_intake", "the intake interview is not completed")
            self.hint("complete_intake", "complete the intake interview")

    def _offer_reasons(self) -> bool:
        h, snap = self.h, self.snapshot
        towns = _towns(snap, h.acceptable_municipality_ids)
        if not self.offers:
            homes = [o for o in self.local_offers if offer_fits_home(h, o)]
            if homes:
                self.reason(
                    "offer_not_available",
                    f"offers for {_home_words(h)} in {towns} are not available on "
                    f"{h.expected_arrival.isoformat()}",
                    occupants=h.size,
                    arrival=h.expected_arrival.isoformat(),
                    step_free=h.needs_step_free,
                    ground_floor=h.needs_ground_floor,
                    municipality_ids=sorted(h.acceptable_municipality_ids),
                )
            else:
                self.reason(
                    "no_offer",
                    f"no offer for {_home_words(h)} in the acceptable municipalities ({towns})",
                    occupants=h.size,
                    municipality_ids=sorted(h.acceptable_municipality_ids),
                    step_free=h.needs_step_free,
                    ground_floor=h.needs_ground_floor,
                )
            return False
        if not self.offers_allowed:
            self.reason("offers_declined", "every fitting offer was declined")
            return False
        return True

    def _group_reasons(self) -> bool:
        if not self.groups:
            self._group_shortfall()
            return False
        if not self.groups_allowed:
            named = self.h.named_group_id
            if self.run and self.snapshot.options.allow_naming and named is not None:
                self.reason(
                    "named_group_unavailable",
                    f"the named group {named} cannot take this household",
                    group_id=named,
                )
            else:
                self.reason("groups_declined", "every group able to support was declined")
            return False
        return True

    def _group_shortfall(self):
        h, snap = self.h, self.snapshot
        ready = [g for g in self.local_groups if group_able(g)]
        if not ready:
            self.reason(
                "no_ready_group",
                "no ready group with a free place works in "
                f"{_towns(snap, h.acceptable_municipality_ids)}",
                municipality_ids=sorted(h.acceptable_municipality_ids),
            )
            return
        unsupported = sorted(
            v for v in h.vulnerabilities if not any(v in g.supported_vulnerabilities for g in ready)
        )
        if unsupported:
            self.reason(
                "no_group_support",
                f"no ready group supports: {_needs(snap, unsupported)}",
                needs=unsupported,
            )
        elif not any(h.vulnerabilities <= g.supported_vulnerabilities for g in ready):
            self.reason(
                "no_group_support_combined",
                f"no ready group supports all of: {_needs(snap, h.vulnerabilities)} together",
                needs=sorted(h.vulnerabilities),
            )
        if not any(h.size <= g.max_household_size for g in ready):
            self.reason(
                "no_group_size", f"no ready group takes households of {h.size}", occupants=h.size
            )
        if not any(group_supports(h, g) for g in ready) and not self.reasons:
            self.reason(
                "no_group_support_combined",
                f"no ready group supports {_needs(snap, h.vulnerabilities)} for a "
                f"household of {h.size}",
                needs=sorted(h.vulnerabilities),
                occupants=h.size,
            )

    def _pair_reasons(self):
        if not any(
            group_reaches_offer(g, o) for g in self.groups_allowed for o in self.offers_allowed
        ):
            self.reason(
                "no_group_near_offer",
                "no group able to support the household works within reach of a fitting offer",
            )

    def _hints(self, offers_ok: bool, groups_ok: bool):
        if (
            offers_ok
            and groups_ok
            and not any(r.code == "no_group_near_offer" for r in self.reasons)
        ):
            return
        if groups_ok:
            self._offer_hint(self.groups_allowed)
        elif offers_ok:
            self._group_hint()
        elif (
            not self.run
            or self.h.named_group_id is None
            or not (self.snapshot.options.allow_naming)
        ):
            self._offer_and_group_hint()

    def _offer_hint(self, groups: list[GroupIn]):
        # The town where most suitable groups work; the home near the first such group.
        h, snap = self.h, self.snapshot
        towns = sorted(
            h.acceptable_municipality_ids, key=lambda m: (-sum(g.reaches(m) for g in groups), m)
        )
        town = towns[0]
        group = next(g for g in groups if g.reaches(town))
        self.hint(
            "extra_offer",
            f"one more offer for {_home_words(h)} in "
            f"{snap.municipality_name(town)}, available on "
            f"{h.expected_arrival.isoformat()}, within reach of group {group.id}",
            occupants=h.size,
            step_free=h.needs_step_free,
            ground_floor=h.needs_ground_floor,
            municipality_id=town,
            group_id=group.id,
            arrival=h.expected_arrival.isoformat(),
        )

    def _group_hint(self):
        h, snap = self.h, self.snapshot
        near_miss = self._closest_group()
        if near_miss is not None:
            group, missing = near_miss
            self.hint(
                "group_change",
                f"group {group.id} would fit if it {missing[0][1]}",
                group_id=group.id,
                change=missing[0][0],
            )
            return
        offer = self._busiest_town_offer()
        self.hint(
            "extra_group",
            f"one more ready group in "
            f"{snap.municipality_name(offer.municipality_id)} supporting "
            f"{_needs(snap, h.vulnerabilities) or 'the household'} for a household "
            f"of {h.size}",
            municipality_id=offer.municipality_id,
            needs=sorted(h.vulnerabilities),
            occupants=h.size,
        )

    def _busiest_town_offer(self) -> OfferIn:
        count = {}
        for o in self.offers_allowed:
            count[o.municipality_id] = count.get(o.municipality_id, 0) + 1
        town = min(count, key=lambda m: (-count[m], m))
        return next(o for o in self.offers_allowed if o.municipality_id == town)

    def _closest_group(self):
        """A group that misses exactly one thing and reaches a fitting offer, if any."""
        h = self.h
        for g in self.local_groups:
            if self.run and (
                not naming_allows(self.snapshot, h, g)
                or (h.id, g.id) in self.snapshot.declined_groups
            ):
                continue
            if not any(group_reaches_offer(g, o) for o in self.offers_allowed):
                continue
            missing = _missing(h, g, self.snapshot)
            if len(missing) == 1:
                return g, missing
        return None

    def _offer_and_group_hint(self):
        h, snap = self.h, self.snapshot
        town = min(h.acceptable_municipality_ids)
        self.hint(
            "extra_offer_and_group",
            f"one more offer for {_home_words(h)} and one more ready group supporting "
            f"{_needs(snap, h.vulnerabilities) or 'the household'} in "
            f"{snap.municipality_name(town)}",
            municipality_id=town,
            occupants=h.size,
            needs=sorted(h.vulnerabilities),
            step_free=h.needs_step_free,
            ground_floor=h.needs_ground_floor,
        )


def _missing(h: HouseholdIn, g: GroupIn, snapshot) -> list[tuple[str, str]]:
    missing = []
    if not g.ready:
        missing.append(("ready", "were ready for matching"))
    if g.capacity <= 0:
        missing.append(("capacity", "had one more place"))
    if h.size > g.max_household_size:
        missing.append(("size", f"took households of {h.size}"))
    lacking = h.vulnerabilities - g.supported_vulnerabilities
    if lacking:
        missing.append(("support", f"also supported: {_needs(snapshot, lacking)}"))
    return missing


def diagnose(index: Index, h: HouseholdIn, *, run: bool):
    """(reasons, what-if hints) for a household without any allowed pairing."""
    return Diagnosis(index, h, run).analyse()


def _blockers(index: Index, c, holders_g, holders_o) -> tuple[bool, bool]:
    """(offer taken, group full) for one candidate pairing."""
    full = len(holders_g.get(c.group_id, ())) >= index.groups[c.group_id].capacity
    return c.offer_id in holders_o, full


def outcompeted(index: Index, h: HouseholdIn, candidates, holders_g, holders_o):
    """Reasons and hints for a household whose pairings all went to others.

    The hint relaxes the best pairing that only one resource blocks (one change), else the
    best pairing overall (two changes).
    """
    snap = index.snapshot
    blocked = [(c, _blockers(index, c, holders_g, holders_o)) for c in candidates]
    pivot, (offer_taken, group_full) = next(((c, b) for c, b in blocked if sum(b) == 1), blocked[0])
    taken, params = [], {"candidates": len(candidates)}
    if offer_taken:
        params.update(offer_id=pivot.offer_id, offer_holder=holders_o[pivot.offer_id])
        taken.append(f"offer {pivot.offer_id} is proposed to household {holders_o[pivot.offer_id]}")
    if group_full:
        params.update(group_id=pivot.group_id, group_holder=holders_g[pivot.group_id][0])
        taken.append(
            f"group {pivot.group_id} is full (proposed to household {holders_g[pivot.group_id][0]})"
        )
    reasons = (
        Reason(
            "outcompeted",
            f"its {len(candidates)} possible pairing(s) went to "
            f"other households; e.g. {'; '.join(taken)}",
            params,
        ),
    )
    hints = []
    offer = index.offers[pivot.offer_id]
    if offer_taken:
        hints.append(
            WhatIf(
                "extra_offer",
                f"one more offer for {_home_words(h)} in "
                f"{snap.municipality_name(offer.municipality_id)} near group "
                f"{pivot.group_id}",
                {
                    "occupants": h.size,
                    "municipality_id": offer.municipality_id,
                    "group_id": pivot.group_id,
                    "step_free": h.needs_step_free,
                    "ground_floor": h.needs_ground_floor,
                    "near": True,
                },
            )
        )
    if group_full:
        hints.append(
            WhatIf(
                "group_capacity",
                f"one more place with group {pivot.group_id}, or one more ready group like it",
                {"group_id": pivot.group_id},
            )
        )
    return reasons, tuple(hints)


def preselection_reasons(index: Index, h: HouseholdIn):
    return diagnose(index, h, run=False)
