"""Who is told when a member reports an e-learning (see groups/notices.py for the rules)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sponsorship.notifications import notify_each


def e_learning_reported(completion) -> int:
    """The coordinators of the member's town and programme, who confirm it."""
    from groups.notices import coordinators_of

    member = completion.member
    # The module is formatted inside each recipient's language: its name is bilingual.
    return notify_each(
        coordinators_of(member.group),
        "e_learning_reported",
        f"e-learning-reported:{completion.pk}",
        _("E-learning to confirm: %(member)s (%(group)s) completed %(module)s"),
        {"member": member.name, "group": member.group.name, "module": completion.module},
        url=reverse("training:reports"),
    )
