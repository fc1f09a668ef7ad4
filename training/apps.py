from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self):
        from groups import extensions
        from sponsorship import home, navigation, queue
        from sponsorship.models import Role
        from training import machines  # noqa: F401  (registers the enrolment and bundle machines)
        from training import queue as waiting
        from training.panels import my_training_panel, sessions_panel
        from training.readiness import group_readiness

        # The group machine's readiness gate and the group checklist ask training.
        extensions.register_readiness(group_readiness)

        navigation.register(
            _("Training"), "training:session_list", {Role.ADMINISTRATOR, Role.COORDINATOR}, order=40
        )
        navigation.register(_("My training"), "training:mine", {Role.GROUP_MEMBER}, order=40)
        for role in (Role.ADMINISTRATOR, Role.COORDINATOR):
            home.register(role, "training/panels/sessions.html", sessions_panel, order=40)
        home.register(
            Role.GROUP_MEMBER, "training/panels/my_training.html", my_training_panel, order=40
        )
        staff = (Role.ADMINISTRATOR, Role.COORDINATOR)
        queue.register(staff, waiting.reports_to_confirm)
        queue.register(staff, waiting.trainings_expiring)
        queue.register({Role.GROUP_MEMBER}, waiting.my_training)
