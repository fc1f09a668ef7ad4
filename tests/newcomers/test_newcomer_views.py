"""Coordinator screens: list (filters, sorting, query budget), register, workflow forms,
import; wrong roles and outsiders."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newcomers.models import CaseAccess, Household, HouseholdMember
from sponsorship import statemachine as sm
from sponsorship.models import AuditEvent
from tests.newcomers.factories import HouseholdFactory


def list_queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/newcomers/", params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_list_query_count_is_constant(client_for, coordinator, town, programme):
    client = client_for(coordinator)
    HouseholdFactory.create_batch(5, municipality=town, programme=programme)
    few = list_queries(client)
    HouseholdFactory.create_batch(45, municipality=town, programme=programme)
    assert list_queries(client, sort="-size") == few
    assert list_queries(client) == few


@pytest.mark.django_db
def test_list_filters_and_scope(client_for, coordinator, town, other_town, programme):
    mine = HouseholdFactory(
        municipality=town,
        programme=programme,
        pseudonym="Household Cedar",
        languages=["ti"],
        language_levels={"ti": "native"},
    )
    HouseholdFactory(municipality=town, programme=programme, pseudonym="Household Olive")
    HouseholdFactory(municipality=other_town, programme=programme, pseudonym="Household Elm")
    client = client_for(coordinator)

    def names(**params):
        return [h.pseudonym for h in client.get("/newcomers/", params).context["object_list"]]

    assert names() == ["Household Cedar", "Household Olive"]  # Elm is out of scope
    assert names(q="cedar") == ["Household Cedar"]
    assert names(q=mine.reference) == ["Household Cedar"]
    assert names(language="ti") == ["Household Cedar"]
    assert names(size_min=4) == []
    assert names(size_min=3, size_max=3, sort="-pseudonym") == [
        "Household Olive",
        "Household Cedar",
    ]
    assert names(status="withdrawn") == []
    assert names(arrival_from="2027-03-01", arrival_until="2027-03-31") == [
        "Household Cedar",
        "Household Olive",
    ]


@pytest.mark.django_db
def test_list_bad_filter_input(client_for, coordinator):
    response = client_for(coordinator).get("/newcomers/", {"arrival_from": "soon"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["arrival_from"]


@pytest.mark.django_db
def test_register_household_gives_case_access_and_timeline(
    client_for, coordinator, town, programme
):
    data = {
        "pseudonym": "Household Cedar",
        "programme": programme.pk,
        "municipality": town.pk,
        "country_of_stay": "LB",
        "nationality": "SY",
        "expected_arrival": "2027-04-01",
        "language_1": "ar",
        "level_1": "native",
        "language_2": "en",
        "level_2": "basic",
        "interests": ["cooking"],
        "vulnerabilities": ["single_parent"],
        "needs_ground_floor": "on",
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "1",
        "members-MAX_NUM_FORMS": "20",
        "members-0-relation": "principal",
        "members-0-age_band": "30-49",
        "members-1-relation": "child",
        "members-1-age_band": "5-11",
    }
    response = client_for(coordinator).post("/newcomers/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    household = Household.objects.get(pseudonym="Household Cedar")
    assert household.reference.startswith("NC-")
    assert household.languages == ["ar", "en"]
    assert household.language_levels == {"ar": "native", "en": "basic"}
    assert household.size == 2
    assert CaseAccess.objects.filter(household=household, user=coordinator).exists()
    row = sm.history(household).get()
    assert (row.from_state, row.to_state, row.operation) == ("", "identified", "register")


@pytest.mark.django_db
def test_register_bad_input_shows_errors(client_for, coordinator, town, programme):
    data = {
        "pseudonym": "",
        "programme": programme.pk,
        "municipality": town.pk,
        "country_of_stay": "LB",
        "language_1": "ar",
        "religion": "Islam",
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "1",
        "members-MAX_NUM_FORMS": "20",
    }
    response = client_for(coordinator).post("/newcomers/new/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"pseudonym", "level_1", "background_consent"} <= set(errors)
    assert response.context["members"].non_form_errors()
    assert not Household.objects.exists()


@pytest.mark.django_db
def test_register_in_a_town_outside_scope_is_refused(
    client_for, coordinator, other_town, programme
):
    response = client_for(coordinator).post(
        "/newcomers/new/",
        {"pseudonym": "X", "programme": programme.pk, "municipality": other_town.pk},
    )
    assert "municipality" in response.context["form"].errors


@pytest.mark.django_db
def test_other_coordinator_gets_404(client_for, household, other_coordinator):
    client = client_for(other_coordinator)
    assert client.get(f"/newcomers/{household.pk}/").status_code == 404
    assert client.post(f"/newcomers/{household.pk}/pre-select/").status_code == 404
    assert AuditEvent.objects.filter(action="permission_denied", actor=other_coordinator).exists()


@pytest.mark.django_db
def test_preselect_view_refuses_the_wrong_state_with_message(client_for, household, coordinator):
    client = client_for(coordinator)
    Household.objects.filter(pk=household.pk).update(status="consented")
    response = client.post(f"/newcomers/{household.pk}/pre-select/", follow=True)
    assert "cannot become" in response.content.decode()
    household.refresh_from_db()
    assert household.status == "consented"
    assert client.get(f"/newcomers/{household.pk}/pre-select/").status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target", ["matched", "approved", "arrived", "in_sponsorship", "completed"]
)
def test_the_generic_transition_url_is_gone(client_for, household, coordinator, target):
    response = client_for(coordinator).post(
        f"/newcomers/{household.pk}/transition/", {"to": target}
    )
    assert response.status_code == 404
    household.refresh_from_db()
    assert household.status == "identified"


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["intake_held", "matched", "approved", "arrived"])
def test_the_page_offers_no_move_to_a_derived_state(
    client_for, town, programme, coordinator, status
):
    household = HouseholdFactory(municipality=town, programme=programme, status=status)
    body = client_for(coordinator).get(f"/newcomers/{household.pk}/").content.decode()
    assert "/transition/" not in body and "/pre-select/" not in body
    assert "Move to" not in body


@pytest.mark.django_db
def test_household_timeline_comes_from_transition_rows(client_for, household, coordinator):
    from newcomers import services

    services.pre_select(household, actor=coordinator)
    response = client_for(coordinator).get(f"/newcomers/{household.pk}/")
    entries = response.context["timeline"]
    assert [e.text for e in entries] == ["Identified → Pre-selected"]
    assert entries[0].actor == str(coordinator)
    assert "Identified → Pre-selected" in response.content.decode()


@pytest.mark.django_db
def test_information_consent_withdrawal_views(client_for, household, coordinator):
    client = client_for(coordinator)
    client.post(f"/newcomers/{household.pk}/pre-select/")
    response = client.post(
        f"/newcomers/{household.pk}/information/",
        {
            "informed_by": "UNHCR Beirut",
            "informed_on": "2026-10-01",
            "language": "ar",
            "topics": ["programme", "voluntary", "withdrawal", "data"],
        },
    )
    assert response.status_code == 302
    session = household.information_sessions.get()
    bad = client.post(
        f"/newcomers/{household.pk}/consent/",
        {"information": session.pk, "participate": "on", "given_on": "2026-10-02"},
    )
    assert bad.status_code == 200 and "processing" in bad.context["form"].errors
    client.post(
        f"/newcomers/{household.pk}/consent/",
        {
            "information": session.pk,
            "participate": "on",
            "processing": "on",
            "given_on": "2026-10-02",
        },
    )
    household.refresh_from_db()
    assert household.status == "consented"
    page = client.get(f"/newcomers/{household.pk}/withdraw/").content.decode()
    assert "no effect on anything outside this programme" in page
    client.post(f"/newcomers/{household.pk}/withdraw/", {"withdrawn_on": "2026-10-03"})
    household.refresh_from_db()
    assert household.status == "withdrawn" and household.needs_alternative_support


@pytest.mark.django_db
def test_withdrawal_date_in_future_is_refused(client_for, household, coordinator):
    response = client_for(coordinator).post(
        f"/newcomers/{household.pk}/withdraw/", {"withdrawn_on": "2999-01-01"}
    )
    assert response.status_code == 200
    assert "withdrawn_on" in response.context["form"].errors


CSV = (
    "pseudonym;programme;municipality;country_of_stay;members;languages;interests;"
    "vulnerabilities\n"
    """Household Cedar;{slug};{code};LB;principal:30-49|child:5-11;ar:native;cooking;medical
