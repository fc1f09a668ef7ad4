"""Thin Celery tasks: take ids, re-fetch, call the notification code."""

from celery import shared_task


@shared_task
def notify_withdrawal(withdrawal_id: int) -> int:
    """E-mail the coordinators of the household's town that a household withdrew.

    Sent through the outbox, whose claim runs it once per withdrawal (again only if the
    worker is killed mid-way: a repeated notice beats a lost one).
    """
    from newcomers.notifications import send_withdrawal_notice

    return send_withdrawal_notice(withdrawal_id)
