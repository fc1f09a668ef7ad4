"""The Celery app. Tasks live in each app's tasks.py, take ids and call services."""

import os

from celery import Celery, Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sponsorship.settings")


class OutboxAwareTask(Task):
    """Every task: a message sent through ``sponsorship.outbox`` claims its row before the
    body runs (a repeat of a row already running or done is skipped) and closes it after."""

    def __call__(self, *args, **kwargs):
        from sponsorship import outbox

        if not self.request.id:  # called directly, in this process
            return super().__call__(*args, **kwargs)
        # None: a message sent without the outbox (beat, tests).
        row = outbox.row_id(self.request.id)
        claimed = outbox.claim(row) if row else None
        if claimed is False:
            return None
        # The tracer pushed this message's request already: run the body directly.
        try:
            result = self.run(*args, **kwargs)
        except Exception as exc:
            if claimed:
                outbox.mark_done(row, exc)
            raise
        if claimed:
            outbox.mark_done(row)
        return result


app = Celery("sponsorship", task_cls=OutboxAwareTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Connects the heartbeat signals before a worker builds its Heart (it reads the receivers
# once, at start).
from sponsorship import worker_health  # noqa: E402, F401
