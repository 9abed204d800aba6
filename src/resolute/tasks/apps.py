from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "resolute.tasks"
    verbose_name = _("Tasks")

    def ready(self):
        from resolute.core.panels import register_unit_panel

        from .panels import task_rates_panel

        register_unit_panel(task_rates_panel)
