from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SponsorshipsConfig(AppConfig):
    """The sponsorship year: built on groups, newcomers, housing and matching, which never
    import it; it plugs into them here (groups/extensions.py, matching/signals.py)."""

    name = "sponsorships"
    verbose_name = _("Sponsorships")

    def ready(self):
        from groups import extensions
        from matching.signals import proposal_confirmed
        from sponsorship import navigation, queue, vocab
        from sponsorship.models import Role
        from sponsorships import (
            checklist,
            machines,  # noqa: F401  (registers the sponsorship, plan and task machines)
            plan_template,
            propagation,  # noqa: F401  (receivers of the withdrawal signals)
            services,
        )
        from sponsorships import queue as waiting
        from sponsorships.plan_models import Domain, Responsible

        navigation.register(
            _("Sponsorships"),
            "sponsorships:sponsorships",
            {Role.ADMINISTRATOR, Role.COORDINATOR},
            order=15,
        )
        staff = (Role.ADMINISTRATOR, Role.COORDINATOR)
        for source in (waiting.urgent_signals, waiting.plans_to_review, waiting.open_signals):
            queue.register(staff, source)
        queue.register({Role.GROUP_MEMBER}, waiting.plan_to_write)
        extensions.register_checklist_items(checklist.plan_items)
        extensions.register_workspace_section("sponsorships/workspace_section.html")
        vocab.register_kind("plan_domain", lambda: Domain.choices)
        vocab.register_kind("responsible", lambda: Responsible.choices)
        vocab.register_computed("plan_task", plan_template.task_title)
        vocab.register_computed("arrival_offset", plan_template.offset_text)
        proposal_confirmed.connect(
            services.start_for_proposal, dispatch_uid="sponsorships.start_for_proposal"
        )
