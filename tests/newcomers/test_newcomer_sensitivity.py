"""Sensitive fields are hidden from every role without case access, everywhere, and every
view of them writes exactly one audit event."""

import csv
import io

import pytest

from newcomers.models import CaseAccess, Household, HouseholdIdentity, Withdrawal
from newcomers.sensitivity import (
    can_see_sensitive,
    case_household_ids,
    reveal,
    sensitive_field_names,
)
from sponsorship.models import AuditEvent

# Values of the factories' sensitive fields; none may appear without case access.
SECRETS = [
    "Insulin-dependent",
    "Father uses a crutch",
    "Syriac Orthodox",
    "Aleppo, urban",
    "Haddad",
    "رامي",
    "+961 3 123 456",
    "LEB-21C04567",
    "Hamra Street",
]


def views_of(household):
    return AuditEvent.objects.filter(action="view_sensitive", object_id=str(household.pk))


def assert_no_secret(text):
    leaked = [s for s in SECRETS if s in text]
    assert not leaked, f"sensitive values leaked: {leaked}"


def test_sensitive_fields_are_declared_once_on_the_models():
    assert set(sensitive_field_names(Household)) == {
        "nationality",
        "accessibility_notes",
        "vulnerabilities",
        "vulnerability_notes",
        "religion",
        "cultural_background",
        "intake_notes",
    }
    identity = {f.name for f in HouseholdIdentity._meta.concrete_fields} - {"id", "household"}
    assert set(sensitive_field_names(HouseholdIdentity)) == identity
    assert sensitive_field_names(Withdrawal) == ("reason",)


@pytest.mark.django_db
def test_case_access_needs_a_grant_and_the_scope(
    household, coordinator, case_worker, colleague, other_coordinator, administrator
):
    assert can_see_sensitive(case_worker, household)
    assert not can_see_sensitive(colleague, household)
    assert not can_see_sensitive(administrator, household)
    # A grant to someone who no longer works in the town gives nothing.
    CaseAccess.objects.create(household=household, user=other_coordinator)
    assert not can_see_sensitive(other_coordinator, household)


@pytest.mark.django_db
def test_revoked_case_access_ends_visibility(household, case_worker, administrator):
    from newcomers import caseaccess

    access = CaseAccess.objects.get(user=case_worker)
    caseaccess.revoke(access, actor=administrator)
    case_worker.__dict__.pop("_case_household_ids", None)
    assert not can_see_sensitive(case_worker, household)
    assert CaseAccess.objects.filter(pk=access.pk).exists()  # history kept


@pytest.mark.django_db
def test_reveal_writes_one_event_with_field_names_only(household, case_worker, colleague):
    assert reveal(colleague, household, ["religion"]) == []
    assert not views_of(household).exists()
    assert reveal(case_worker, household, ["religion", "nationality"]) == [
        "nationality",
        "religion",
    ]
    event = views_of(household).get()
    assert event.fields == ["nationality", "religion"]
    assert "Syriac" not in event.summary


@pytest.mark.django_db
def test_detail_page_with_case_access_reveals_on_demand(client_for, household, case_worker):
    client = client_for(case_worker)
    response = client.get(f"/newcomers/{household.pk}/")
    assert response.status_code == 200
    assert_no_secret(response.content.decode())
    assert not views_of(household).exists()  # more in test_newcomer_reveal.py
    page = client.post(
        f"/newcomers/{household.pk}/reveal/", {"field": "all", "purpose": "care"}
    ).content.decode()
    assert "Syriac Orthodox" in page and "رامي حداد" in page
    event = views_of(household).get()  # exactly one
    assert {"religion", "vulnerabilities", "householdidentity.family_name"} <= set(event.fields)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["colleague", "administrator", "municipal_officer"])
