"""The anonymous profile leaks nothing sensitive or identifying, for any household."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from newcomers import services
from newcomers.choices import COUNTRIES, AgeBand, Interest, Relation, StudyGoal, WorkSector
from newcomers.models import Household, HouseholdIdentity, HouseholdMember
from newcomers.profile import CONTENT_KEYS, build, snapshot
from newcomers.sensitivity import sensitive_field_names
from sponsorship.models import Municipality, Programme
from sponsorship.vocab import LANGUAGE_CODES, LanguageLevel, Vulnerability

TOWN = Municipality(name="Amersfoort")
PROGRAMME = Programme(variant=Programme.Variant.RESETTLEMENT)
NAMES = ["Haddad", "Rahimi", "Tesfay", "Shevchenko", "أحمد الحسن", "Ahmadzai", "Kidane"]
text = st.text(min_size=1, max_size=40)
codes = lambda choices: st.sampled_from([c for c, _l in choices])  # noqa: E731

households = st.fixed_dictionaries(
    {
        "reference": text,
        "pseudonym": text,
        "nationality": codes(COUNTRIES),
        "country_of_stay": codes(COUNTRIES),
        "expected_arrival": st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2035, 1, 1))),
        "arrival_date": st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2035, 1, 1))),
        "intake_held_on": st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2035, 1, 1))),
        # Free text or foreign values in coded fields must not pass either.
        "languages": st.lists(st.one_of(st.sampled_from(sorted(LANGUAGE_CODES)), text), max_size=5),
        "interests": st.lists(st.one_of(codes(Interest.choices), text), max_size=5),
        "study_goal": st.one_of(codes(StudyGoal.choices), text),
        "work_sector": st.one_of(codes(WorkSector.choices), text),
        "priorities": text,
        "accessibility_notes": text,
        "vulnerability_notes": text,
        "vulnerabilities": st.lists(codes(Vulnerability.choices), max_size=4),
        "religion": text,
        "cultural_background": text,
        "needs_step_free": st.booleans(),
        "needs_ground_floor": st.booleans(),
    }
)
identities = st.fixed_dictionaries(
    {
        "family_name": st.one_of(st.sampled_from(NAMES), text),
        "given_names": text,
        "name_native_script": text,
        "phone": text,
        "email": text,
        "address": text,
        "unhcr_case_number": text,
        "other_members": text,
    }
)
members = st.lists(
    st.tuples(st.one_of(codes(AgeBand.choices), text), st.one_of(codes(Relation.choices), text)),
    max_size=8,
)


def allowed_leaves() -> set:
    """Every string the content may contain: codes, the town and the programme variant."""
    return (
        {"Amersfoort", "", PROGRAMME.variant, "step_free", "ground_floor"}
        | set(AgeBand.values)
        | set(Relation.values)
        | set(LANGUAGE_CODES)
        | set(LanguageLevel.values)
        | set(Interest.values)
        | set(StudyGoal.values)
        | set(WorkSector.values)
    )


def leaves(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item)
    else:
        yield value


@settings(max_examples=300, deadline=None)
@given(households, identities, members, st.dictionaries(text, text, max_size=3))
def test_profile_contains_only_codes_counts_town_and_quarter(data, identity, member_data, levels):
    household = Household(
        municipality=TOWN,
        programme=PROGRAMME,
        background_consent=True,
        language_levels=levels,
        **data,
    )
    household.identity = HouseholdIdentity(**identity)
    people = [HouseholdMember(age_band=band, relation=rel) for band, rel in member_data]
    content = build(snapshot(household, members=people))

    assert set(content) == CONTENT_KEYS
    # No key names a sensitive or identifying field.
    dumped = json.dumps(content, ensure_ascii=False)
    for name in (
        *sensitive_field_names(Household),
        "reference",
        "pseudonym",
        *sensitive_field_names(HouseholdIdentity),
    ):
        assert f'"{name}"' not in dumped
    allowed = allowed_leaves()
    for leaf in leaves(content):
        if isinstance(leaf, int):
            continue
        if leaf == content["arrival_quarter"] and leaf:
            assert len(leaf) == 7 and leaf[4:6] == "-Q"  # a quarter, never a day
            continue
        assert leaf in allowed, f"{leaf!r} is not a code the profile may carry"


@pytest.fixture
def consented(household, coordinator):
    from tests.newcomers.test_newcomer_services import to_consented

    return to_consented(household, coordinator)


@pytest.mark.django_db
def test_publish_needs_consent_to_share(household, coordinator):
    from tests.newcomers.test_newcomer_services import consent, inform

    services.pre_select(household, actor=coordinator)
    consent(household, coordinator, inform(household, coordinator), share=False)
    with pytest.raises(ValidationError, match="did not consent"):
        services.publish_profile(household, actor=coordinator)


@pytest.mark.django_db
def test_groups_see_published_profile_without_sensitive_data(
    client_for, consented, coordinator, group_member
):
    profile = services.publish_profile(consented, actor=coordinator)
    client = client_for(group_member)
    listing = client.get("/newcomers/profiles/").content.decode()
    page = client.get(f"/newcomers/profiles/{profile.code}/").content.decode()
    for text_ in (listing, page):
        assert profile.code in text_
        for secret in (
            "Household Tree",
            consented.reference,
            "Syria",
            "Haddad",
            "Syriac",
            "2027-03-15",
            "15-03-2027",
            "Insulin",
        ):
            assert secret not in text_
    # Groups never see the household list or pages.
    assert client.get("/newcomers/").status_code == 403
    assert client.get(f"/newcomers/{consented.pk}/").status_code == 404


@pytest.mark.django_db
def test_unpublished_profile_is_invisible_to_groups(
    client_for, consented, coordinator, group_member
):
    profile = services.publish_profile(consented, actor=coordinator)
    services.unpublish_profile(consented, actor=coordinator)
    client = client_for(group_member)
    assert profile.code not in client.get("/newcomers/profiles/").content.decode()
    assert client.get(f"/newcomers/profiles/{profile.code}/").status_code == 404


@pytest.mark.django_db
def test_group_member_expresses_interest_once(
    client_for, consented, coordinator, group_member, town, programme
):
    from groups.models import SponsorGroup
    from newcomers.models import ProfileInterest
    from tests.groups.factories import GroupMemberFactory, SponsorGroupFactory

    group = SponsorGroupFactory(
        municipality=town, programme=programme, status=SponsorGroup.Status.READY_FOR_MATCHING
    )
    GroupMemberFactory(group=group, user=group_member)
    profile = services.publish_profile(consented, actor=coordinator)
    client = client_for(group_member)
    url = f"/newcomers/profiles/{profile.code}/interest/"
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # second time: a message, no duplicate
    assert ProfileInterest.objects.filter(profile=profile, group=group).count() == 1
    assert client.get(url).status_code == 405
    assert client_for(coordinator).post(url).status_code == 403
