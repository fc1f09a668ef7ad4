"""The programme's plan template and the default tasks a new template starts with."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from sponsorships.plan_models import Domain, PlanTemplate, PlanTemplateTask, Responsible

D, R = Domain, Responsible

# (domain, title, responsible, days after arrival). DOMAIN.md: the intensive first months
# are moving, furnishing, bank account, GP, pharmacy, dentist, digital ID, language school,
# letters from the municipality; social counselling is met before arrival.
DEFAULT_TASKS = [
    (D.HOUSING, _("Welcome at arrival"), R.MEMBER, 0),
    (D.HOUSING, _("Furnishing and moving into the permanent home"), R.MEMBER, 30),
    (D.INCOME, _("First meeting with social counselling"), R.SOCIAL_COUNSELLING, -14),
    (D.INCOME, _("Open a bank account"), R.MEMBER, 7),
    (D.INCOME, _("Help with letters from the municipality"), R.MEMBER, 14),
    (D.HEALTH, _("Register with a GP"), R.MEMBER, 7),
    (D.HEALTH, _("Register with a pharmacy"), R.MEMBER, 7),
    (D.HEALTH, _("Register with a dentist"), R.MEMBER, 30),
    (D.LANGUAGE, _("Apply for a digital ID"), R.HOUSEHOLD, 14),
    (D.LANGUAGE, _("Choose a language school"), R.HOUSEHOLD, 30),
    (D.WORK_EDUCATION, _("Explore work or study goals with the household"), R.HOUSEHOLD, 60),
    (D.SOCIAL_NETWORK, _("Introduce the household to neighbours and local clubs"), R.MEMBER, 30),
]


@transaction.atomic
def template_for(programme) -> PlanTemplate:
    """The programme's template, created with the default tasks on first use."""
    template, created = PlanTemplate.objects.get_or_create(programme=programme)
    if created:
        PlanTemplateTask.objects.bulk_create(
            PlanTemplateTask(
                template=template,
                domain=domain,
                title=str(title),
                responsible=responsible,
                offset_days=offset,
                order=i,
            )
            for i, (domain, title, responsible, offset) in enumerate(DEFAULT_TASKS)
        )
    return template


_DEFAULT_BY_TEXT: dict[str, object] = {}


def task_title(title: str) -> str:
    """A default task's title in the active language, whichever language it was stored in
    (tasks are copied as text into the template and the plans); any other title as typed."""
    if not _DEFAULT_BY_TEXT:
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                _DEFAULT_BY_TEXT.update((str(t), t) for _d, t, _r, _o in DEFAULT_TASKS)
    default = _DEFAULT_BY_TEXT.get(title)
    return str(default) if default is not None else title


def offset_text(days: int) -> str:
    """When a task is due relative to arrival, in words: "14 days before arrival"."""
    if days == 0:
        return pgettext("task due", "on the day of arrival")
    n = abs(days)
    if days < 0:
        return ngettext("%(count)s day before arrival", "%(count)s days before arrival", n) % {
            "count": n
        }
    return ngettext("%(count)s day after arrival", "%(count)s days after arrival", n) % {"count": n}
