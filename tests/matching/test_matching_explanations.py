"""Reasons, what-if hints and explanations on hand-crafted instances."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from matching.engine import (
    MatchingCancelled,
    Options,
    preselect,
    run_matching,
)
from tests.matching.factories import (
    UTRECHT,
    ZEIST,
    group,
    household,
    offer,
    snapshot,
)


def _only_unmatched(result):
    (unmatched,) = result.unmatched
    return unmatched


def _apply_offer_hint(snap, hint):
    g = next(x for x in snap.groups if x.id == hint.params["group_id"])
    extra = offer(
        99,
        town=hint.params["municipality_id"],
        max_occupants=hint.params["occupants"],
        step_free=hint.params["step_free"],
        ground_floor=hint.params["ground_floor"],
    )
    extra = dataclasses.replace(extra, lat=g.lat, lon=g.lon)
    return dataclasses.replace(snap, offers=snap.offers + (extra,))


def test_no_offer_for_the_household_size_and_its_hint():
    snap = snapshot(
        [household(size=6, acceptable_municipality_ids=frozenset({UTRECHT, ZEIST}))],
        [group(1, town=ZEIST)],
        [offer(1, max_occupants=4)],
    )
    unmatched = _only_unmatched(run_matching(snap))
    assert [r.code for r in unmatched.reasons] == ["no_offer"]
    assert (
        "no offer for 6 occupants in the acceptable municipalities (Utrecht, Zeist)"
        in unmatched.reasons[0].text
    )
    (hint,) = unmatched.what_if
    assert hint.code == "extra_offer" and hint.params["municipality_id"] == ZEIST
    assert "one more offer for 6 occupants in Zeist" in hint.text
    assert run_matching(_apply_offer_hint(snap, hint)).assignment() == {1: (1, 99)}


def test_no_group_supports_a_need_and_the_near_miss_hint():
    snap = snapshot(
        [household(vulnerabilities=frozenset({"disability"}))],
        [group(1, supported_vulnerabilities=frozenset({"medical"}))],
        [offer(1)],
    )
    unmatched = _only_unmatched(run_matching(snap))
    assert unmatched.reasons[0].code == "no_group_support"
    assert unmatched.reasons[0].text == "no ready group supports: wheelchair access"
    (hint,) = unmatched.what_if
    assert hint.code == "group_change" and hint.params == {"group_id": 1, "change": "support"}
    fixed = dataclasses.replace(
        snap,
        groups=(
            dataclasses.replace(
                snap.groups[0], supported_vulnerabilities=frozenset({"medical", "disability"})
            ),
        ),
    )
    assert run_matching(fixed).assignment() == {1: (1, 1)}


def test_no_group_at_all_suggests_a_new_group_where_the_homes_are():
    snap = snapshot(
        [household(acceptable_municipality_ids=frozenset({UTRECHT, ZEIST}))],
        [group(1, town=UTRECHT, ready=False, capacity=0)],
        [offer(1, town=ZEIST), offer(2, town=ZEIST)],
    )
    unmatched = _only_unmatched(run_matching(snap))
    assert [r.code for r in unmatched.reasons] == ["no_ready_group"]
    (hint,) = unmatched.what_if
    assert hint.code == "extra_group" and hint.params["municipality_id"] == ZEIST
    assert hint.text.startswith("one more ready group in Zeist")


def test_nothing_at_all_needs_two_changes():
    snap = snapshot([household(size=5)], [], [])
    unmatched = _only_unmatched(run_matching(snap))
    assert {r.code for r in unmatched.reasons} == {"no_offer", "no_ready_group"}
    assert [h.code for h in unmatched.what_if] == ["extra_offer_and_group"]


def test_offer_not_available_at_arrival():
    snap = snapshot([household()], [group(1)], [offer(1, available_from=date(2026, 9, 1))])
    unmatched = _only_unmatched(run_matching(snap))
    assert unmatched.reasons[0].code == "offer_not_available"
    assert "not available on 2026-06-01" in unmatched.reasons[0].text


def test_consent_and_intake_are_required():
    snap = snapshot([household(consent_ok=False, intake_ok=False)], [group(1)], [offer(1)])
    unmatched = _only_unmatched(run_matching(snap))
    assert [r.code for r in unmatched.reasons] == ["no_consent", "no_intake"]
    assert preselect(snap).eligible == (1,)  # pre-selection is on the general profile


def test_declined_pairing_is_not_proposed_again():
    snap = snapshot(
        [household()],
        [group(1), group(2, interests=frozenset())],
        [offer(1)],
        declined_groups=frozenset({(1, 1)}),
    )
    assert run_matching(snap).assignment() == {1: (2, 1)}
    only = dataclasses.replace(snap, groups=snap.groups[:1])
    assert _only_unmatched(run_matching(only)).reasons[0].code == "groups_declined"


def test_named_pairing_is_honoured_over_a_better_score():
    h = household(named_group_id=2, languages=frozenset({"ar"}))
    groups = [group(1, languages=frozenset({"ar"})), group(2)]
    snap = snapshot([h], groups, [offer(1)], options=Options(allow_naming=True, mip_rel_gap=0))
    result = run_matching(snap)
    assert result.assignment() == {1: (2, 1)} and result.proposals[0].named
    no_naming = dataclasses.replace(snap, options=Options(mip_rel_gap=0))
    assert run_matching(no_naming).assignment() == {1: (1, 1)}


def test_competition_gives_the_loser_a_reason_and_a_capacity_hint():
    households = [household(1, languages=frozenset({"ar"})), household(2)]
    snap = snapshot(households, [group(1, languages=frozenset({"ar"}))], [offer(1), offer(2)])
    result = run_matching(snap)
    assert list(result.assignment()) == [1] and result.assignment()[1][0] == 1
    loser = _only_unmatched(result)
    assert loser.household_id == 2 and loser.reasons[0].code == "outcompeted"
    assert "group 1 is full (proposed to household 1)" in loser.reasons[0].text
    assert [h.code for h in loser.what_if] == ["group_capacity"]
    roomier = dataclasses.replace(snap, groups=(dataclasses.replace(snap.groups[0], capacity=2),))
    assert len(run_matching(roomier).proposals) == 2


def test_proposal_explains_each_criterion_and_the_alternatives():
    h = household(languages=frozenset({"ar", "en"}), interests=frozenset({"football"}))
    g1 = group(
        1,
        languages=frozenset({"ar"}),
        interests=frozenset({"football"}),
        interested_household_ids=frozenset({1}),
    )
    snap = snapshot([h], [g1, group(2)], [offer(1), offer(2, max_occupants=6)])
    (proposal,) = run_matching(snap).proposals
    assert (proposal.group_id, proposal.offer_id) == (1, 1)
    words = {c.criterion: c for c in proposal.criteria}
    assert words["languages"].score == 0.5 and "shares languages: ar" in words["languages"].text
    assert words["group_interest"].score == 1.0
    assert words["housing_fit"].text == "2 occupant(s) in a home for up to 4"
    assert "km from the home" in words["distance"].text
    assert sum(c.points for c in proposal.criteria) == pytest.approx(
        proposal.total_score - snap.weights.match_bonus, abs=1e-3
    )
    assert proposal.alternatives and all(a.difference <= 0 for a in proposal.alternatives)
    assert "lower" in proposal.alternatives[0].text


def test_group_reach_and_distance_are_hard_limits():
    far = group(1, town=ZEIST, reach_municipality_ids=frozenset({UTRECHT}), reach_km=1.0)
    snap = snapshot([household()], [far], [offer(1)])
    assert _only_unmatched(run_matching(snap)).reasons[0].code == "no_group_near_offer"
    assert preselect(snap).ineligible[0].reasons[0].code == "no_group_near_offer"


def test_preselection_lists_eligible_and_reasons():
    households = [household(1), household(2, size=7), household(3, needs_step_free=True)]
    snap = snapshot(households, [group(1, max_household_size=8)], [offer(1)])
    result = preselect(snap)
    assert result.eligible == (1,)
    texts = {i.household_id: i.reasons[0].text for i in result.ineligible}
    assert texts[2].startswith("no offer for 7 occupants in")
    assert texts[3].startswith("no offer for 2 occupants (step-free) in")


def test_progress_is_reported_and_cancellation_stops_the_run():
    snap = snapshot([household(1), household(2)], [group(1)], [offer(1)])
    calls = []
    run_matching(snap, progress=lambda done, total, message: calls.append((done, total)))
    assert calls and calls[-1][0] == calls[-1][1]
    assert all(done <= total for done, total in calls)
    with pytest.raises(MatchingCancelled):
        run_matching(snap, should_cancel=lambda: True)
