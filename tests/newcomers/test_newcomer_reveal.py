"""Sensitive values on demand: the household page masks them; a reveal asks the purpose and
writes exactly one view_sensitive event naming only the non-empty fields it showed."""

import pytest

from newcomers.models import Household, Withdrawal
from newcomers.sensitivity import sensitive_field_names
from sponsorship.models import AuditEvent
from tests.newcomers.test_newcomer_sensitivity import SECRETS, assert_no_secret, views_of

pytestmark = pytest.mark.django_db


def reveal_post(client, household, field, purpose="care", htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        f"/newcomers/{household.pk}/reveal/",
        {"field": field, "purpose": purpose},
        headers=headers,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_the_detail_page_masks_the_values_and_audits_nothing(client_for, household, case_worker):
    response = client_for(case_worker).get(f"/newcomers/{household.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert_no_secret(page)
    assert 'name="field" value="religion"' in page  # a "show" button per filled field
    # intake_notes is empty in the factory: a dash, no button.
    assert 'name="field" value="intake_notes"' not in page
    assert 'data-field="intake_notes">—' in page
    assert not views_of(household).exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_revealing_one_field_shows_it_and_audits_just_it(client_for, household, case_worker, htmx):
    response = reveal_post(client_for(case_worker), household, "religion", "matching", htmx)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Syriac Orthodox" in page
    assert "Father uses a crutch" not in page and "Haddad" not in page
    event = views_of(household).get()
    assert event.fields == ["religion"]
    assert "matching" in event.summary and "Syriac" not in event.summary
    if htmx:  # the section alone, swapped in place
        assert page.lstrip().startswith('<section class="card" id="sensitive-section"')


def test_revealing_all_names_only_the_filled_fields(client_for, household, case_worker):
    household.intake_notes = ""
    household.save(update_fields=["intake_notes"])
    page = reveal_post(client_for(case_worker), household, "all", "correction").content.decode()
    assert all(s in page for s in SECRETS)
    event = views_of(household).get()
    assert "intake_notes" not in event.fields
    assert "withdrawal.reason" not in event.fields  # no withdrawal: empty, never named
    assert set(event.fields) == (set(sensitive_field_names(Household)) - {"intake_notes"}) | {
        f"householdidentity.{n}"
        for n in (
            "family_name",
            "given_names",
            "name_native_script",
            "other_members",
            "phone",
            "email",
            "address",
            "unhcr_case_number",
        )
    }
    assert "purpose: correction" in event.summary


def test_an_empty_field_cannot_be_revealed(client_for, household, case_worker):
    response = reveal_post(client_for(case_worker), household, "intake_notes")
    assert "There is nothing to show" in response.content.decode()
    assert not views_of(household).exists()


@pytest.mark.parametrize("purpose", ["", "because I want to", "Syriac Orthodox"])
def test_a_reveal_needs_a_purpose_from_the_list(client_for, household, case_worker, purpose):
    response = reveal_post(client_for(case_worker), household, "religion", purpose)
    page = response.content.decode()
    assert "Choose why you need to see this." in page
    assert_no_secret(page)
    assert not views_of(household).exists()


def test_without_case_access_a_reveal_is_refused(client_for, household, colleague):
    response = reveal_post(client_for(colleague), household, "all")
    assert response.status_code == 403
    assert_no_secret(response.content.decode())
    assert not views_of(household).exists()
    assert AuditEvent.objects.filter(action="permission_denied", actor=colleague).exists()


def test_outside_the_scope_a_reveal_is_not_found(client_for, household, other_coordinator):
    response = reveal_post(client_for(other_coordinator), household, "all")
    assert response.status_code == 404
    assert not views_of(household).exists()


def test_a_reveal_is_a_post(client_for, household, case_worker):
    response = client_for(case_worker).get(f"/newcomers/{household.pk}/reveal/")
    assert response.status_code == 405
    assert not views_of(household).exists()


def test_the_withdrawal_reason_is_revealed_like_the_others(
    client_for, household, case_worker, colleague
):
    from datetime import date

    from newcomers import services

    services.withdraw(
        household, actor=case_worker, withdrawn_on=date(2026, 10, 5), reason="Afraid of the cold"
    )
    client = client_for(case_worker)
    assert "Afraid" not in client.get(f"/newcomers/{household.pk}/").content.decode()
    assert not views_of(household).exists()
    page = reveal_post(client, household, "withdrawal.reason").content.decode()
    assert "Afraid of the cold" in page
    assert views_of(household).get().fields == ["withdrawal.reason"]
    assert Withdrawal.objects.filter(household=household).count() == 1


def test_opening_the_edit_form_is_a_reveal_for_correction(client_for, household, case_worker):
    household.intake_notes = ""
    household.save(update_fields=["intake_notes"])
    response = client_for(case_worker).get(f"/newcomers/{household.pk}/edit/")
    assert "Syriac Orthodox" in response.content.decode()
    event = views_of(household).get()
    assert set(event.fields) == set(sensitive_field_names(Household)) - {"intake_notes"}
    assert "purpose: correction" in event.summary
