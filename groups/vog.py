"""When a certificate of conduct (VOG) counts: the rules, used when it is recorded (form,
service, import) and when the group is approved. Change a period here and nowhere else.

A VOG states someone's record on the day it was issued, so it says something only while
it is recent. Two periods, as organisations that ask volunteers for one use them:
- it is handed in fresh: issued at most ``VOG_MAX_AGE_AT_RECEIPT_MONTHS`` before it was
  received (a VOG dated 2019 handed in now is refused);
- it counts ``VOG_VALID_MONTHS`` after its date; then the member needs a new one, and a
  group whose VOGs ran out is not approved (the home queue warns before that happens).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sponsorship.dates import add_months

VOG_MAX_AGE_AT_RECEIPT_MONTHS = 6
VOG_VALID_MONTHS = 36


def counts_until(issued_on: date) -> date:
    """The last day a VOG dated ``issued_on`` counts."""
    return add_months(issued_on, VOG_VALID_MONTHS)


def fresh_at_receipt(issued_on: date, received_on: date) -> bool:
    """True when the VOG was at most the allowed age when it was handed in."""
    return received_on <= add_months(issued_on, VOG_MAX_AGE_AT_RECEIPT_MONTHS)


def problem(issued_on: date | None, received_on: date | None, on: date) -> str | None:
    """Why a recorded VOG does not count on ``on`` (None when it does, or is missing)."""
    if not (issued_on and received_on):
        return None
    if not fresh_at_receipt(issued_on, received_on):
        return too_old_message()
    if on > counts_until(issued_on):
        return _(
            "The certificate of conduct ran out on %(day)s (it counts %(n)d months); "
            "ask for a new one."
        ) % {"day": date_format(counts_until(issued_on)), "n": VOG_VALID_MONTHS}
    return None


def dates_problems(issued_on: date | None, received_on: date | None, today: date) -> dict[str, str]:
    """What is wrong with a pair of VOG dates being recorded, by field name."""
    if bool(issued_on) != bool(received_on):
        return {"vog_received_on": _("Give both the VOG's date and the date it was received.")}
    if not issued_on:
        return {}
    problems = {}
    if issued_on > today:
        problems["vog_issued_on"] = _("This date is in the future.")
    if received_on > today:
        problems["vog_received_on"] = _("This date is in the future.")
    if issued_on > received_on:
        problems["vog_received_on"] = _("The VOG cannot be received before its date.")
    elif not problems:
        reason = problem(issued_on, received_on, today)
        if reason:
            problems["vog_issued_on"] = reason
    return problems


def check_form_dates(form, data: dict) -> None:
    """Put ``dates_problems`` next to a form's VOG fields, unless they already failed.

    Checked in the form, before the model's constraint would answer with a message on top
    of the form instead of next to its field.
    """
    if {"vog_issued_on", "vog_received_on"} & set(form.errors):
        return
    for field, message in dates_problems(
        data.get("vog_issued_on"), data.get("vog_received_on"), timezone.localdate()
    ).items():
        form.add_error(field, message)


def too_old_message() -> str:
    return _(
        "A certificate of conduct must be handed in within %(n)d months of its date; "
        "this one is older. Ask the member for a new one."
    ) % {"n": VOG_MAX_AGE_AT_RECEIPT_MONTHS}
