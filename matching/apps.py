from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self):
        from matching import (
            machines,  # noqa: F401  (registers the run and proposal machines)
            panels,
            propagation,  # noqa: F401  (withdrawals of households, groups and homes)
        )
        from matching import queue as waiting
        from sponsorship import home, navigation, queue
        from sponsorship.models import Role

        staff = {Role.ADMINISTRATOR, Role.COORDINATOR}
        navigation.register(_("Matching"), "matching:run_list", staff, order=40)
        navigation.register(
            _("Match proposals"), "matching:proposal_list", {Role.MUNICIPAL_STAFF}, order=40
        )
        navigation.register(_("Our match"), "matching:my_matches", {Role.GROUP_MEMBER}, order=40)
        for role in staff:
            home.register(
                role, "matching/panels/coordinator.html", panels.coordinator_panel, order=40
            )
        home.register(
            Role.MUNICIPAL_STAFF, "matching/panels/municipal.html", panels.municipal_panel, order=40
        )
        home.register(
            Role.GROUP_MEMBER, "matching/panels/member.html", panels.member_panel, order=20
        )
        queue.register(staff, waiting.proposals_waiting)
        queue.register(staff, waiting.homes_withdrawn)
        queue.register({Role.MUNICIPAL_STAFF}, waiting.decisions_pending)
        queue.register({Role.GROUP_MEMBER}, waiting.match_to_confirm)
