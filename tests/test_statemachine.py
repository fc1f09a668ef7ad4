"""The one state-machine mechanism: lock, guard, save, transition row, audit, diagram."""

import pytest
from django.core.exceptions import ValidationError

from housing.models import HousingOffer
from sponsorship import statemachine as sm
from sponsorship.models import AuditEvent
from tests.factories import CoordinatorFactory
from tests.housing.factories import HousingOfferFactory

S = HousingOffer.Status


@pytest.fixture
def machine():
    m = sm.Machine(
        name="test_offer",
        model=HousingOffer,
        stamp_field="status_changed_at",
        initial=S.PROSPECT,
        moves=[
            sm.move(S.PROSPECT, S.OFFERED, "publish"),
            sm.move([S.OFFERED, S.RESERVED], S.WITHDRAWN, "withdraw"),
            sm.move(
                S.OFFERED,
                S.RESERVED,
                "reserve",
                guard=lambda o: [] if o.neighbourhood else ["No neighbourhood."],
            ),
        ],
    )
    yield m
    sm.REGISTRY.pop("test_offer")


@pytest.mark.django_db
def test_apply_writes_state_row_and_audit_without_free_text(machine):
    actor = CoordinatorFactory()
    offer = HousingOfferFactory(status=S.PROSPECT)
    sm.apply(machine, offer, "publish", actor=actor, reason="the owner agreed on the phone")
    offer.refresh_from_db()
    assert offer.status == S.OFFERED
    assert offer.status_changed_at is not None
    (row,) = sm.history(offer)
    assert (row.from_state, row.to_state, row.operation, row.actor) == (
        S.PROSPECT,
        S.OFFERED,
        "publish",
        actor,
    )
    assert row.reason == "the owner agreed on the phone"
    event = AuditEvent.objects.filter(action="transition", object_id=str(offer.pk)).get()
    assert event.summary == "test_offer.publish: prospect -> offered"
    assert "phone" not in event.summary


@pytest.mark.django_db
def test_wrong_state_and_unknown_operation_are_refused(machine):
    offer = HousingOfferFactory(status=S.PROSPECT)
    with pytest.raises(ValidationError) as exc:
        sm.apply(machine, offer, "withdraw", actor=None)
    assert "cannot become" in str(exc.value)
    with pytest.raises(ValidationError):
        sm.apply(machine, offer, "occupy", actor=None)
    offer.refresh_from_db()
    assert offer.status == S.PROSPECT
    assert not sm.history(offer).exists()


@pytest.mark.django_db
def test_guard_reasons_are_returned_and_nothing_is_written(machine):
    offer = HousingOfferFactory(status=S.OFFERED, neighbourhood="")
    assert machine.refusals(offer, "reserve") == ["No neighbourhood."]
    with pytest.raises(ValidationError) as exc:
        sm.apply(machine, offer, "reserve", actor=None)
    assert exc.value.messages == ["No neighbourhood."]
    assert not sm.history(offer).exists()
    offer.neighbourhood = "Oost"
    offer.save()
    assert machine.refusals(offer, "reserve") == []


@pytest.mark.django_db
def test_structure_of_a_transition_row_cannot_change_but_reason_can_be_erased(machine):
    from django.db import transaction
    from django.db.utils import ProgrammingError

    offer = HousingOfferFactory(status=S.PROSPECT)
    sm.apply(machine, offer, "publish", actor=None, reason="private detail")
    row = sm.history(offer).get()
    sm.Transition.objects.filter(pk=row.pk).update(reason="")
    row.refresh_from_db()
    assert row.reason == ""
    with pytest.raises(ProgrammingError, match="Cannot update"), transaction.atomic():
        sm.Transition.objects.filter(pk=row.pk).update(to_state="withdrawn")


def test_declaring_an_unknown_state_fails_at_import():
    with pytest.raises(ValueError, match="unknown states"):
        sm.Machine(name="test_bad", model=HousingOffer, moves=[sm.move("nowhere", S.OFFERED, "x")])
    sm.REGISTRY.pop("test_bad", None)


def test_mermaid_lists_every_move(machine):
    text = sm.mermaid(machine)
    assert text.startswith("stateDiagram-v2")
    assert "[*] --> prospect" in text
    assert "offered --> withdrawn: withdraw" in text
    assert "reserved --> withdrawn: withdraw" in text
    assert "offered --> reserved: reserve (guarded)" in text
