"""Background work of the training app (thin wrappers around services; they take ids)."""

from celery import shared_task

from training.models import CertificateBundle


@shared_task
def build_session_certificates(bundle_id: int) -> str:
    """Build a session's certificate zip; a failure is recorded on the bundle row."""
    from training.certificates import build_bundle

    bundle = CertificateBundle.objects.select_related("session").get(pk=bundle_id)
    if bundle.status == CertificateBundle.Status.DONE:
        return bundle.file.name  # redelivered after success (late acks): nothing to do
    try:
        return build_bundle(bundle).file.name
    except Exception as exc:
        CertificateBundle.objects.filter(pk=bundle_id).update(
            status=CertificateBundle.Status.FAILED, error=f"{type(exc).__name__}"[:300])
        raise
