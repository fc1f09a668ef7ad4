import random
from datetime import date

import pytest

from newcomers import demo as newcomers_demo
from newcomers.models import Household
from sponsorship import demo as shared_demo
from sponsorship.demo import DemoContext


@pytest.mark.django_db
def test_demo_covers_every_state_with_published_open_profiles():
    ctx = DemoContext(rng=random.Random(1), today=date(2026, 11, 26))
    shared_demo.seed(ctx)
    newcomers_demo.seed(ctx)
    by_status = ctx.extra["households"]
    assert all(by_status[s] for s in Household.Status.values), by_status
    assert set(Household.objects.values_list("status", flat=True)) == set(Household.Status.values)
    consented = by_status[Household.Status.CONSENTED][0]
    assert consented.anonymous_profile.published
    withdrawn = by_status[Household.Status.WITHDRAWN][0]
    assert withdrawn.needs_alternative_support
    assert not withdrawn.anonymous_profile.published
