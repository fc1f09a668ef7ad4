"""Both voices reach the engine: group interest and the household's stated preference."""

import pytest

from matching.snapshot import build_snapshot
from newcomers.models import AnonymousProfile, ProfileInterest
from tests.matching.test_matching_support import cleared_household, home, ready_group


@pytest.mark.django_db
def test_snapshot_carries_interest_and_household_preference(town, programme):
    household = cleared_household(town, programme)
    liked, other = ready_group(town, programme), ready_group(town, programme)
    home(town)
    profile = AnonymousProfile.objects.create(household=household, published=True)
    ProfileInterest.objects.create(profile=profile, group=liked, preferred_by_household=True)
    ProfileInterest.objects.create(profile=profile, group=other)

    snapshot = build_snapshot(programme, [town])
    (h,) = snapshot.households
    assert h.preferred_group_ids == frozenset({liked.pk})
    groups = {g.id: g for g in snapshot.groups}
    assert household.pk in groups[liked.pk].interested_household_ids
    assert household.pk in groups[other.pk].interested_household_ids
    # Survives the frozen JSON snapshot a run stores.
    assert type(snapshot).from_json(snapshot.to_json()).households[
        0
    ].preferred_group_ids == frozenset({liked.pk})
