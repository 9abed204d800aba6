from django.utils.translation import gettext_lazy as _

from resolute.core.apps import ResoluteAppConfig


class TasksConfig(ResoluteAppConfig):
    name = "resolute.tasks"
    verbose_name = _("Tasks")
