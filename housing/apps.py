from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "housing"
    verbose_name = _("Housing")

    def ready(self):
        from housing import (
            machines,  # noqa: F401  (registers the offer and allocation machines)
            panels,
            propagation,  # noqa: F401  (a household's withdrawal ends its allocation)
        )
        from sponsorship import home, navigation
        from sponsorship.models import Role

        staff = {Role.ADMINISTRATOR, Role.COORDINATOR, Role.MUNICIPAL_STAFF}
        navigation.register(_("Housing"), "housing:offer_list", staff, order=300)
        navigation.register(
            _("Housing register"),
            "housing:register",
            {Role.ADMINISTRATOR, Role.MUNICIPAL_STAFF},
            order=310,
        )
        home.register(
            Role.MUNICIPAL_STAFF, "housing/panels/register.html", panels.register_panel, order=200
        )
        home.register(
            Role.COORDINATOR, "housing/panels/available.html", panels.available_panel, order=300
        )
