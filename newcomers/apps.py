from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewcomersConfig(AppConfig):
    name = "newcomers"
    verbose_name = _("Newcomers")

    def ready(self):
        from newcomers import machines  # noqa: F401  (registers the household machine)
        from newcomers.panels import attention_panel, profiles_panel
        from sponsorship import home, navigation
        from sponsorship.models import Role

        navigation.register(
            _("Newcomers"),
            "newcomers:household_list",
            {Role.COORDINATOR, Role.ADMINISTRATOR},
            order=20,
        )
        navigation.register(
            _("Newcomer profiles"), "newcomers:profile_list", {Role.GROUP_MEMBER}, order=20
        )
        for role in (Role.COORDINATOR, Role.ADMINISTRATOR):
            home.register(role, "newcomers/panels/attention.html", attention_panel, order=20)
        home.register(Role.GROUP_MEMBER, "newcomers/panels/profiles.html", profiles_panel, order=30)
