"""Background work of the training app (thin wrappers around services; they take ids)."""

from celery import shared_task
from django.db import transaction

from sponsorship import statemachine as sm
from training.machines import BUNDLE
from training.models import CertificateBundle

GAVE_UP = "no worker started it in time (the background service was unreachable or busy)"


@shared_task(outbox_give_up="training.tasks.give_up_bundle")
def build_session_certificates(bundle_id: int) -> str:
    """Build a session's certificate zip; a failure is recorded on the bundle row.

    Idempotent: a finished bundle is left alone; a redelivered one is built again from the
    start (build_bundle resets the count and replaces the file).
    """
    from training.certificates import build_bundle

    bundle = CertificateBundle.objects.select_related("session").get(pk=bundle_id)
    if bundle.finished:
        return bundle.file.name  # redelivered after the end (late acks, outbox give-up)
    try:
        return build_bundle(bundle).file.name
    except Exception as exc:
        _fail(bundle_id, f"{type(exc).__name__}"[:300])
        raise


def give_up_bundle(bundle_id: int) -> None:
    """The outbox could not hand the bundle to a worker in time: fail it, never 0 % for ever."""
    _fail(bundle_id, GAVE_UP[:300], only_from=CertificateBundle.Status.PENDING)


def _fail(bundle_id: int, error: str, only_from: str | None = None) -> None:
    """Fail the bundle under its row lock, unless it already finished (or left ``only_from``)."""
    with transaction.atomic():
        bundle = CertificateBundle.objects.select_for_update().get(pk=bundle_id)
        if (only_from and bundle.status != only_from) or BUNDLE.find(bundle.status, "fail") is None:
            return
        sm.apply(
            BUNDLE, bundle, "fail", actor=None, reason=error, fields={"error": error}, locked=True
        )
