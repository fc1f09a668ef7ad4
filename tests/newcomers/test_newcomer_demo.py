import random
from datetime import date

import pytest

from newcomers import demo as newcomers_demo
from newcomers.models import Household
from sponsorship import demo as shared_demo
from sponsorship.demo import DemoContext

S = Household.Status
# Last only inside the operation that passes through them (approval, arrival).
TRANSIENT = {S.MATCHED, S.ARRIVED}
# Follow from a match or a sponsorship: the matching and sponsorship demos take them there.
LATER = {S.APPROVED, S.IN_SPONSORSHIP, S.COMPLETED}


@pytest.mark.django_db
def test_demo_covers_every_state_with_published_open_profiles():
    ctx = DemoContext(rng=random.Random(1), today=date(2026, 11, 26))
    shared_demo.seed(ctx)
    newcomers_demo.seed(ctx)
    by_status = ctx.extra["households"]
    assert all(by_status[s] for s in set(S.values) - TRANSIENT), by_status
    # Alone, the households that reach a later state wait at "intake held".
    own = set(S.values) - TRANSIENT - LATER
    assert set(Household.objects.values_list("status", flat=True)) == own
    for household in (h for s in LATER for h in by_status[s]):
        household.refresh_from_db()
        assert household.status == S.INTAKE_HELD and household.intake_held_on
    consented = by_status[Household.Status.CONSENTED][0]
    assert consented.anonymous_profile.published
    withdrawn = by_status[Household.Status.WITHDRAWN][0]
    assert withdrawn.needs_alternative_support
    assert not withdrawn.anonymous_profile.published
