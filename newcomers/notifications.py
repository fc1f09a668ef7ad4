"""E-mails about newcomer households. They name the pseudonym and reference only."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation

from newcomers.models import CaseAccess, Withdrawal
from sponsorship.links import absolute_reverse


def coordinators_for(household):
    """Who must act on a withdrawal: coordinators holding case access, and the local
    partner's coordinators of the household's town."""
    from sponsorship.models import Role, User

    case_users = CaseAccess.objects.active().filter(household=household).values("user_id")
    return (
        User.objects.filter(
            Q(pk__in=case_users) | Q(scope_municipalities=household.municipality_id),
            is_active=True,
            role=Role.COORDINATOR,
        )
        .distinct()
        .order_by("email")
    )


def send_withdrawal_notice(withdrawal_id: int) -> int:
    """Send one e-mail per coordinator, in their language; returns how many were sent."""
    withdrawal = Withdrawal.objects.select_related("household").get(pk=withdrawal_id)
    household = withdrawal.household
    url = absolute_reverse("newcomers:household_detail", household.pk)
    sent = 0
    for user in coordinators_for(household):
        context = {"household": household, "withdrawal": withdrawal, "url": url, "user": user}
        with translation.override(user.language):
            subject = render_to_string("newcomers/email/withdrawal_subject.txt", context)
            body = render_to_string("newcomers/email/withdrawal_body.txt", context)
        sent += send_mail(subject.strip(), body, None, [user.email])
    return sent
