"""Certificates of participation (PDF, in the member's language) and session bundles."""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import formats, timezone, translation
from django.utils.text import slugify

from sponsorship import statemachine as sm
from sponsorship.links import absolute_reverse
from sponsorship.pdf import render_pdf
from training.machines import BUNDLE
from training.models import CertificateBundle, Completion

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def certificate_language(completion: Completion) -> str:
    """The member's portal language; the default for members without an account."""
    user = completion.member.user
    language = user.language if user else settings.LANGUAGE_CODE
    return language if language in SUPPORTED else settings.LANGUAGE_CODE


def certificate_context(completion: Completion, language: str) -> dict:
    module = completion.module
    with translation.override(language):
        # A certificate is formal: the date written out ("14 maart 2026"), not the portal's
        # compact "za 14 mrt 2026".
        completed_on = formats.date_format(completion.completed_on, "j F Y")
    session = completion.enrolment.session if completion.enrolment_id else None
    return {
        "holder_name": completion.holder_name,
        "module_name": module.name_in(language),
        "is_e_learning": completion.source == Completion.Source.E_LEARNING,
        "programme": module.programme.name,
        "completed_on": completed_on,
        "trainer": session.trainer if session else "",
        "code": completion.verification_code,
        "verify_url": absolute_reverse("training:verify", completion.verification_code),
    }


def render_certificate(completion: Completion) -> bytes:
    """The PDF certificate of a confirmed completion."""
    if not completion.is_confirmed:
        raise ValueError("only confirmed completions have a certificate")
    language = certificate_language(completion)
    return render_pdf(
        "training/pdf/certificate.html",
        certificate_context(completion, language),
        language=language,
    )


def certificate_filename(completion: Completion) -> str:
    name = slugify(completion.holder_name) or f"member-{completion.member_id}"
    return f"certificate-{completion.module.code}-{name}-{completion.pk}.pdf"


def session_completions(session):
    return (
        Completion.objects.confirmed()
        .filter(enrolment__session=session)
        .select_related("module__programme", "member__user", "enrolment__session")
        .order_by("holder_name", "pk")
    )


def build_bundle(bundle: CertificateBundle) -> CertificateBundle:
    """Render every certificate of the bundle's session into one zip, counting progress.

    Progress is written to the bundle row after each certificate (a separate, committed
    update each time) so the page polling it sees the count grow.
    """
    completions = list(session_completions(bundle.session))
    # Committed at once (no surrounding transaction): the polling page sees the total.
    sm.apply(BUNDLE, bundle, "start", actor=None, fields={"total": len(completions), "done": 0})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for completion in completions:
            archive.writestr(certificate_filename(completion), render_certificate(completion))
            CertificateBundle.objects.filter(pk=bundle.pk).update(done=F("done") + 1)
    bundle.refresh_from_db()
    bundle.file.save(
        f"session-{bundle.session_id}-{bundle.pk}.zip", ContentFile(buffer.getvalue()), save=False
    )
    fields = {"file": bundle.file.name, "finished_at": timezone.now()}
    return sm.apply(BUNDLE, bundle, "finish", actor=None, fields=fields)


def request_bundle(session, actor) -> CertificateBundle:
    """Queue a zip of the session's certificates; the task starts after the commit."""
    from django.db import transaction

    from sponsorship import audit, outbox
    from training.tasks import build_session_certificates

    with transaction.atomic():
        bundle = CertificateBundle.objects.create(session=session, requested_by=actor)
        audit.record(
            audit.Action.EXPORT,
            actor=actor,
            obj=session,
            fields=["certificates"],
            summary=f"certificate bundle {bundle.pk} requested",
        )
        outbox.enqueue(build_session_certificates, bundle.pk)
    return bundle
