"""Workflow of a newcomer household: transitions, information, consent, withdrawal.

Every transition locks the household row, checks the source state, saves with
``update_fields``, appends a ``StatusChange`` and an audit event, all in one transaction.
An illegal move raises ``ValidationError`` with a reason a coordinator can read.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from newcomers.choices import REQUIRED_TOPICS
from newcomers.models import (
    AnonymousProfile,
    Consent,
    Household,
    InformationSession,
    StatusChange,
    Withdrawal,
)
from sponsorship import audit, text

S = Household.Status

# Moves ``transition`` performs. Informed, consented and withdrawn are reached only through
# record_information, record_consent and withdraw, which also write their records.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.IDENTIFIED: frozenset({S.PRE_SELECTED}),
    S.CONSENTED: frozenset({S.INTAKE_HELD}),
    S.INTAKE_HELD: frozenset({S.MATCHED}),
    # A match the municipality does not approve, or that falls through, returns to the pool.
    S.MATCHED: frozenset({S.APPROVED, S.INTAKE_HELD}),
    S.APPROVED: frozenset({S.ARRIVED, S.INTAKE_HELD}),
    S.ARRIVED: frozenset({S.IN_SPONSORSHIP}),
    S.IN_SPONSORSHIP: frozenset({S.COMPLETED}),
}
INFORMABLE = frozenset({S.PRE_SELECTED, S.INFORMED, S.WITHDRAWN})
FINAL = frozenset({S.COMPLETED, S.WITHDRAWN})
# States in which the household still takes part and so may withdraw.
WITHDRAWABLE = frozenset(set(S.values) - FINAL)


def allowed_targets(household: Household) -> list[str]:
    """The states ``transition`` may move this household to now (for buttons)."""
    return sorted(TRANSITIONS.get(household.status, frozenset()), key=S.values.index)


def _lock(household: Household) -> Household:
    return Household.objects.select_for_update().get(pk=household.pk)


def _move(
    household: Household,
    to_status: str,
    *,
    actor,
    reason: str = "",
    extra_fields: tuple[str, ...] = (),
) -> None:
    """Set the status on a locked row and write the history (call inside atomic)."""
    from_status = household.status
    household.status = to_status
    household.save(update_fields=["status", "updated_at", *extra_fields])
    StatusChange.objects.create(
        household=household,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        reason=reason[:300],
    )
    audit.record(
        audit.Action.TRANSITION,
        actor=actor,
        obj=household,
        fields=["status", *extra_fields],
        summary=f"{from_status} -> {to_status}",
    )


def active_consent(household: Household) -> Consent | None:
    """The consent in force: the newest consent, unless a withdrawal came after it."""
    consent = household.consents.order_by("-recorded_at", "-pk").first()
    if consent is None:
        return None
    withdrawn_after = household.withdrawals.filter(recorded_at__gte=consent.recorded_at)
    return None if withdrawn_after.exists() else consent


def _guard(household: Household, to_status: str) -> None:
    if to_status not in TRANSITIONS.get(household.status, frozenset()):
        raise ValidationError(
            _("A household cannot move from “%(from)s” to “%(to)s”.")
            % {"from": S(household.status).label, "to": S(to_status).label}
        )
    if to_status in (S.INTAKE_HELD, S.MATCHED) and active_consent(household) is None:
        raise ValidationError(_("There is no consent in force for this household."))
    if to_status == S.MATCHED and household.intake_held_on is None:
        raise ValidationError(_("A household is matched only after an intake interview."))


@transaction.atomic
def transition(
    household: Household, to_status: str, *, actor, reason: str = "", on: date | None = None
) -> Household:
    """Move the household to ``to_status`` if the workflow allows it; else ValidationError.

    ``on`` dates the intake (intake_held) or the arrival (arrived); default today.
    """
    locked = _lock(household)
    _guard(locked, to_status)
    extra: tuple[str, ...] = ()
    day = on or timezone.localdate()
    if to_status == S.INTAKE_HELD and locked.status == S.CONSENTED:
        locked.intake_held_on, extra = day, ("intake_held_on",)
    elif to_status == S.APPROVED:
        locked.municipality_assigned, extra = True, ("municipality_assigned",)
    elif to_status == S.ARRIVED:
        locked.arrival_date, extra = day, ("arrival_date",)
    _move(locked, to_status, actor=actor, reason=reason, extra_fields=extra)
    _copy_state(locked, household)
    if to_status not in AnonymousProfile.OPEN:
        _close_profile(household)
    return household


def records_intake(household: Household, to_status: str) -> bool:
    """True when this move is the intake interview itself: it goes through record_intake
    (date, interviewer, notes), not through a bare transition button."""
    return to_status == S.INTAKE_HELD and household.status == S.CONSENTED


@transaction.atomic
def record_intake(
    household: Household, *, actor, held_on: date, interviewer, notes: str = ""
) -> Household:
    """The intake interview was held: record its date, interviewer and notes, and move the
    consented household to "intake held"."""
    locked = _lock(household)
    if locked.status != S.CONSENTED:
        raise ValidationError(_("The intake is recorded for a household that consented."))
    _guard(locked, S.INTAKE_HELD)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("An intake cannot be held in the future.")})
    if not interviewer.is_coordinator:
        raise ValidationError({"interviewer": _("The interviewer must be a coordinator.")})
    locked.intake_held_on, locked.intake_interviewer = held_on, interviewer
    locked.intake_notes = text.fit(notes, text.NOTE, field="notes")
    _move(
        locked,
        S.INTAKE_HELD,
        actor=actor,
        reason=_("intake interview"),
        extra_fields=("intake_held_on", "intake_interviewer", "intake_notes"),
    )
    _copy_state(locked, household)
    return household


def _copy_state(source: Household, target: Household) -> None:
    for name in (
        "status",
        "intake_held_on",
        "intake_interviewer_id",
        "intake_notes",
        "arrival_date",
        "municipality_assigned",
        "needs_alternative_support",
        "updated_at",
    ):
        setattr(target, name, getattr(source, name))


@transaction.atomic
def record_information(
    household: Household,
    *,
    actor,
    informed_by: str,
    informed_on: date,
    language: str,
    topics,
    interpreter: bool = False,
) -> InformationSession:
    """Record an information session; a pre-selected or withdrawn household becomes informed."""
    locked = _lock(household)
    if locked.status not in INFORMABLE:
        raise ValidationError(
            _(
                "Information is recorded for a pre-selected household "
                "(or one that withdrew and reconsiders)."
            )
        )
    missing = REQUIRED_TOPICS - set(topics)
    if missing:
        raise ValidationError(
            _("The information must at least cover: %(topics)s.")
            % {"topics": ", ".join(sorted(str(t.label) for t in missing))}
        )
    session = InformationSession.objects.create(
        household=locked,
        informed_by=informed_by,
        informed_on=informed_on,
        language=language,
        topics=sorted(set(topics)),
        interpreter=interpreter,
        recorded_by=actor,
    )
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        obj=locked,
        fields=["informed_by", "informed_on", "language", "topics"],
        summary="information session recorded",
    )
    if locked.status != S.INFORMED:
        _move(locked, S.INFORMED, actor=actor, reason=_("information session"))
    _copy_state(locked, household)
    return session


@transaction.atomic
def record_consent(
    household: Household,
    *,
    actor,
    information: InformationSession,
    participate: bool,
    processing: bool,
    share_profile: bool,
    given_on: date,
) -> Consent:
    """Record informed consent; the household becomes consented."""
    locked = _lock(household)
    if locked.status != S.INFORMED:
        raise ValidationError(_("Consent is recorded for an informed household."))
    if information.household_id != locked.pk:
        raise ValidationError(_("That information session belongs to another household."))
    if not (participate and processing):
        raise ValidationError(
            _(
                "Participation needs consent to participate and to the "
                "processing of data; without it, record nothing."
            )
        )
    if given_on < information.informed_on:
        raise ValidationError(_("Consent cannot precede the information it rests on."))
    consent = Consent.objects.create(
        household=locked,
        information=information,
        participate=True,
        processing=True,
        share_profile=share_profile,
        given_on=given_on,
        recorded_by=actor,
    )
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        obj=locked,
        fields=["participate", "processing", "share_profile", "given_on"],
        summary="consent recorded",
    )
    _move(locked, S.CONSENTED, actor=actor, reason=_("consent given"))
    _copy_state(locked, household)
    return consent


@transaction.atomic
def withdraw(household: Household, *, actor, withdrawn_on: date, reason: str = "") -> Withdrawal:
    """The household stops. History stays; the coordinators are told to arrange support.

    DOMAIN: stopping has no consequence outside the programme (residence, income); that
    is why nothing but this programme's status and profile changes here.
    """
    locked = _lock(household)
    if locked.status not in WITHDRAWABLE:
        raise ValidationError(_("This household is no longer taking part."))
    withdrawal = Withdrawal.objects.create(
        household=locked,
        withdrawn_on=withdrawn_on,
        from_status=locked.status,
        reason=reason,
        recorded_by=actor,
    )
    locked.needs_alternative_support = True
    _move(
        locked,
        S.WITHDRAWN,
        actor=actor,
        reason=_("withdrawal"),
        extra_fields=("needs_alternative_support",),
    )
    _copy_state(locked, household)
    _close_profile(household)
    from newcomers import notices

    notices.household_withdrew(withdrawal)
    return withdrawal


@transaction.atomic
def alternative_support_arranged(household: Household, *, actor) -> Household:
    """Clear the alternative-support flag once support outside the programme is in place."""
    locked = _lock(household)
    if not locked.needs_alternative_support:
        raise ValidationError(_("No alternative support was pending."))
    locked.needs_alternative_support = False
    locked.save(update_fields=["needs_alternative_support", "updated_at"])
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        obj=locked,
        fields=["needs_alternative_support"],
        summary="alternative support arranged",
    )
    _copy_state(locked, household)
    return household


def _close_profile(household: Household) -> None:
    """Groups stop seeing a profile once the household leaves the open states."""
    profile = AnonymousProfile.objects.filter(household=household, published=True).first()
    if profile is not None:
        profile.published = False
        profile.save(update_fields=["published"])
        audit.record(
            audit.Action.UPDATE,
            obj=profile,
            fields=["published"],
            summary="unpublished automatically: household no longer open",
        )


# --- the anonymous profile ------------------------------------------------------------


def _profile_for(household: Household) -> AnonymousProfile:
    import secrets

    profile = AnonymousProfile.objects.filter(household=household).first()
    if profile is None:
        # A random code, unrelated to the reference, so groups cannot link the two.
        profile = AnonymousProfile.objects.create(
            household=household, code=f"P-{secrets.token_hex(3).upper()}"
        )
    return profile


@transaction.atomic
def publish_profile(household: Household, *, actor) -> AnonymousProfile:
    """Regenerate the profile from the record and show it to groups (after review).

    Needs the household's consent to share the profile, and an open state.
    """
    from newcomers.profile import generate

    locked = _lock(household)
    consent = active_consent(locked)
    if consent is None or not consent.share_profile:
        raise ValidationError(
            _("The household did not consent to sharing its anonymous profile with groups.")
        )
    if locked.status not in AnonymousProfile.OPEN:
        raise ValidationError(
            _("Only households that consented and are not yet matched are shown to groups.")
        )
    profile = _profile_for(locked)
    profile.content = generate(locked)
    profile.published, profile.published_at, profile.published_by = True, timezone.now(), actor
    profile.save(update_fields=["content", "published", "published_at", "published_by"])
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        obj=profile,
        fields=["content", "published"],
        summary="published to groups",
    )
    return profile


@transaction.atomic
def unpublish_profile(household: Household, *, actor) -> AnonymousProfile:
    profile = AnonymousProfile.objects.select_for_update().filter(household=household).first()
    if profile is None or not profile.published:
        raise ValidationError(_("The profile is not published."))
    profile.published = False
    profile.save(update_fields=["published"])
    audit.record(
        audit.Action.UPDATE, actor=actor, obj=profile, fields=["published"], summary="unpublished"
    )
    return profile


def register(household: Household, *, actor) -> None:
    """Record the creation of a saved household: first timeline entry and audit event."""
    StatusChange.objects.create(
        household=household,
        from_status="",
        to_status=household.status,
        actor=actor,
        reason=_("registered"),
    )
    audit.record(audit.Action.CREATE, actor=actor, obj=household, summary="registered")


def record_household_preference(interest, *, actor, prefers: bool):
    """Record whether the household prefers a group that showed interest in its profile."""
    from newcomers.models import ProfileInterest

    with transaction.atomic():
        interest = ProfileInterest.objects.select_for_update().get(pk=interest.pk)
        if interest.preferred_by_household != prefers:
            interest.preferred_by_household = prefers
            interest.save(update_fields=["preferred_by_household"])
            audit.record(
                audit.Action.UPDATE, actor=actor, obj=interest, fields=["preferred_by_household"]
            )
    return interest


def express_interest(profile: AnonymousProfile, *, group, actor):
    """Record that ``group`` is interested in ``profile``; once per group."""
    from newcomers.models import ProfileInterest

    if not profile.published or profile.household.status not in AnonymousProfile.OPEN:
        raise ValidationError(_("This profile is no longer open."))
    interest, created = ProfileInterest.objects.get_or_create(
        profile=profile, group=group, defaults={"created_by": actor}
    )
    if not created:
        raise ValidationError(_("Your group already said it is interested."))
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        obj=interest,
        summary=f"group #{group.pk} interested in profile {profile.code}",
    )
    return interest
