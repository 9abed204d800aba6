from django.utils.translation import gettext_lazy as _

from resolute.core.apps import ResoluteAppConfig


class TargetsConfig(ResoluteAppConfig):
    name = "resolute.targets"
    verbose_name = _("Targets and indicators")
