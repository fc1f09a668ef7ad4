"""Small builders for hand-crafted matching instances (plain dataclasses, no database)."""

from __future__ import annotations

from datetime import date

from matching.engine import GroupIn, HouseholdIn, OfferIn, Options, Snapshot

ARRIVAL = date(2026, 6, 1)
UTRECHT, ZEIST = 1, 2
TOWNS = {UTRECHT: "Utrecht", ZEIST: "Zeist"}
CENTRE = {UTRECHT: (52.09, 5.12), ZEIST: (52.09, 5.23)}


def household(id=1, **kw) -> HouseholdIn:
    kw.setdefault("size", 2)
    kw.setdefault("acceptable_municipality_ids", frozenset({UTRECHT}))
    kw.setdefault("expected_arrival", ARRIVAL)
    kw.setdefault("consent_ok", True)
    kw.setdefault("intake_ok", True)
    return HouseholdIn(id=id, **kw)


def group(id=1, town=UTRECHT, **kw) -> GroupIn:
    lat, lon = CENTRE[town]
    kw.setdefault("ready", True)
    return GroupIn(id=id, municipality_id=town, lat=lat, lon=lon, **kw)


def offer(id=1, town=UTRECHT, **kw) -> OfferIn:
    lat, lon = CENTRE[town]
    kw.setdefault("max_occupants", 4)
    kw.setdefault("available_from", date(2026, 1, 1))
    return OfferIn(id=id, municipality_id=town, lat=lat + 0.01, lon=lon, **kw)


def snapshot(households, groups, offers, **kw) -> Snapshot:
    kw.setdefault("options", Options(mip_rel_gap=0.0))
    kw.setdefault("municipality_names", dict(TOWNS))
    kw.setdefault("code_labels", {"disability": "wheelchair access"})
    return Snapshot(households=tuple(households), groups=tuple(groups), offers=tuple(offers), **kw)
