from django.utils.translation import gettext_lazy as _

from resolute.core.apps import ResoluteAppConfig


class OversightConfig(ResoluteAppConfig):
    name = "resolute.oversight"
    verbose_name = _("Oversight findings")
