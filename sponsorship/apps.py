from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SponsorshipConfig(AppConfig):
    name = "sponsorship"
    verbose_name = _("Portal")

    def ready(self):
        from sponsorship import (
            accounts,  # noqa: F401  (signal receivers)
            blank_choice,
            home,
            navigation,
        )
        from sponsorship.models import Role
        from sponsorship.panels import scope_panel
        from sponsorship.queue import queue_panel

        blank_choice.install()
        staff = {Role.ADMINISTRATOR, Role.COORDINATOR, Role.MUNICIPAL_STAFF}
        # "Home" also names a dwelling elsewhere in the UI: a context keeps them apart.
        navigation.register(pgettext_lazy("start page", "Home"), "home", set(Role.values), order=0)
        navigation.register(_("Notifications"), "notifications:list", set(Role.values), order=800)
        navigation.register(_("Invitations"), "invitation_list", staff, order=900)
        navigation.register(
            _("Audit"), "audit_list", {Role.ADMINISTRATOR, Role.COORDINATOR}, order=910
        )
        for role in staff:
            home.register(role, "sponsorship/panels/scope.html", scope_panel, order=1000)
        # First on every home: what waits for this person (sources: each app's queue.py).
        for role in Role.values:
            home.register(role, "sponsorship/panels/queue.html", queue_panel, order=0)
