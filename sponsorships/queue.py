"""What waits on the home page (sponsorship/queue.py): plans and signals.

Coordinators: plans to review, urgent and other open signals. Members: a plan to write.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sponsorship.queue import entries, waiting, waiting_text
from sponsorships.monitoring_models import Signal
from sponsorships.plan_models import ResettlementPlan
from sponsorships.sponsorship_models import Sponsorship


def plans_to_review(request):
    today = timezone.localdate()
    qs = ResettlementPlan.objects.visible_to(request.user).filter(
        status=ResettlementPlan.Status.SUBMITTED
    )
    qs = qs.exclude(sponsorship__status__in=Sponsorship.CLOSED)  # nothing left to review
    return waiting(
        qs,
        "submitted_at",
        today,
        key="plans",
        order=20,
        label=_("Resettlement plans to review"),
        url=reverse("sponsorships:sponsorships"),
        rows=lambda: entries(
            qs.select_related("sponsorship__group").order_by("submitted_at", "pk"),
            lambda p: p.sponsorship.group.name,
            lambda p: reverse("sponsorships:plan_review", args=[p.pk]),
            lambda p: waiting_text(p.submitted_at, today),
        ),
    )


def _signals(request, *, urgent: bool):
    today = timezone.localdate()
    qs = Signal.objects.visible_to(request.user).filter(resolved_at__isnull=True)
    qs = (
        qs.filter(severity=Signal.Severity.URGENT)
        if urgent
        else qs.exclude(severity=Signal.Severity.URGENT)
    )
    return waiting(
        qs,
        "created_at",
        today,
        key="urgent_signals" if urgent else "signals",
        order=5 if urgent else 30,
        urgent=urgent,
        label=_("Urgent signals") if urgent else _("Open signals"),
        url=reverse("sponsorships:sponsorships"),
        rows=lambda: entries(
            qs.select_related("sponsorship__group").order_by("created_at", "pk"),
            lambda s: f"{s.sponsorship.group.name} · {s.get_category_display()}",
            lambda s: reverse("sponsorships:sponsorship", args=[s.sponsorship_id]),
            lambda s: waiting_text(s.created_at, today),
        ),
    )


def urgent_signals(request):
    return _signals(request, urgent=True)


def open_signals(request):
    return _signals(request, urgent=False)


def plan_to_write(request):
    """The own group's plan while it is a draft or came back with comments."""
    today = timezone.localdate()
    qs = ResettlementPlan.objects.visible_to(request.user).filter(
        status__in=ResettlementPlan.EDITABLE, sponsorship__status="pre_arrival"
    )
    return waiting(
        qs,
        "updated_at",
        today,
        key="plan_to_write",
        order=20,
        label=_("Resettlement plan to write and submit"),
        url=reverse("groups:workspace"),
        rows=lambda: entries(
            qs.select_related("sponsorship__group").order_by("pk"),
            lambda p: f"{p.sponsorship.group.name}: {p.get_status_display()}",
            lambda p: reverse("sponsorships:plan", args=[p.pk]),
            lambda p: waiting_text(p.decided_at or p.updated_at, today),
        ),
    )
