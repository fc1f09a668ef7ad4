"""What waits on the home page (sponsorship/queue.py) from training.

Coordinators: e-learning reports to confirm, and trainings that run out for groups still
on their way to matching. Members: the required modules they have not (validly) done.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import DateField, Exists, F, Func, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import SponsorGroup
from sponsorship.queue import THRESHOLDS, QueueItem, due_text, entries, summarise, waiting_text
from training.models import Completion, TrainingModule

# Training counts for readiness until the group is matched; after that expiry is moot.
PRE_MATCHING = (
    SponsorGroup.Status.APPROVED,
    SponsorGroup.Status.IN_TRAINING,
    SponsorGroup.Status.READY_FOR_MATCHING,
)


class AddMonths(Func):
    """``date + n months`` in SQL; PostgreSQL clamps to the month's end as add_months does."""

    output_field = DateField()

    def as_sql(self, compiler, connection, **extra):
        day, day_params = compiler.compile(self.source_expressions[0])
        months, month_params = compiler.compile(self.source_expressions[1])
        return (
            f"(({day}) + make_interval(months => ({months})::int))::date",
            [*day_params, *month_params],
        )


def _latest_with_expiry(qs):
    """Confirmed completions that are the member's latest of their module, with ``expires``."""
    newer = Completion.objects.filter(
        member=OuterRef("member"),
        module=OuterRef("module"),
        confirmed_at__isnull=False,
        completed_on__gt=OuterRef("completed_on"),
    )
    return (
        qs.filter(confirmed_at__isnull=False, module__validity_months__isnull=False)
        .filter(~Exists(newer))
        .annotate(expires=AddMonths(F("completed_on"), F("module__validity_months")))
    )


def reports_to_confirm(request):
    today = timezone.localdate()
    qs = Completion.objects.visible_to(request.user).filter(
        confirmed_at__isnull=True, source=Completion.Source.E_LEARNING
    )
    count, oldest = summarise(qs, "reported_at")
    if not count:
        return None
    return QueueItem(
        key="reports",
        order=25,
        label=_("E-learning reports to confirm"),
        count=count,
        url=reverse("training:reports"),
        age=waiting_text(oldest, today),
        entries=entries(
            qs.select_related("member", "module").order_by("reported_at", "pk"),
            lambda c: f"{c.member.name}: {c.module.name}",
            lambda c: reverse("training:reports"),
            lambda c: waiting_text(c.reported_at, today),
        ),
    )


def trainings_expiring(request):
    today = timezone.localdate()
    horizon = today + timedelta(days=THRESHOLDS.expiry_warning_days)
    qs = _latest_with_expiry(
        Completion.objects.visible_to(request.user).filter(
            member__active=True, member__group__status__in=PRE_MATCHING
        )
    ).filter(expires__lte=horizon)
    count, soonest = summarise(qs, "expires")
    if not count:
        return None
    return QueueItem(
        key="trainings",
        order=55,
        label=_("Trainings running out"),
        count=count,
        url=reverse("training:session_list"),
        age=due_text(soonest, today),
        due=True,
        entries=entries(
            qs.select_related("member__group", "module").order_by("expires", "pk"),
            lambda c: f"{c.member.name} ({c.member.group.name}): {c.module.name}",
            lambda c: reverse("training:group_progress", args=[c.member.group_id]),
            lambda c: due_text(c.expires, today),
        ),
    )


def my_training(request):
    """Required modules of the member's programme without a valid completion of theirs."""
    today = timezone.localdate()
    # Once the group passed the readiness check, training is no longer its next step.
    groups = SponsorGroup.objects.visible_to(request.user).filter(
        status__in=[SponsorGroup.Status.APPROVED, SponsorGroup.Status.IN_TRAINING]
    )
    valid = Completion.objects.filter(
        module=OuterRef("pk"),
        member__user=request.user,
        member__active=True,
        confirmed_at__isnull=False,
    ).annotate(expires=AddMonths(F("completed_on"), F("module__validity_months")))
    valid = valid.filter(module__validity_months__isnull=True) | valid.filter(expires__gt=today)
    # "At least N members" modules are the group's choice of who goes: only modules every
    # member must do are this member's own duty.
    qs = (
        TrainingModule.objects.required()
        .filter(
            scope=TrainingModule.Scope.EVERY_MEMBER, programme__in=groups.values("programme_id")
        )
        .filter(~Exists(valid))
    )
    count, _oldest = summarise(qs, "pk")
    if not count:
        return None
    return QueueItem(
        key="my_training",
        order=30,
        label=_("Training still to complete"),
        count=count,
        url=reverse("training:mine"),
        entries=entries(
            qs.order_by("pk"), lambda m: m.name, lambda m: reverse("training:mine"), lambda m: ""
        ),
    )
