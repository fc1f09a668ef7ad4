"""The reminder: municipal review pending more than 5 working days."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from matching.models import MatchProposal
from matching.reminders import municipal_review_pending, working_days_between
from tests.matching.test_matching_support import cleared_household, home, proposal, ready_group

pytestmark = pytest.mark.django_db


def test_working_days_skip_weekends():
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 27)) == 5  # Fri -> Fri


def test_reminds_the_municipality_after_five_working_days(
    town, programme, municipal_officer, other_municipal_officer
):
    sent_at = timezone.make_aware(datetime(2026, 11, 20, 10))
    made = proposal(
        cleared_household(town, programme),
        ready_group(town, programme),
        home(town),
        status=MatchProposal.Status.SENT,
        sent_at=sent_at,
    )
    assert list(municipal_review_pending(date(2026, 11, 27))) == []
    due = list(municipal_review_pending(date(2026, 11, 30)))
    assert [c.user_id for c in due] == [municipal_officer.pk]
    assert due[0].key == f"match-review:{made.pk}:2026-11-20"
