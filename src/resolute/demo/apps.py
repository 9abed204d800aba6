from django.utils.translation import gettext_lazy as _

from resolute.core.apps import ResoluteAppConfig


class DemoConfig(ResoluteAppConfig):
    name = "resolute.demo"
    verbose_name = _("Demo")
