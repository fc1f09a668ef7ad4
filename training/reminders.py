"""Reminder rule for training (see sponsorship/reminders.py): a session tomorrow."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sponsorship.notifications import Candidate
from sponsorship.reminders import register, text


@register
def session_tomorrow(today: date) -> Iterator[Candidate]:
    """Every member with a seat (and an account) in a session that starts tomorrow."""
    from training.models import Enrolment

    tz = timezone.get_current_timezone()
    start = datetime.combine(today + timedelta(days=1), time.min, tzinfo=tz)
    enrolments = Enrolment.objects.filter(
        status=Enrolment.Status.ENROLLED,
        session__starts_at__gte=start,
        session__starts_at__lt=start + timedelta(days=1),
        member__user__isnull=False,
        member__active=True,
    ).select_related("session__module", "member__user")
    for enrolment in enrolments:
        session, user = enrolment.session, enrolment.member.user
        starts = timezone.localtime(session.starts_at)
        params = {
            "time": starts.strftime("%H:%M"),
            "module": session.module,
            "place": session.place or session.online_url or "-",
        }
        message = text(
            user.language, _("Training tomorrow at %(time)s: %(module)s, %(place)s"), params
        )
        yield Candidate(user.pk, f"session-tomorrow:{session.pk}", "session_tomorrow", message)
