"""Browser journey: a member enrols, a coordinator registers attendance, the group becomes
ready for matching, and the member downloads the certificate."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from groups.models import SponsorGroup
from tests.browser import login, logout
from tests.training.factories import completion
from training.models import TrainingSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_enrol_attend_ready_and_certificate(
    page, coordinator, group_member, training_group, own_member, session
):
    for member in training_group.members.exclude(pk=own_member.pk):
        completion(member, session.module)  # the others trained earlier

    login(page, group_member.email)
    page.goto("/training/mine/")
    page.click(f"#upcoming-sessions a[href='/training/sessions/{session.pk}/']")
    page.click("#my-enrolment button[type=submit]")
    assert page.locator("#my-enrolment form[action$='/cancel/']").count() == 1
    logout(page)

    # The day of the session comes.
    starts = timezone.now() - timedelta(hours=3)
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    login(page, coordinator.email)
    page.goto(f"/training/sessions/{session.pk}/attendance/")
    page.check("input[name=present]")
    page.click("main form.card button[type=submit]")
    assert page.locator("input[name=present]").is_checked()
    page.goto(f"/training/groups/{training_group.pk}/")
    page.click("#mark-ready")
    page.wait_for_load_state()
    training_group.refresh_from_db()
    assert training_group.status == SponsorGroup.Status.READY_FOR_MATCHING
    assert page.locator("#group-status").inner_text() == "Ready for matching"
    logout(page)

    login(page, group_member.email)
    page.goto("/training/mine/")
    with page.expect_download() as info:
        page.click("#my-completions a[href$='.pdf']")
    pdf = PdfReader(io.BytesIO(Path(info.value.path()).read_bytes()))
    text = pdf.pages[0].extract_text()
    assert "Persona Member" in text and "Starttraining" in text
