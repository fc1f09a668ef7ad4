"""Which consent is in force: the basis of the household machine's guards."""

from __future__ import annotations

from newcomers.models import Consent, Household


def active_consent(household: Household) -> Consent | None:
    """The consent in force: the newest consent, unless a withdrawal came after it."""
    consent = household.consents.order_by("-recorded_at", "-pk").first()
    if consent is None:
        return None
    withdrawn_after = household.withdrawals.filter(recorded_at__gte=consent.recorded_at)
    return None if withdrawn_after.exists() else consent
