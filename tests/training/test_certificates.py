"""Certificates: the PDF's text read back, Arabic and Ukrainian names, the verification
page, and the zip of a session built by a real Celery worker."""

import io
import time
import zipfile
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from groups.models import SponsorGroup
from sponsorship import statemachine as sm
from tests.groups.factories import GroupMemberFactory, SponsorGroupFactory
from tests.training.factories import EnrolmentFactory, TrainingSessionFactory, completion
from training import completions, verification
from training.certificates import render_certificate
from training.models import CertificateBundle


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _fonts(pdf: bytes) -> set[str]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}


@pytest.mark.django_db
def test_certificate_states_name_module_and_date_in_the_members_language(
    training_group, module, group_member
):
    member = GroupMemberFactory(group=training_group, user=group_member, name="Marloes Visser")
    group_member.language = "en"
    group_member.save()
    done = completion(member, module, completed_on=date(2026, 3, 14))
    text = _text(render_certificate(done))
    assert "Marloes Visser" in text
    assert "Start training" in text and "Starttraining" not in text
    assert "14 March 2026" in text
    assert done.verification_code in text


@pytest.mark.django_db
def test_certificate_defaults_to_dutch(training_group, module, dutch):
    done = completion(training_group.members.first(), module, completed_on=date(2026, 3, 14))
    text = _text(render_certificate(done))
    assert "Starttraining" in text and "14 maart 2026" in text


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["أمل حداد", "Олена Коваленко"])
def test_certificate_renders_arabic_and_ukrainian_names(training_group, module, name):
    member = GroupMemberFactory(group=training_group, name=name)
    pdf = render_certificate(completion(member, module))
    assert name in _text(pdf)
    # Drawn with a font that has these glyphs (no .notdef boxes from a fallback).
    assert any("DejaVu" in font for font in _fonts(pdf))


@pytest.mark.django_db
def test_verification_accepts_a_real_code_and_rejects_a_changed_one(client, training_group, module):
    member = GroupMemberFactory(group=training_group, name="Amal Haddad")
    done = completion(member, module, completed_on=date(2026, 3, 14))
    response = client.get(reverse("training:verify", args=[done.verification_code]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-valid="true"' in body and "A. H." in body and "Amal" not in body
    code = done.verification_code
    changed = code[:-1] + ("A" if code[-1] != "A" else "B")
    response = client.get(reverse("training:verify", args=[changed]))
    assert response.status_code == 404 and 'data-valid="false"' in response.content.decode()


@pytest.mark.django_db
def test_a_code_whose_record_was_altered_no_longer_verifies(training_group, module):
    done = completion(training_group.members.first(), module)
    assert verification.verify(done.verification_code.lower().replace("-", "")) == done
    type(done).objects.filter(pk=done.pk).update(holder_name="Someone Else")
    assert verification.verify(done.verification_code) is None


@pytest.mark.django_db
def test_the_verify_form_normalises_and_redirects(client):
    response = client.get(reverse("training:verify_form"), {"code": " abcd efgh "})
    assert response.status_code == 302
    assert response.url == reverse("training:verify", args=["ABCD-EFGH"])


@pytest.mark.django_db
def test_member_downloads_own_certificate_but_not_anothers(
    client_for, training_group, module, own_member, group_member
):
    mine = completion(own_member, module)
    other = completion(training_group.members.exclude(pk=own_member.pk).first(), module)
    client = client_for(group_member)
    response = client.get(reverse("training:certificate", args=[mine.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Persona Member" in _text(response.content)
    assert client.get(reverse("training:certificate", args=[other.pk])).status_code == 404


@pytest.mark.django_db
def test_correcting_attendance_withdraws_the_certificate(session, training_group, coordinator):
    enrolment = EnrolmentFactory(session=session, member=training_group.members.first())
    TrainingSessionFactory._meta.model.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now()
    )
    completions.register_attendance(session, coordinator, {enrolment.pk})
    code = enrolment.completion.verification_code
    assert verification.verify(code) is not None
    completions.register_attendance(session, coordinator, set())
    assert verification.verify(code) is None
    assert [r.operation for r in sm.history(enrolment)] == ["attend", "mark_absent"]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_session_zip_is_built_by_the_worker_with_progress(
    celery_worker_process, client_for, coordinator, town, programme, module
):
    group = SponsorGroupFactory(
        municipality=town, programme=programme, members=3, status=SponsorGroup.Status.IN_TRAINING
    )
    session = TrainingSessionFactory(
        module=module, municipality=town, starts_at=timezone.now() - timedelta(hours=4)
    )
    present = {EnrolmentFactory(session=session, member=m).pk for m in group.members.all()}
    completions.register_attendance(session, coordinator, present)
    client = client_for(coordinator)
    response = client.post(reverse("training:bundle_start", args=[session.pk]))
    bundle = CertificateBundle.objects.get(session=session)
    assert response.url == reverse("training:bundle_status", args=[bundle.pk])
    deadline = timezone.now() + timedelta(seconds=60)
    while not bundle.finished and timezone.now() < deadline:
        time.sleep(0.2)
        bundle.refresh_from_db()
    assert bundle.status == CertificateBundle.Status.DONE, bundle.error
    assert (bundle.done, bundle.total, bundle.percent) == (3, 3, 100)
    assert [r.operation for r in sm.history(bundle)] == ["start", "finish"]
    fragment = client.get(
        reverse("training:bundle_status", args=[bundle.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "hx-trigger" not in fragment and "bundle-download" in fragment
    download = client.get(reverse("training:bundle_download", args=[bundle.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = sorted(m.name for m in group.members.all())
    assert len(archive.namelist()) == 3
    texts = [_text(archive.read(n)) for n in archive.namelist()]
    assert all(any(name in t for t in texts) for name in names)
    bundle.file.delete(save=False)
