"""Which consent is in force: the basis of the household machine's guards."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from newcomers.models import Consent, Household, Withdrawal


def active_consent(household: Household) -> Consent | None:
    """The consent in force: the newest consent, unless a withdrawal came after it."""
    consent = household.consents.order_by("-recorded_at", "-pk").first()
    if consent is None:
        return None
    withdrawn_after = household.withdrawals.filter(recorded_at__gte=consent.recorded_at)
    return None if withdrawn_after.exists() else consent


def with_consent_in_force(households: QuerySet) -> QuerySet:
    """``households`` annotated with ``consent_in_force``: what ``active_consent`` says,
    for every row in the one query (a matching snapshot reads thousands)."""
    newest = Consent.objects.filter(household=OuterRef("pk")).order_by("-recorded_at", "-pk")
    withdrawn = Withdrawal.objects.filter(
        household=OuterRef("pk"), recorded_at__gte=OuterRef("consented_at")
    )
    return households.annotate(consented_at=Subquery(newest.values("recorded_at")[:1])).annotate(
        consent_in_force=Q(consented_at__isnull=False) & ~Exists(withdrawn)
    )
