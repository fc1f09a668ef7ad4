"""Background work of the groups app (thin wrappers around services)."""

from celery import shared_task

from groups import application


@shared_task
def purge_expired_drafts() -> int:
    """Delete expired application drafts; schedule daily (CELERY_BEAT_SCHEDULE)."""
    return application.purge_expired_drafts()
