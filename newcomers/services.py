"""Workflow of a newcomer household: information, consent, intake, withdrawal, and the
moves other apps' operations make (match, municipal approval, arrival, sponsorship).

Every state change applies a move of ``newcomers.machines.HOUSEHOLD`` on the locked row
(``sponsorship.statemachine``: source state and guard checked, ``update_fields``, a
transition row and an audit event) in one transaction. An illegal move raises
``ValidationError`` with a reason a coordinator can read.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from newcomers.choices import REQUIRED_TOPICS
from newcomers.consent import active_consent
from newcomers.machines import HOUSEHOLD, WITHDRAWABLE
from newcomers.models import (
    AnonymousProfile,
    Consent,
    Household,
    InformationSession,
    Withdrawal,
)
from sponsorship import audit, text
from sponsorship import statemachine as sm

S = Household.Status

INFORMABLE = frozenset({S.PRE_SELECTED, S.INFORMED, S.WITHDRAWN})


def can(household: Household, operation: str) -> bool:
    """Whether ``operation`` has a move from the household's state (for buttons; the
    guard still decides when it runs)."""
    return HOUSEHOLD.find(household.status, operation) is not None


def _lock(household: Household) -> Household:
    return Household.objects.select_for_update().get(pk=household.pk)


def _apply(
    locked: Household, operation: str, *, actor, reason: str = "", fields: dict | None = None
) -> None:
    """Make ``operation``'s move on a locked row (call inside atomic)."""
    sm.apply(HOUSEHOLD, locked, operation, actor=actor, reason=reason, fields=fields, locked=True)
    if locked.status not in AnonymousProfile.OPEN:
        _close_profile(locked)


@transaction.atomic
def _step(household: Household, operation: str, *, actor, reason: str = "", fields=None):
    locked = _lock(household)
    _apply(locked, operation, actor=actor, reason=reason, fields=fields)
    _copy_state(locked, household)
    return household


def pre_select(household: Household, *, actor) -> Household:
    """A coordinator pre-selects an identified household (manual)."""
    return _step(household, "pre_select", actor=actor)


# --- moves owned by other apps' operations (never a button on the household page) -------


def match(household: Household, *, actor) -> Household:
    """Matching: the municipality approved a proposal for this household."""
    return _step(household, "match", actor=actor)


def approve(household: Household, *, actor) -> Household:
    """Matching: the same municipal approval assigns the household to the municipality."""
    return _step(household, "approve", actor=actor, fields={"municipality_assigned": True})


def return_to_pool(household: Household, *, actor, reason: str = "") -> Household:
    """Matching: an approved match was declined; the household waits for a later run."""
    return _step(household, "return_to_pool", actor=actor, reason=reason)


def register_arrival(household: Household, *, actor, on: date | None = None) -> Household:
    """The sponsorship's arrival registration: the household arrived on ``on`` (today)."""
    day = on or timezone.localdate()
    return _step(household, "arrive", actor=actor, fields={"arrival_date": day})


def start_sponsorship(household: Household, *, actor) -> Household:
    """The sponsorship's arrival registration: the sponsorship year starts."""
    return _step(household, "start_sponsorship", actor=actor)


def complete(household: Household, *, actor) -> Household:
    """The sponsorship was completed."""
    return _step(household, "complete", actor=actor)


def sponsorship_ended(household: Household, *, actor) -> Household:
    """The sponsorship ended early after the arrival: the household lives here without a
    group, and the coordinators arrange other support (the flag on its page)."""
    fields = {"needs_alternative_support": True}
    return _step(household, "sponsorship_ended", actor=actor, fields=fields)


@transaction.atomic
def record_intake(
    household: Household, *, actor, held_on: date, interviewer, notes: str = ""
) -> Household:
    """The intake interview was held: record its date, interviewer and notes, and move the
    consented household to "intake held"."""
    locked = _lock(household)
    if locked.status != S.CONSENTED:
        raise ValidationError(_("The intake is recorded for a household that consented."))
    if problems := HOUSEHOLD.refusals(locked, "record_intake"):
        raise ValidationError(problems)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("An intake cannot be held in the future.")})
    if not interviewer.is_coordinator:
        raise ValidationError({"interviewer": _("The interviewer must be a coordinator.")})
    fields = {
        "intake_held_on": held_on,
        "intake_interviewer": interviewer,
        "intake_notes": text.fit(notes, text.NOTE, field="notes"),
    }
    _apply(locked, "record_intake", actor=actor, fields=fields)
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
        _apply(locked, "record_information", actor=actor)
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
    _apply(locked, "record_consent", actor=actor)
    _copy_state(locked, household)
    return consent


@transaction.atomic
def withdraw(household: Household, *, actor, withdrawn_on: date, reason: str = "") -> Withdrawal:
    """The household stops at any stage. History stays; the coordinators are told to
    arrange support. What hangs on the household follows in the same transaction
    (``signals.household_withdrawn``: open proposals withdrawn, the sponsorship ended early,
    the allocation ended, the group back in the pool; docs/architecture.md, "Propagation").

    DOMAIN: stopping has no consequence outside the programme (residence, income); that
    is why only this programme's records change.
    """
    from newcomers import signals

    signals.household_withdrawing.send(sender=Household, household_id=household.pk)
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
    # The reason stays on the Withdrawal row (shown with case access only), not on the
    # transition row that every manager's timeline shows.
    _apply(locked, "withdraw", actor=actor, fields={"needs_alternative_support": True})
    signals.household_withdrawn.send(
        sender=Household, household=locked, withdrawal=withdrawal, actor=actor
    )
    _copy_state(locked, household)
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
    """Record the creation of a saved household: its first transition row, audited."""
    sm.record(HOUSEHOLD, household, "", household.status, operation="register", actor=actor)


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
