"""The engine's explanations in the viewer's language (matching/texts.py)."""

from __future__ import annotations

import dataclasses

import pytest
from django.utils import translation

from matching.engine import preselect
from matching.texts import alternatives_for, criteria_for, hints_for, reasons_for
from newcomers.models import CaseAccess
from sponsorship.vocab import Vulnerability
from tests.matching.factories import ZEIST, snapshot
from tests.matching.factories import group as group_in
from tests.matching.factories import household as household_in
from tests.matching.factories import offer as offer_in
from tests.matching.test_matching_support import cleared_household, ready_group

pytestmark = pytest.mark.django_db


def _no_offer(town):
    return {
        "code": "no_offer",
        "params": {
            "occupants": 3,
            "municipality_ids": [town.pk],
            "step_free": True,
            "ground_floor": False,
        },
        "text": f"no offer for 3 occupants (step-free) in the acceptable municipalities "
        f"({town.name})",
    }


def test_unmatched_reason_in_dutch_and_english(coordinator, town, programme):
    household = cleared_household(town, programme)
    rows = [_no_offer(town)]
    with translation.override("nl"):
        [dutch] = reasons_for(coordinator, household, rows)
    with translation.override("en"):
        [english] = reasons_for(coordinator, household, rows)
    assert english["text"] == rows[0]["text"]
    assert dutch["text"] != english["text"]
    assert town.name in dutch["text"] and "3 bewoners" in dutch["text"]
    assert "drempelvrij" in dutch["text"]


def test_unknown_code_and_old_rows_fall_back_to_the_engine_text(coordinator, town, programme):
    household = cleared_household(town, programme)
    rows = [
        {"code": "something_new", "text": "a new reason", "params": {}},
        # stored by an older engine: the params a sentence needs are missing
        {"code": "no_offer", "text": "no offer for 2 occupants", "params": {"occupants": 2}},
        {
            "code": "outcompeted",
            "text": "its 2 possible pairing(s) went elsewhere",
            "params": {"candidates": 2},
        },
    ]
    with translation.override("nl"):
        assert [r["text"] for r in reasons_for(coordinator, household, rows)] == [
            "a new reason",
            "no offer for 2 occupants",
            "its 2 possible pairing(s) went elsewhere",
        ]


def _needs_rows(group):
    reasons = [
        {
            "code": "no_group_support",
            "text": "no ready group supports: Medical needs",
            "params": {"needs": ["medical"]},
        }
    ]
    hints = [
        {
            "code": "group_change",
            "text": f"group {group.pk} would fit if it also supported: Medical needs",
            "params": {"group_id": group.pk, "change": "support"},
        }
    ]
    return reasons, hints


@pytest.mark.parametrize("language", ["nl", "en"])
def test_vulnerability_labels_need_case_access(coordinator, town, programme, language):
    household = cleared_household(town, programme, vulnerabilities=["medical"])
    group = ready_group(town, programme, supported_vulnerabilities=[])
    reasons, hints = _needs_rows(group)
    with translation.override(language):
        label = str(Vulnerability.MEDICAL.label)
        shown = reasons_for(coordinator, household, reasons) + hints_for(
            coordinator, household, hints
        )
        assert all(label.lower() not in row["text"].lower() for row in shown)
        assert all("medical" not in row["text"].lower() for row in shown)
        CaseAccess.objects.create(household=household, user=coordinator)
        del coordinator._case_household_ids  # cached for the request
        shown = reasons_for(coordinator, household, reasons) + hints_for(
            coordinator, household, hints
        )
        assert all(label in row["text"] for row in shown)
        assert group.name in shown[1]["text"]


def test_every_engine_reason_and_hint_has_a_sentence(coordinator, town, programme):
    """Pre-selection of a crafted instance: each code renders from params, not from text."""
    db_household = cleared_household(town, programme)
    snap = snapshot(
        [
            household_in(1, size=3, needs_step_free=True),
            household_in(2, size=2),
            household_in(
                3,
                size=2,
                consent_ok=False,
                intake_ok=False,
                acceptable_municipality_ids=frozenset({ZEIST}),
            ),
        ],
        [group_in(1, max_household_size=1), group_in(2, max_household_size=3)],
        [offer_in(1, max_occupants=2, step_free=False)],
    )
    outcome = preselect(snap)
    assert outcome.ineligible
    CaseAccess.objects.create(household=db_household, user=coordinator)
    for row in outcome.ineligible:
        reasons = [dataclasses.asdict(r) for r in row.reasons]
        hints = [dataclasses.asdict(h) for h in row.what_if]
        with translation.override("nl"):
            shown = reasons_for(coordinator, db_household, reasons) + hints_for(
                coordinator, db_household, hints
            )
        for stored, rendered in zip(reasons + hints, shown, strict=True):
            assert rendered["text"] != stored["text"], stored


def test_criteria_translated_and_sensitive_ones_hidden(coordinator, town, programme):
    household = cleared_household(town, programme)
    rows = [
        {
            "criterion": "housing_fit",
            "score": 0.75,
            "weight": 1.0,
            "points": 0.75,
            "text": "3 occupant(s) in a home for up to 4",
            "params": {"occupants": 3, "max_occupants": 4},
        },
        {
            "criterion": "experience",
            "score": 1.0,
            "weight": 1.0,
            "points": 1.0,
            "text": "shares experience with: Medical needs",
            "params": {"wanted": ["medical"], "common": ["medical"]},
        },
        {
            "criterion": "distance",
            "score": 1.0,
            "weight": 1.0,
            "points": 1.0,
            "text": "the group's neighbourhood is 1.5 km from the home",
        },
    ]
    with translation.override("nl"):
        fit, experience, distance = criteria_for(coordinator, household, rows)
        assert "3" in fit["text"] and "4" in fit["text"] and fit["text"] != rows[0]["text"]
        assert fit["label"] != "housing_fit"
        assert "Medical" not in experience["text"]
        assert str(Vulnerability.MEDICAL.label) not in experience["text"]
        assert distance["text"] == rows[2]["text"]  # no params stored: the engine's text


def test_alternative_names_group_and_household(coordinator, town, programme):
    household = cleared_household(town, programme)
    other = cleared_household(town, programme)
    group = ready_group(town, programme)
    rows = [
        {
            "group_id": group.pk,
            "offer_id": 5,
            "total_score": 3.0,
            "difference": -0.5,
            "text": f"group {group.pk} is proposed to household {other.pk}; total score 0.50 lower",
            "params": {"difference": -0.5, "group_holder": other.pk},
        }
    ]
    with translation.override("en"):
        [alt] = alternatives_for(coordinator, household, rows)
    assert group.name in alt["text"] and other.pseudonym in alt["text"]
    assert alt["text"].endswith("total score 0.50 lower")
