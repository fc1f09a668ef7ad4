"""Thin Celery tasks: take ids, re-fetch, call the notification code."""

from celery import shared_task


@shared_task
def notify_withdrawal(withdrawal_id: int) -> int:
    """Tell the coordinators that a household withdrew.

    Kept for jobs queued before withdrawals wrote their notices in their own transaction
    (``newcomers.notices.household_withdrew``); a notice already written is not repeated.
    """
    from newcomers.models import Withdrawal
    from newcomers.notices import household_withdrew

    return household_withdrew(Withdrawal.objects.select_related("household").get(pk=withdrawal_id))
