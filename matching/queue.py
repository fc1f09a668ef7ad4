"""What waits on the home page (sponsorship/queue.py) from matching.

Coordinators: proposals to accept or send. Municipal staff: matches sent to their
municipality that wait for a decision, oldest first with their age. Members: an approved
match that waits for the group's confirmation.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.models import MatchProposal
from sponsorship.queue import entries, waiting, waiting_text

S = MatchProposal.Status


def _proposal_label(p) -> str:
    return f"{p.household.pseudonym} · {p.group.name}"


def proposals_waiting(request):
    today = timezone.localdate()
    qs = MatchProposal.objects.visible_to(request.user).filter(status__in=[S.PROPOSED, S.ACCEPTED])
    return waiting(
        qs,
        "status_changed_at",
        today,
        key="proposals",
        order=40,
        label=_("Match proposals to accept or send"),
        url=reverse("matching:proposal_list") + "?status=proposed&status=accepted",
        rows=lambda: entries(
            qs.select_related("group", "household").order_by("status_changed_at", "pk"),
            _proposal_label,
            lambda p: reverse("matching:proposal_detail", args=[p.pk]),
            lambda p: waiting_text(p.status_changed_at, today),
        ),
    )


def homes_withdrawn(request):
    """Coordinators: open proposals whose home was withdrawn (another home, or withdraw)."""
    from matching.propagation import flagged

    today = timezone.localdate()
    qs = flagged(MatchProposal.objects.visible_to(request.user))
    return waiting(
        qs,
        "home_withdrawn_at",
        today,
        key="homes_withdrawn",
        order=35,
        label=_("Match proposals whose home was withdrawn"),
        url=reverse("matching:proposal_list"),
        rows=lambda: entries(
            qs.select_related("group", "household").order_by("home_withdrawn_at", "pk"),
            _proposal_label,
            lambda p: reverse("matching:proposal_detail", args=[p.pk]),
            lambda p: waiting_text(p.home_withdrawn_at, today),
        ),
    )


def decisions_pending(request):
    """Municipal staff: matches sent to their municipality, waiting for their decision."""
    today = timezone.localdate()
    qs = MatchProposal.objects.visible_to(request.user).filter(status=S.SENT)
    return waiting(
        qs,
        "sent_at",
        today,
        key="decisions",
        order=10,
        label=_("Matches waiting for your decision"),
        url=reverse("matching:proposal_list") + "?status=sent",
        rows=lambda: entries(
            qs.select_related("group", "household").order_by("sent_at", "pk"),
            _proposal_label,
            lambda p: reverse("matching:dossier", args=[p.pk]),
            lambda p: waiting_text(p.sent_at, today),
            limit=5,
        ),
    )


def match_to_confirm(request):
    """Members: the municipality approved; the group has not confirmed yet."""
    today = timezone.localdate()
    qs = MatchProposal.objects.visible_to(request.user).filter(
        status=S.APPROVED, group_confirmed_at__isnull=True
    )
    return waiting(
        qs,
        "decided_at",
        today,
        key="match_to_confirm",
        order=15,
        label=_("A match waits for your group's answer"),
        url=reverse("matching:my_matches"),
        rows=lambda: entries(
            qs.select_related("group").order_by("decided_at", "pk"),
            lambda p: p.group.name,
            lambda p: reverse("matching:my_match", args=[p.pk]),
            lambda p: waiting_text(p.decided_at, today),
        ),
    )