def test_detail_page_hides_sensitive_fields_without_case_access(
    request, client_for, household, role
):
    from newcomers.models import Household as H

    H.objects.filter(pk=household.pk).update(status=H.Status.MATCHED)
    user = request.getfixturevalue(role)
    if role == "municipal_officer":  # the officer sees households sent to their town
        from matching.models import MatchProposal
        from tests.matching.test_matching_support import home, proposal, ready_group

        town, programme = household.municipality, household.programme
        user.municipality = town
        user.save(update_fields=["municipality"])
        proposal(household, ready_group(town, programme), home(town), MatchProposal.Status.SENT)
    response = client_for(user).get(f"/newcomers/{household.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert household.pseudonym in page
    assert_no_secret(page)
    assert not views_of(household).exists()


@pytest.mark.django_db
def test_withdrawal_reason_is_sensitive(client_for, household, case_worker, colleague):
    from datetime import date

    from newcomers import services

    services.withdraw(
        household,
        actor=case_worker,
        withdrawn_on=date(2026, 10, 5),
        reason="Afraid of the cold winters",
    )
    assert "Afraid" not in client_for(colleague).get(f"/newcomers/{household.pk}/").content.decode()
    page = (
        client_for(case_worker)
        .post(f"/newcomers/{household.pk}/reveal/", {"field": "all", "purpose": "care"})
        .content.decode()
    )
    assert "Afraid of the cold winters" in page
    assert "withdrawal.reason" in views_of(household).get().fields


@pytest.mark.django_db
def test_edit_form_drops_sensitive_fields_without_case_access(client_for, household, colleague):
    response = client_for(colleague).get(f"/newcomers/{household.pk}/edit/")
    form = response.context["form"]
    assert not set(sensitive_field_names(Household)) & set(form.fields)
    assert_no_secret(response.content.decode())


@pytest.mark.django_db
def test_identity_page_refuses_without_case_access(client_for, household, colleague):
    response = client_for(colleague).get(f"/newcomers/{household.pk}/identity/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="permission_denied", actor=colleague).exists()


@pytest.mark.django_db
def test_list_never_shows_sensitive_values(client_for, household, case_worker):
    page = client_for(case_worker).get("/newcomers/").content.decode()
    assert household.pseudonym in page
    assert_no_secret(page)
    assert not views_of(household).exists()


def _export(client):
    response = client.get("/newcomers/", {"format": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.django_db
def test_export_without_case_access_has_no_sensitive_columns(client_for, household, colleague):
    rows = _export(client_for(colleague))
    assert rows[0]["reference"] == household.reference
    assert not set(sensitive_field_names(Household)) & set(rows[0])
    assert AuditEvent.objects.filter(action="export", actor=colleague).exists()
    assert not views_of(household).exists()


@pytest.mark.django_db
def test_export_fills_sensitive_cells_only_for_case_access(
    client_for, household, case_worker, town, programme
):
    from tests.newcomers.factories import HouseholdFactory

    other = HouseholdFactory(municipality=town, programme=programme, religion="Sunni Islam")
    rows = {r["reference"]: r for r in _export(client_for(case_worker))}
    assert rows[household.reference]["religion"] == "Syriac Orthodox"
    assert rows[other.reference]["religion"] == ""
    assert views_of(household).count() == 1
    assert not views_of(other).exists()


@pytest.mark.django_db
def test_vulnerability_filter_only_matches_own_cases(client_for, household, case_worker, colleague):
    query = {"vulnerability": "medical"}
    assert [
        h.pk for h in client_for(case_worker).get("/newcomers/", query).context["object_list"]
    ] == [household.pk]
    assert not list(client_for(colleague).get("/newcomers/", query).context["object_list"])


@pytest.mark.django_db
def test_admin_hides_sensitive_fields_without_case_access(client_for, household, administrator):
    client = client_for(administrator)
    response = client.get(f"/admin/newcomers/household/{household.pk}/change/")
    assert response.status_code == 200
    assert_no_secret(response.content.decode())
    assert not set(sensitive_field_names(Household)) & set(
        response.context["adminform"].form.fields
    )
    assert not views_of(household).exists()
    changelist = client.get("/admin/newcomers/household/")
    assert_no_secret(changelist.content.decode())
    identities = client.get("/admin/newcomers/householdidentity/")
    assert_no_secret(identities.content.decode())


@pytest.mark.django_db
def test_admin_with_case_access_shows_and_audits(client_for, household, administrator):
    CaseAccess.objects.create(household=household, user=administrator)
    response = client_for(administrator).get(f"/admin/newcomers/household/{household.pk}/change/")
    assert "Syriac Orthodox" in response.content.decode()
    assert views_of(household).count() == 1


@pytest.mark.django_db
def test_granting_case_access(household, case_worker, colleague, administrator):
    from django.core.exceptions import ValidationError

    from newcomers import caseaccess

    with pytest.raises(ValidationError):
        caseaccess.grant(household, user=colleague, actor=colleague)  # no access herself
    caseaccess.grant(household, user=colleague, actor=case_worker, reason="holiday cover")
    assert household.pk in case_household_ids(colleague)
    assert AuditEvent.objects.filter(actor=case_worker, fields=["case_access"]).exists()
    with pytest.raises(ValidationError):
        caseaccess.grant(household, user=colleague, actor=administrator)  # already has it
