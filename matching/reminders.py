"""Reminder rules of matching (see sponsorship/reminders.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.models import MatchProposal
from sponsorship.models import Role, User
from sponsorship.notifications import Candidate
from sponsorship.reminders import register, text

REVIEW_WORKING_DAYS = 5


def working_days_between(start: date, end: date) -> int:
    """Monday-to-Friday days after ``start`` up to and including ``end``."""
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        days += day.weekday() < 5
    return days


@register
def municipal_review_pending(today: date) -> Iterator[Candidate]:
    """Municipal staff: a match waits for their decision more than 5 working days."""
    # A proposal whose home was withdrawn waits for the coordinator, not the municipality.
    sent = MatchProposal.objects.filter(
        status=MatchProposal.Status.SENT, home_withdrawn_at__isnull=True
    ).select_related("offer", "household")
    for proposal in sent:
        sent_on = timezone.localdate(proposal.sent_at)
        if working_days_between(sent_on, today) <= REVIEW_WORKING_DAYS:
            continue
        message = _("Match proposal %(reference)s waits for your decision since %(date)s.") % {
            "reference": proposal.household.reference,
            "date": sent_on,
        }
        staff = User.objects.filter(
            role=Role.MUNICIPAL_STAFF,
            is_active=True,
            municipality_id=proposal.offer.municipality_id,
        )
        for user in staff:
            # The key names the proposal and the day it was sent: one reminder per sending.
            yield Candidate(
                user.pk,
                f"match-review:{proposal.pk}:{sent_on}",
                "match_review",
                text(user.language, message),
                url=reverse("matching:dossier", args=[proposal.pk]),
            )
