from django.utils.translation import gettext_lazy as _

from resolute.core.apps import ResoluteAppConfig


class WebConfig(ResoluteAppConfig):
    name = "resolute.web"
    verbose_name = _("Web")
