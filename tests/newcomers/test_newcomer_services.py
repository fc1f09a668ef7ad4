"""The workflow: legal and illegal moves, information and consent, withdrawal."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from newcomers import services
from newcomers.choices import REQUIRED_TOPICS
from newcomers.machines import HOUSEHOLD
from newcomers.models import AnonymousProfile, Household, Withdrawal
from sponsorship import statemachine as sm
from sponsorship.models import AuditEvent

S = Household.Status
TOPICS = sorted(REQUIRED_TOPICS)


@pytest.fixture
def eager_celery():
    from sponsorship.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def inform(household, actor, on=date(2026, 10, 1)):
    return services.record_information(
        household,
        actor=actor,
        informed_by="UNHCR Beirut",
        informed_on=on,
        language="ar",
        topics=TOPICS,
    )


def consent(household, actor, session, share=True):
    return services.record_consent(
        household,
        actor=actor,
        information=session,
        participate=True,
        processing=True,
        share_profile=share,
        given_on=session.informed_on,
    )


def to_consented(household, actor):
    services.pre_select(household, actor=actor)
    consent(household, actor, inform(household, actor))
    return household


def intake(household, actor, on=date(2026, 10, 3)):
    return services.record_intake(household, actor=actor, held_on=on, interviewer=actor)


@pytest.mark.django_db
def test_full_journey_records_every_step(household, coordinator):
    to_consented(household, coordinator)
    intake(household, coordinator)
    services.match(household, actor=coordinator)
    services.approve(household, actor=coordinator)
    services.register_arrival(household, actor=coordinator, on=date(2026, 11, 1))
    services.start_sponsorship(household, actor=coordinator)
    services.complete(household, actor=coordinator)
    household.refresh_from_db()
    assert household.status == S.COMPLETED
    assert household.intake_held_on and household.arrival_date == date(2026, 11, 1)
    assert household.municipality_assigned
    rows = list(sm.history(household))
    assert [(r.to_state, r.operation) for r in rows] == [
        (S.PRE_SELECTED, "pre_select"),
        (S.INFORMED, "record_information"),
        (S.CONSENTED, "record_consent"),
        (S.INTAKE_HELD, "record_intake"),
        (S.MATCHED, "match"),
        (S.APPROVED, "approve"),
        (S.ARRIVED, "arrive"),
        (S.IN_SPONSORSHIP, "start_sponsorship"),
        (S.COMPLETED, "complete"),
    ]
    assert all(r.actor == coordinator for r in rows)
    summaries = list(
        AuditEvent.objects.filter(action="transition", object_id=str(household.pk))
        .order_by("created_at", "id")
        .values_list("summary", flat=True)
    )
    assert summaries[0] == "household.pre_select: identified -> pre_selected"
    assert summaries[-1] == "household.complete: in_sponsorship -> completed"
    assert len(summaries) == len(rows)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [S.IDENTIFIED, S.PRE_SELECTED, S.INFORMED])
def test_no_match_without_consent_and_intake(household, coordinator, status):
    Household.objects.filter(pk=household.pk).update(status=status)
    household.refresh_from_db()
    with pytest.raises(ValidationError, match="cannot become"):
        services.match(household, actor=coordinator)
    household.refresh_from_db()
    assert household.status == status
    assert not sm.history(household).exists()


@pytest.mark.django_db
def test_match_refused_when_consent_was_withdrawn_even_if_state_was_forced(household, coordinator):
    to_consented(household, coordinator)
    intake(household, coordinator)
    Withdrawal.objects.create(
        household=household, withdrawn_on=date(2026, 10, 3), from_status=S.INTAKE_HELD
    )
    with pytest.raises(ValidationError, match="no consent in force"):
        services.match(household, actor=coordinator)
    assert HOUSEHOLD.refusals(household, "match") == [
        "There is no consent in force for this household."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "step",
    [
        lambda h, a: services.match(h, actor=a),
        lambda h, a: services.approve(h, actor=a),
        lambda h, a: services.return_to_pool(h, actor=a),
        lambda h, a: services.register_arrival(h, actor=a),
        lambda h, a: services.start_sponsorship(h, actor=a),
        lambda h, a: services.complete(h, actor=a),
    ],
)
def test_derived_moves_are_refused_from_the_wrong_state_with_a_reason(household, coordinator, step):
    with pytest.raises(ValidationError) as exc:
        step(household, coordinator)
    assert exc.value.messages[0].startswith("Something that is “Identified” cannot become")
    household.refresh_from_db()
    assert household.status == S.IDENTIFIED


@pytest.mark.django_db
def test_arrival_and_sponsorship_are_named_moves(household, coordinator):
    Household.objects.filter(pk=household.pk).update(status=S.APPROVED)
    household.refresh_from_db()
    services.register_arrival(household, actor=coordinator, on=date(2026, 11, 1))
    services.start_sponsorship(household, actor=coordinator)
    assert [r.operation for r in sm.history(household)] == ["arrive", "start_sponsorship"]
    assert household.arrival_date == date(2026, 11, 1)
    assert not hasattr(services, "transition")  # no move by target state


@pytest.mark.django_db
def test_only_records_and_decisions_are_manual_moves():
    manual = {m.operation for m in HOUSEHOLD.moves if m.manual}
    assert manual == {
        "pre_select",
        "record_information",
        "record_consent",
        "record_intake",
        "withdraw",
    }


@pytest.mark.django_db
def test_information_must_cover_required_topics(household, coordinator):
    services.pre_select(household, actor=coordinator)
    with pytest.raises(ValidationError, match="at least cover"):
        services.record_information(
            household,
            actor=coordinator,
            informed_by="COA",
            informed_on=date(2026, 10, 1),
            language="ar",
            topics=["programme"],
        )
    household.refresh_from_db()
    assert household.status == S.PRE_SELECTED


@pytest.mark.django_db
def test_consent_needs_participation_and_processing(household, coordinator):
    services.pre_select(household, actor=coordinator)
    session = inform(household, coordinator)
    with pytest.raises(ValidationError):
        services.record_consent(
            household,
            actor=coordinator,
            information=session,
            participate=True,
            processing=False,
            share_profile=True,
            given_on=date(2026, 10, 2),
        )
    with pytest.raises(ValidationError, match="precede"):
        services.record_consent(
            household,
            actor=coordinator,
            information=session,
            participate=True,
            processing=True,
            share_profile=True,
            given_on=date(2026, 9, 1),
        )
    assert services.active_consent(household) is None


@pytest.mark.django_db
def test_consent_refused_before_information(household, coordinator, town, programme):
    from tests.newcomers.factories import HouseholdFactory

    other = HouseholdFactory(municipality=town, programme=programme)
    services.pre_select(other, actor=coordinator)
    session = inform(other, coordinator)
    with pytest.raises(ValidationError):
        consent(household, coordinator, session)  # household is only identified


@pytest.mark.django_db
def test_withdrawal_keeps_history_flags_support_and_unpublishes(
    household, coordinator, eager_celery, django_capture_on_commit_callbacks
):
    to_consented(household, coordinator)
    services.publish_profile(household, actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(
            household,
            actor=coordinator,
            withdrawn_on=date(2026, 10, 5),
            reason="Prefers to stay near her sister in Lebanon.",
        )
    household.refresh_from_db()
    assert household.status == S.WITHDRAWN
    assert household.needs_alternative_support
    # Nothing deleted: information, consent and every transition are still there.
    assert household.information_sessions.count() == 1
    assert household.consents.count() == 1
    row = sm.history(household).get(to_state=S.WITHDRAWN)
    assert (row.operation, row.reason) == ("withdraw", "")  # the reason stays on the withdrawal
    assert services.active_consent(household) is None
    assert not AnonymousProfile.objects.get(household=household).published
    # The coordinator of the town is notified, without sensitive data.
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    body = mail.outbox[0].body
    assert household.pseudonym in body
    assert "sister" not in body and "Haddad" not in body


@pytest.mark.django_db
def test_withdrawn_household_cannot_withdraw_again_or_move_on(household, coordinator):
    services.withdraw(household, actor=coordinator, withdrawn_on=date(2026, 10, 5))
    with pytest.raises(ValidationError):
        services.withdraw(household, actor=coordinator, withdrawn_on=date(2026, 10, 6))
    with pytest.raises(ValidationError, match="cannot become"):
        services.pre_select(household, actor=coordinator)


@pytest.mark.django_db
def test_history_rows_cannot_be_deleted(household, coordinator):
    from django.db import DatabaseError, transaction

    withdrawal = services.withdraw(household, actor=coordinator, withdrawn_on=date(2026, 10, 5))
    with pytest.raises(DatabaseError), transaction.atomic():
        Withdrawal.objects.filter(pk=withdrawal.pk).delete()
    assert Withdrawal.objects.filter(pk=withdrawal.pk).exists()


@pytest.mark.django_db
def test_withdrawn_household_may_be_informed_again_and_reconsent(household, coordinator):
    to_consented(household, coordinator)
    services.withdraw(household, actor=coordinator, withdrawn_on=date(2026, 10, 5))
    session = inform(household, coordinator, on=date(2026, 10, 10))
    consent(household, coordinator, session)
    household.refresh_from_db()
    assert household.status == S.CONSENTED
    assert services.active_consent(household) is not None
    assert household.withdrawals.count() == 1


@pytest.mark.django_db
def test_alternative_support_arranged_clears_flag_once(household, coordinator):
    services.withdraw(household, actor=coordinator, withdrawn_on=date(2026, 10, 5))
    services.alternative_support_arranged(household, actor=coordinator)
    household.refresh_from_db()
    assert not household.needs_alternative_support
    with pytest.raises(ValidationError):
        services.alternative_support_arranged(household, actor=coordinator)


@pytest.mark.django_db
def test_background_without_consent_is_refused_by_the_database(household):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Household.objects.filter(pk=household.pk).update(background_consent=False)
