from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Groups")

    def ready(self):
        from groups import (
            invitations,  # noqa: F401  (invitation_accepted receiver)
            machines,  # noqa: F401  (registers the group machine)
        )
        from groups import queue as waiting
        from groups.panels import applications_panel, my_group_panel
        from sponsorship import home, navigation, queue
        from sponsorship.models import Role

        navigation.register(
            _("Sponsor groups"), "groups:list", {Role.ADMINISTRATOR, Role.COORDINATOR}, order=10
        )
        navigation.register(_("My group"), "groups:workspace", {Role.GROUP_MEMBER}, order=10)
        for role in (Role.ADMINISTRATOR, Role.COORDINATOR):
            home.register(role, "groups/panels/applications.html", applications_panel, order=10)
        home.register(Role.GROUP_MEMBER, "groups/panels/my_group.html", my_group_panel, order=10)
        staff = (Role.ADMINISTRATOR, Role.COORDINATOR)
        for source in (
            waiting.applications,
            waiting.membership_changes,
            waiting.vogs_expiring,
        ):
            queue.register(staff, source)
        queue.register({Role.GROUP_MEMBER}, waiting.group_next_steps)