Household Olive;{slug};{code};ET;principal:18-29;ti:native|en:basic;;
"""
)


@pytest.mark.django_db
def test_import_previews_then_commits_all_rows(client_for, coordinator, town, programme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(coordinator)
    content = CSV.format(slug=programme.slug, code=town.code).encode()
    preview = client.post("/newcomers/import/", {"file": SimpleUploadedFile("h.csv", content)})
    report = preview.context["report"]
    assert report.ok, [r.errors for r in report.rows]
    assert not Household.objects.exists()  # dry run
    client.post("/newcomers/import/", {"confirm": "1", "token": preview.context["token"]})
    assert Household.objects.count() == 2
    cedar = Household.objects.get(pseudonym="Household Cedar")
    assert HouseholdMember.objects.filter(household=cedar).count() == 2
    assert cedar.vulnerabilities == ["medical"]
    assert CaseAccess.objects.filter(household=cedar, user=coordinator).exists()


@pytest.mark.django_db
def test_import_with_a_bad_row_imports_nothing(
    client_for, coordinator, town, programme, other_town
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = CSV.format(slug=programme.slug, code=town.code)
    content = content.replace(f"{town.code};ET", f"{other_town.code};ET")
    response = client_for(coordinator).post(
        "/newcomers/import/", {"file": SimpleUploadedFile("h.csv", content.encode())}
    )
    report = response.context["report"]
    assert not report.ok
    assert report.rows[1].errors[0][0] == "municipality"
    assert not response.context["token"]
    assert not Household.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["group_member", "municipal_officer"])
def test_coordinator_screens_refuse_other_roles(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    for url in ("/newcomers/", "/newcomers/new/", "/newcomers/import/"):
        assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_municipal_officer_sees_only_households_proposed_to_their_town(
    client_for, municipal_officer, household, town, programme
):
    from matching.models import MatchProposal
    from tests.matching.test_matching_support import home, proposal, ready_group

    matched = HouseholdFactory(
        municipality=town, programme=programme, status=Household.Status.MATCHED
    )
    not_sent = HouseholdFactory(
        municipality=town, programme=programme, status=Household.Status.MATCHED
    )
    client = client_for(municipal_officer)
    assert client.get(f"/newcomers/{household.pk}/").status_code == 404
    # Matched but never sent to the municipality: still not theirs to see.
    assert client.get(f"/newcomers/{not_sent.pk}/").status_code == 404
    proposal(matched, ready_group(town, programme), home(town), MatchProposal.Status.SENT)
    page = client.get(f"/newcomers/{matched.pk}/")
    assert page.status_code == 200
    assert "Record withdrawal" not in page.content.decode()
