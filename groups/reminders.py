"""Reminder rules for groups (see sponsorship/reminders.py); the sponsorships' own are
in sponsorships/reminders.py.

Each key names the duty and the date it is about, so a rule repeated on the same day, or
on later days while the duty is still open, never reminds the same person twice about
the same thing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groups.models import GroupMember, SponsorGroup
from groups.notices import coordinators_of
from sponsorship.notifications import Candidate
from sponsorship.reminders import register, text


def candidates(users, kind, key, message, params, url) -> Iterator[Candidate]:
    for user in users:
        yield Candidate(user.pk, key, kind, text(user.language, message, params), url=url)


@register
def vog_missing(today: date) -> Iterator[Candidate]:
    """Coordinators, once a week per group: members without a certificate of conduct."""
    year, week, _day = today.isocalendar()
    missing = (
        GroupMember.objects.filter(active=True, group__status__in=SponsorGroup.OPEN_STATES)
        .filter(vog_received_on__isnull=True)
        .values_list("group_id", flat=True)
    )
    for group in SponsorGroup.objects.filter(pk__in=set(missing)):
        message = _("Certificates of conduct (VOG) are missing for members of %(group)s.")
        params = {"group": group.name}
        yield from candidates(
            coordinators_of(group),
            "vog_missing",
            f"vog-missing:{group.pk}:{year}-W{week:02d}",
            message,
            params,
            reverse("groups:detail", args=[group.pk]),
        )
