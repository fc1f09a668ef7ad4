"""Monitoring after arrival: check-ins on the programme's cadence, signals, evaluations,
and the household's own feedback link."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sponsorship import audit
from sponsorship import text as text_limits
from sponsorship.dates import add_months
from sponsorships import services as sponsorships
from sponsorships.monitoring_models import CheckIn, Evaluation, FeedbackLink, Signal
from sponsorships.plan_template import template_for
from sponsorships.sponsorship_models import Sponsorship

# --- cadence ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cadence:
    intensive_months: int = 3
    intensive_days: int = 7
    later_days: int = 30


def cadence_for(programme) -> Cadence:
    t = template_for(programme)
    return Cadence(t.intensive_months, t.intensive_interval_days, t.later_interval_days)


def next_due(arrival: date, last: date | None, cadence: Cadence) -> date:
    """Pure: when the next check-in is due after ``last`` (or after arrival).

    Weekly (say) while inside the intensive months after arrival, then monthly.
    """
    base = last or arrival
    intensive_end = add_months(arrival, cadence.intensive_months)
    step = cadence.intensive_days if base < intensive_end else cadence.later_days
    return base + timedelta(days=step)


def checkin_due(sponsorship: Sponsorship) -> date | None:
    if not sponsorship.is_running or not sponsorship.arrival_date:
        return None
    last = (
        sponsorship.checkins.exclude(by=CheckIn.By.HOUSEHOLD)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    return next_due(sponsorship.arrival_date, last, cadence_for(sponsorship.group.programme))


# --- check-ins and signals ----------------------------------------------------------------


def _url(sponsorship) -> str:
    return reverse("sponsorships:sponsorship", args=[sponsorship.pk])


@transaction.atomic
def record_checkin(
    actor,
    sponsorship: Sponsorship,
    *,
    by: str,
    held_on: date,
    household_wellbeing: str,
    group_wellbeing: str = "",
    tasks_progress: str = "",
    notes: str = "",
    signals: list[dict] = (),
) -> CheckIn:
    """A check-in with its signals; urgent signals reach the coordinators at once."""
    if not sponsorship.is_running:
        raise ValidationError(_("Check-ins start when the household has arrived."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("This date is in the future.")})
    checkin = CheckIn.objects.create(
        sponsorship=sponsorship,
        by=by,
        held_on=held_on,
        author=actor,
        household_wellbeing=household_wellbeing,
        group_wellbeing=group_wellbeing,
        tasks_progress=tasks_progress,
        notes=notes,
    )
    for data in signals:
        raise_signal(actor, sponsorship, checkin=checkin, **data)
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        obj=sponsorship,
        fields=["checkins"],
        summary=f"check-in {checkin.pk}",
    )
    return checkin


def raise_signal(
    actor, sponsorship, *, category, severity, description, raised_by_household=False, checkin=None
) -> Signal:
    signal = Signal.objects.create(
        sponsorship=sponsorship,
        checkin=checkin,
        category=category,
        severity=severity,
        description=description,
        raised_by_household=raised_by_household,
    )
    if severity == Signal.Severity.URGENT:
        notify_urgent(signal)
    return signal


def notify_urgent(signal: Signal) -> None:
    """The coordinators working the case, e-mailed at once whatever their digest mode."""
    from sponsorships import notices

    notices.urgent_signal(signal)


@transaction.atomic
def resolve_signal(actor, signal: Signal, resolution: str) -> Signal:
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if signal.resolved_at:
        raise ValidationError(_("This signal was already resolved."))
    if not resolution.strip():
        raise ValidationError({"resolution": _("Say how it was resolved.")})
    signal.resolution = text_limits.fit(resolution, text_limits.DESCRIPTION, field="resolution")
    signal.resolved_at, signal.resolved_by = timezone.now(), actor
    signal.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        obj=signal.sponsorship,
        fields=["signals"],
        summary=f"signal {signal.pk} resolved",
    )
    return signal


# --- evaluations ----------------------------------------------------------------------------


@transaction.atomic
def record_evaluation(actor, sponsorship: Sponsorship, *, kind: str, **fields) -> Evaluation:
    """Interim (moves to interim_done) or closing (moves to the transition step)."""
    if Evaluation.objects.filter(sponsorship=sponsorship, kind=kind).exists():
        raise ValidationError(_("This evaluation was already recorded."))
    if kind == Evaluation.Kind.CLOSING and not fields.get("transition_plan", "").strip():
        raise ValidationError(
            {"transition_plan": _("Describe the transition to self-sufficiency.")}
        )
    if kind == Evaluation.Kind.INTERIM:
        sponsorships.mark_interim_done(actor, sponsorship)
    else:
        sponsorships.start_transition(actor, sponsorship)
    evaluation = Evaluation.objects.create(
        sponsorship=sponsorship, kind=kind, author=actor, **fields
    )
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        obj=sponsorship,
        fields=["evaluations"],
        summary=f"{kind} evaluation",
    )
    return evaluation


# --- the household's feedback link ------------------------------------------------------------

FEEDBACK_LANGUAGES = ("nl", "en", "ar", "uk", "fa")


@transaction.atomic
def create_feedback_link(actor, sponsorship: Sponsorship, language: str) -> FeedbackLink:
    """A new personal link; older links of the sponsorship stop working."""
    if language not in FEEDBACK_LANGUAGES:
        raise ValidationError({"language": _("Choose one of the offered languages.")})
    sponsorship.feedback_links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    link = FeedbackLink.objects.create(
        sponsorship=sponsorship,
        language=language,
        token=secrets.token_urlsafe(32),
        created_by=actor,
    )
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        obj=sponsorship,
        fields=["feedback_links"],
        summary="feedback link created",
    )
    return link


def link_for_token(token: str) -> FeedbackLink | None:
    return (
        FeedbackLink.objects.select_related("sponsorship__group")
        .filter(token=token, revoked_at__isnull=True, sponsorship__status__in=Sponsorship.RUNNING)
        .first()
    )


@transaction.atomic
def household_feedback(
    link: FeedbackLink,
    *,
    wellbeing: str,
    message: str = "",
    category: str = "",
    urgent: bool = False,
) -> CheckIn:
    """Feedback from the household itself: a check-in, and a signal when they name a
    problem (raised by the household; urgent ones reach the coordinator at once)."""
    sponsorship = link.sponsorship
    checkin = CheckIn.objects.create(
        sponsorship=sponsorship,
        by=CheckIn.By.HOUSEHOLD,
        held_on=timezone.localdate(),
        household_wellbeing=wellbeing,
        notes=message[:4000],
    )
    if category:
        raise_signal(
            None,
            sponsorship,
            checkin=checkin,
            category=category,
            severity=Signal.Severity.URGENT if urgent else Signal.Severity.MEDIUM,
            description=message[:4000] or str(Signal.Category(category).label),
            raised_by_household=True,
        )
    audit.record(
        audit.Action.CREATE,
        obj=sponsorship,
        fields=["checkins"],
        summary="household feedback through the personal link",
    )
    return checkin
