"""Issue 12: the household form's languages, the information topics, the intake form."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from newcomers.models import Household
from sponsorship.models import AuditEvent
from tests.newcomers.test_newcomer_services import to_consented

S = Household.Status


def _names(html: str) -> list[str]:
    return re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', html)


@pytest.mark.django_db
def test_the_household_form_renders_each_field_once(client_for, case_worker, household):
    client = client_for(case_worker)
    for url in ("/newcomers/new/", f"/newcomers/{household.pk}/edit/"):
        names = [n for n in _names(client.get(url).content.decode()) if n != "csrfmiddlewaretoken"]
        twice = sorted(
            {
                n
                for n in names
                if names.count(n) > 1
                and n not in ("acceptable_municipalities", "interests", "vulnerabilities")
            }
        )  # checkbox groups
        assert twice == [], url
        assert "language_1" in names and "level_4" in names


@pytest.mark.django_db
def test_the_information_topics_start_unticked(client_for, coordinator, household):
    client = client_for(coordinator)
    client.post(f"/newcomers/{household.pk}/pre-select/")
    html = client.get(f"/newcomers/{household.pk}/information/").content.decode()
    topics = re.findall(r'<input[^>]*name="topics"[^>]*>', html)
    assert len(topics) >= 4
    assert not any("checked" in tag for tag in topics)


@pytest.mark.django_db
def test_the_intake_has_a_form_with_date_interviewer_and_notes(client_for, coordinator, household):
    to_consented(household, coordinator)
    client = client_for(coordinator)
    detail = client.get(f"/newcomers/{household.pk}/").content.decode()
    assert f"/newcomers/{household.pk}/intake/" in detail
    assert "/transition/" not in detail  # no bare button, and no such URL any more
    response = client.post(f"/newcomers/{household.pk}/transition/", {"to": "intake_held"})
    assert response.status_code == 404
    household.refresh_from_db()
    assert household.status == S.CONSENTED

    bad = client.post(
        f"/newcomers/{household.pk}/intake/",
        {"held_on": "2999-01-01", "interviewer": coordinator.pk, "notes": "x" * 5000},
    )
    assert bad.status_code == 200
    assert {"held_on", "notes"} <= set(bad.context["form"].errors)

    held_on = timezone.localdate() - timedelta(days=3)
    response = client.post(
        f"/newcomers/{household.pk}/intake/",
        {
            "held_on": held_on.isoformat(),
            "interviewer": coordinator.pk,
            "notes": "Wants to live near a mosque; eldest daughter studies nursing.",
        },
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.status == S.INTAKE_HELD
    assert household.intake_held_on == held_on
    assert household.intake_interviewer == coordinator
    assert household.intake_notes.startswith("Wants to live")
    event = AuditEvent.objects.filter(
        summary="household.record_intake: consented -> intake_held"
    ).get()
    assert set(event.fields) >= {"intake_held_on", "intake_interviewer", "intake_notes"}
    assert "mosque" not in str(event.__dict__)  # names only, never values


@pytest.mark.django_db
def test_the_intake_form_for_a_household_that_has_not_consented(client_for, coordinator, household):
    response = client_for(coordinator).post(
        f"/newcomers/{household.pk}/intake/",
        {"held_on": timezone.localdate().isoformat(), "interviewer": coordinator.pk},
    )
    assert response.status_code == 200
    assert "consented" in response.content.decode()
    household.refresh_from_db()
    assert household.status == S.IDENTIFIED
