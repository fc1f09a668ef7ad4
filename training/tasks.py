"""Background work of the training app (thin wrappers around services; they take ids)."""

from celery import shared_task

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
        CertificateBundle.objects.filter(pk=bundle_id).update(
            status=CertificateBundle.Status.FAILED, error=f"{type(exc).__name__}"[:300]
        )
        raise


def give_up_bundle(bundle_id: int) -> None:
    """The outbox could not hand the bundle to a worker in time: fail it, never 0 % for ever."""
    CertificateBundle.objects.filter(pk=bundle_id, status=CertificateBundle.Status.PENDING).update(
        status=CertificateBundle.Status.FAILED, error=GAVE_UP[:300]
    )
